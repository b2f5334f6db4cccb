// Folder sync and the cleanup rule as the user starts them: the Sync view, the Set up sync
// form, a pair's plan, Remove (confirmed), and "Clean up old files…" in the folder's menu.
// The App imports this module once, which registers that menu entry.
import type { SyncPairState } from '../bindings/SyncPairState';
import { registerAction } from '../objects/actions';
import { browser } from '../stores/browser.svelte';
import { dialogs } from '../stores/dialogs.svelte';
import { session } from '../stores/session.svelte';
import { sync } from '../stores/sync.svelte';
import { toasts } from '../stores/toasts.svelte';
import { pairTarget } from './describe';

export function showSync(): void {
  sync.show();
}

export function openSyncSetup(): void {
  dialogs.open({ kind: 'syncSetup' });
}

/** Preview the pair's plan again and offer to start it. */
export function openSyncPlan(pairId: string): void {
  dialogs.open({ kind: 'syncPlan', pairId });
}

/** The cleanup dialog for a folder; without one, where the browser is (or the first Space). */
export function openCleanup(at?: { accountId: string; bucket: string; prefix: string }): void {
  const here = at ?? whereNow();
  dialogs.open({ kind: 'cleanup', accountId: here.accountId, bucket: here.bucket, prefix: here.prefix });
}

/** The account, Space and folder on screen, or the first account's first Space. */
export function whereNow(): { accountId: string; bucket: string; prefix: string } {
  const loc = browser.location;
  if (loc?.kind === 'folder') return { accountId: loc.accountId, bucket: loc.bucket, prefix: loc.prefix };
  const accountId = loc?.accountId ?? session.accounts[0]?.id ?? '';
  const bucket = session.spaces[accountId]?.list?.spaces[0]?.name ?? '';
  return { accountId, bucket, prefix: '' };
}

export function confirmRemovePair(state: SyncPairState): void {
  const { pair } = state;
  dialogs.open({
    kind: 'confirm',
    title: 'Remove sync',
    message: `Stop syncing ${pair.local} to ${pairTarget(pair)}? Nothing in the Space or in the folder is deleted; the folder is only no longer watched.`,
    okLabel: 'Remove',
    danger: true,
    onConfirm: async () => {
      await sync.remove(pair.id);
      toasts.info(`Stopped syncing ${pair.local}.`);
    },
  });
}

registerAction({
  id: 'cleanup',
  label: 'Clean up old files…',
  section: 'folder',
  order: 8,
  enabled: () => true,
  run: (t) => openCleanup({ accountId: t.loc.accountId, bucket: t.loc.bucket, prefix: t.loc.prefix }),
});
