// A scripted backend for tests: mockIPC records every call, and each list_folder call
// becomes a Listing the test drives by hand (pages, done, resolve, reject). App-wide events
// go through Tauri's own event mock: `emit` reaches the app's `listen` handlers.
import { emit } from '@tauri-apps/api/event';
import { mockIPC } from '@tauri-apps/api/mocks';
import type { Entry } from '../lib/bindings/Entry';
import type { ErrorPayload } from '../lib/bindings/ErrorPayload';
import type { InterruptedTransfer } from '../lib/bindings/InterruptedTransfer';
import type { LeftoverUpload } from '../lib/bindings/LeftoverUpload';
import type { ListEvent } from '../lib/bindings/ListEvent';
import type { TransferInfo } from '../lib/bindings/TransferInfo';
import type { Settings } from '../lib/bindings/Settings';
import { clampedSettings } from '../lib/settingsForm';
import { defaultSettings } from '../lib/stores/prefs.svelte';

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
  /** Broadcast a `transfer` event the way the backend does on every change. */
  transfer(info: TransferInfo): Promise<void>;
}

/** Commands every app start makes; a test overrides them by passing its own handler. */
const DEFAULTS: Record<string, Handler> = {
  list_transfers: () => [],
  cancel_listing: () => null,
  interrupted_transfers: () => [],
  find_leftover_uploads: () => [],
  list_sync_pairs: () => [],
};

/**
 * The preferences commands as the backend has them: one saved value (the defaults at first),
 * and saving clamps the numbers as `TransferSettings::clamped` does and answers with what it
 * kept. The last location starts empty and keeps what is saved.
 */
function settingsHandlers(): Record<string, Handler> {
  let saved: Settings = defaultSettings();
  let last: unknown = null;
  return {
    preferences: () => structuredClone(saved),
    set_preferences: (args) => {
      saved = clampedSettings(args.settings as Settings);
      return structuredClone(saved);
    },
    last_location: () => last,
    set_last_location: (args) => {
      last = args.location ?? null;
      return null;
    },
  };
}

export function installBackend(handlers: Record<string, Handler> = {}): Backend {
  const calls: Call[] = [];
  const listings: Listing[] = [];
  const settings = settingsHandlers();
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
    const h = handlers[cmd] ?? DEFAULTS[cmd] ?? settings[cmd];
    if (h) return h(args);
    throw { kind: 'Unsupported', message: `No test handler for ${cmd}.` } satisfies ErrorPayload;
  }, { shouldMockEvents: true });
  return {
    calls,
    listings,
    callsOf: (cmd) => calls.filter((c) => c.cmd === cmd).map((c) => c.args),
    transfer: (info) => emit('transfer', info),
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

/** A transfer as the backend reports it; override what the test is about. */
export function transfer(id: number, over: Partial<TransferInfo> = {}): TransferInfo {
  return {
    id,
    direction: 'upload',
    accountId: 'a1',
    bucket: 's',
    key: `file-${id}.bin`,
    local: `/home/me/file-${id}.bin`,
    size: 1000,
    done: 0,
    state: { state: 'queued' },
    ...over,
  };
}

/** A transfer the journal says was interrupted; override what the test is about. */
export function interruptedTransfer(id: string, over: Partial<InterruptedTransfer> = {}): InterruptedTransfer {
  return {
    id,
    direction: 'upload',
    accountId: 'a1',
    bucket: 's',
    key: `big-${id}.iso`,
    local: `/home/me/big-${id}.iso`,
    size: 100 * 1024 * 1024,
    done: 40 * 1024 * 1024,
    ...over,
  };
}

/** An unfinished multipart upload on the server that no journal knows about. */
export function leftoverUpload(bucket: string, key: string, over: Partial<LeftoverUpload> = {}): LeftoverUpload {
  return {
    bucket,
    key,
    uploadId: `up-${bucket}-${key}`,
    initiated: '2026-03-01T10:20:30Z',
    size: 8 * 1024 * 1024,
    ...over,
  };
}
