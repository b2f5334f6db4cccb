// Shared by the sync and cleanup tests: pairs and plans as the backend sends them, the Sync
// view opened from the sidebar, and `sync` broadcasts.
import { emit } from '@tauri-apps/api/event';
import type { SyncPair } from '../lib/bindings/SyncPair';
import type { SyncPairState } from '../lib/bindings/SyncPairState';
import type { SyncPlan } from '../lib/bindings/SyncPlan';
import type { Backend } from './backend';
import { $, $$, byTestId } from './app';
import { settle } from './objects';

export const DEFAULT_OPTIONS: SyncPair['options'] = {
  deleteRemote: false,
  acl: 'private',
  cacheControl: null,
  ignore: ['.git', 'node_modules', '*.tmp', '.DS_Store', '*.swp', '*~', '~$*', '.~lock.*#', '*.part', '*.crdownload'],
  compareChecksums: false,
};

/** A pair's state; override what the test is about. */
export function pairState(id: string, over: Partial<SyncPairState> = {}, pair: Partial<SyncPair> = {}): SyncPairState {
  return {
    pair: {
      id,
      local: `/home/me/${id}`,
      accountId: 'a1',
      bucket: 's',
      prefix: 'backup/',
      options: DEFAULT_OPTIONS,
      paused: false,
      agreed: true,
      ...pair,
    },
    status: { state: 'watching', failed: 0 },
    lastSyncMs: null,
    activity: [],
    lastOutcome: null,
    ...over,
  };
}

export function plan(over: Partial<SyncPlan> = {}): SyncPlan {
  return {
    uploads: [
      { path: 'a.txt', size: 1024, reason: 'new' },
      { path: 'notes/b.md', size: 2048, reason: 'changed' },
      { path: 'c.jpg', size: 1024 * 1024, reason: 'new' },
    ],
    deletes: [],
    unchanged: 9001,
    keptRemote: 12,
    uploadBytes: 1024 + 2048 + 1024 * 1024,
    ...over,
  };
}

export async function openSyncView(): Promise<void> {
  byTestId('sidebar-sync')?.click();
  await settle();
}

/** The row of a pair in the Sync view. */
export const pairRow = (id: string): HTMLElement | null => $(`[data-testid="sync-pair"][data-pair-id="${id}"]`);

/** Within a pair's row, the element with this test id. */
export const inPair = (id: string, testid: string): HTMLElement | null =>
  pairRow(id)?.querySelector<HTMLElement>(`[data-testid="${testid}"]`) ?? null;

/** Broadcast a pair's new state as the backend does on every change. */
export async function broadcast(state: SyncPairState): Promise<void> {
  await emit('sync', state);
  await settle();
}

/** In the open Space, go into the folder `key` (select its row, Enter) and finish its listing. */
export async function enterFolder(be: Backend, key: string): Promise<void> {
  $$('[data-testid="file-row"]')
    .find((r) => r.dataset.key === key)
    ?.click();
  await settle();
  byTestId('file-table')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
  await settle();
  const inside = be.listings.at(-1);
  if (inside?.args.prefix !== key) throw new Error(`${key} was not opened`);
  inside.done();
  inside.resolve();
  await settle();
}
