// Shared by the object-details tests: an account with one Space open, a file selected.
import type { Account } from '../lib/bindings/Account';
import type { Entry } from '../lib/bindings/Entry';
import type { ObjectInfo } from '../lib/bindings/ObjectInfo';
import { flush, type Backend } from './backend';
import { $ } from './app';

export const WORK: Account = { id: 'a1', name: 'Work', provider: { type: 'digitalocean', region: 'ams3' }, accessKeyId: 'AK', addedSpaces: [] };

export const ONE_SPACE = {
  list_accounts: () => [WORK],
  list_spaces: () => ({ spaces: [{ name: 's', created: 0, region: 'ams3', addedByName: false }], listDenied: false }),
};

/** A clipboard that keeps what was written (jsdom has none). */
export function fakeClipboard(): string[] {
  const written: string[] = [];
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: { writeText: (t: string) => Promise.resolve(void written.push(t)) },
  });
  return written;
}

/** Open Space "s" and list these rows. */
export async function openSpace(be: Backend, rows: Entry[]): Promise<void> {
  $('[data-testid="sidebar-space"][data-space="s"]')?.click();
  await flush();
  const listing = be.listings[be.listings.length - 1]!;
  listing.page(rows);
  listing.done();
  listing.resolve();
  await flush();
}

export async function selectRow(key: string): Promise<void> {
  Array.from(document.querySelectorAll<HTMLElement>('[data-testid="file-row"]'))
    .find((r) => r.dataset.key === key)
    ?.click();
  await flush();
}

export async function settle(ms = 0): Promise<void> {
  if (ms > 0) await new Promise((r) => setTimeout(r, ms));
  for (let i = 0; i < 4; i++) await flush();
}

export const text = (el: Element | null | undefined): string => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

export function objectInfoOf(key: string, over: Partial<ObjectInfo> = {}): ObjectInfo {
  return {
    key,
    size: 2048,
    lastModified: Date.UTC(2026, 10, 22, 14, 3),
    etag: '"abc123"',
    storageClass: 'STANDARD',
    contentType: 'text/plain',
    acl: 'private',
    headers: { 'content-type': 'text/plain', 'cache-control': 'max-age=60', 'x-amz-meta-owner': 'jo' },
    originUrl: `https://s.ams3.digitaloceanspaces.com/${encodeURIComponent(key)}`,
    cdnUrl: null,
    ...over,
  };
}
