// What the user can do about work an earlier session left unfinished: transfers the journal
// says were interrupted, and multipart uploads on the server nobody will complete. Throwing
// either away deletes bytes already moved, so it is always confirmed first.
import type { InterruptedTransfer } from './bindings/InterruptedTransfer';
import { formatSize, plural, visibleName } from './format';
import { dialogs } from './stores/dialogs.svelte';
import { interrupted } from './stores/interrupted.svelte';
import { leftovers } from './stores/leftovers.svelte';
import { toasts } from './stores/toasts.svelte';

/** The last segment of a key or path, as a row shows it. */
export function shortName(keyOrPath: string): string {
  const trimmed = keyOrPath.replace(/\/$/, '');
  return visibleName(trimmed.slice(trimmed.lastIndexOf('/') + 1));
}

export function confirmDiscardInterrupted(t: InterruptedTransfer): void {
  const upload = t.direction === 'upload';
  const moved = formatSize(Math.min(t.done, t.size));
  dialogs.open({
    kind: 'confirm',
    title: upload ? 'Discard interrupted upload' : 'Discard interrupted download',
    message: upload
      ? `Discard the upload of “${shortName(t.key)}” to ${t.bucket}? The ${moved} already uploaded are removed from the server; uploading it again starts from the beginning.`
      : `Discard the download of “${shortName(t.key)}”? The partial file (${moved}) is deleted; downloading it again starts from the beginning.`,
    okLabel: 'Discard',
    danger: true,
    onConfirm: () => interrupted.discard(t.id),
  });
}

export function confirmDiscardAllInterrupted(): void {
  const { count, done } = interrupted.totals;
  if (count === 0) return;
  dialogs.open({
    kind: 'confirm',
    title: 'Discard interrupted transfers',
    message:
      count === 1
        ? `Discard the interrupted transfer? The ${formatSize(done)} already moved are thrown away: a partial upload is removed from the server, a partial download deleted.`
        : `Discard all ${plural(count, 'interrupted transfer', 'interrupted transfers')}? The ${formatSize(done)} already moved are thrown away: partial uploads are removed from the server, partial downloads deleted.`,
    okLabel: 'Discard all',
    danger: true,
    onConfirm: () => interrupted.discardAll(),
  });
}

/** The leftovers found so far (the notice's Review). */
export function reviewLeftovers(): void {
  dialogs.open({ kind: 'leftovers', scope: null });
}

/** Check one Space now and show what it holds, even when that is nothing. */
export function checkSpaceForLeftovers(accountId: string, bucket: string): void {
  dialogs.open({ kind: 'leftovers', scope: { accountId, bucket } });
  leftovers.check(accountId, bucket).catch((err: unknown) => toasts.error(err));
}
