// A scripted backend for tests: mockIPC records every call, and each list_folder call
// becomes a Listing the test drives by hand (pages, done, resolve, reject).
import { mockIPC } from '@tauri-apps/api/mocks';
import type { Entry } from '../lib/bindings/Entry';
import type { ErrorPayload } from '../lib/bindings/ErrorPayload';
import type { ListEvent } from '../lib/bindings/ListEvent';

export type Args = Record<string, unknown>;
export type Handler = (args: Args) => unknown;

export interface Call {
  cmd: string;
  args: Args;
}

export interface Listing {
  args: Args;
  /** Deliver one event through the Channel the way Tauri does (indexed messages). */
  send(event: ListEvent): void;
  page(entries: Entry[]): void;
  done(): void;
  resolve(): void;
  reject(err: ErrorPayload): void;
}

interface Internals {
  runCallback: (id: number, data: unknown) => void;
}

export interface Backend {
  calls: Call[];
  listings: Listing[];
  callsOf(cmd: string): Args[];
}

export function installBackend(handlers: Record<string, Handler> = {}): Backend {
  const calls: Call[] = [];
  const listings: Listing[] = [];
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Args;
    calls.push({ cmd, args });
    if (cmd === 'list_folder' && !handlers.list_folder) {
      const channel = args.onEvent as { id: number };
      let index = 0;
      let counts = { folders: 0, files: 0, bytes: 0 };
      return new Promise<void>((resolve, reject) => {
        const listing: Listing = {
          args,
          send(message) {
            const internals = (window as unknown as { __TAURI_INTERNALS__: Internals }).__TAURI_INTERNALS__;
            internals.runCallback(channel.id, { index: index++, message });
          },
          page(entries) {
            for (const e of entries) {
              if (e.kind === 'folder') counts.folders += 1;
              else counts = { ...counts, files: counts.files + 1, bytes: counts.bytes + e.size };
            }
            listing.send({ event: 'page', entries });
          },
          done() {
            listing.send({ event: 'done', ...counts });
          },
          resolve: () => resolve(),
          reject: (err) => reject(err),
        };
        listings.push(listing);
      });
    }
    const h = handlers[cmd];
    if (h) return h(args);
    if (cmd === 'cancel_listing') return null;
    throw { kind: 'Unsupported', message: `No test handler for ${cmd}.` } satisfies ErrorPayload;
  });
  return {
    calls,
    listings,
    callsOf: (cmd) => calls.filter((c) => c.cmd === cmd).map((c) => c.args),
  };
}

export function folder(prefix: string, name: string): Entry {
  return { key: `${prefix}${name}/`, name, kind: 'folder', size: 0, lastModified: null, etag: null, storageClass: null };
}

export function file(prefix: string, name: string, size = 1, lastModified = 0): Entry {
  return { key: prefix + name, name, kind: 'file', size, lastModified, etag: '"x"', storageClass: 'STANDARD' };
}

/** Let promise callbacks and queued channel deliveries run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
}
