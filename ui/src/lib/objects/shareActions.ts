// Share links as the user starts them: the toolbar, the row menu, Ctrl+C and the Info panel
// all come through here.
import type { ShareLink } from '../bindings/ShareLink';
import * as ipc from '../ipc';
import { dialogs } from '../stores/dialogs.svelte';
import { toasts } from '../stores/toasts.svelte';
import { folderHere, selectedFile } from './info.svelte';
import { copyText, HOUR, validUntil } from './share';

function nameOf(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1) || key;
}

/** Quick Share… for the selected file. */
export function openQuickShare(): void {
  const loc = folderHere();
  const key = selectedFile();
  if (!loc || key === null) return;
  dialogs.open({ kind: 'share', accountId: loc.accountId, bucket: loc.bucket, key });
}

/** Ctrl+C on a file: a 1-hour link (or its public URL) on the clipboard at once. */
export async function copyQuickLink(): Promise<void> {
  const loc = folderHere();
  const key = selectedFile();
  if (!loc || key === null) return;
  const pending = ipc.quickShare(loc.accountId, loc.bucket, key, HOUR);
  try {
    // Started with the key press, while the link is still being made (see copyText).
    await copyText(pending.then((l) => l.url));
    toasts.info(copiedMessage(await pending));
  } catch (err) {
    toasts.error(err);
  }
}

export function copiedMessage(link: ShareLink): string {
  const name = nameOf(link.key);
  if (link.expiresAt === null) return `Copied the ${link.kind === 'cdn' ? 'CDN' : 'public'} URL of "${name}".`;
  return `Copied a link to "${name}". ${validUntil(link)}`;
}

export function openShareHistory(accountId: string): void {
  dialogs.open({ kind: 'shareHistory', accountId });
}

export function openCdnSettings(accountId: string, bucket: string): void {
  dialogs.open({ kind: 'cdn', accountId, bucket });
}

/**
 * Open a file in the system's browser: its public URL when public, else a 1-hour link.
 * Where no browser can be opened the link is copied instead.
 */
export async function openInBrowser(accountId: string, bucket: string, key: string, publicUrl: string | null): Promise<void> {
  try {
    const url = publicUrl ?? (await ipc.quickShare(accountId, bucket, key, HOUR)).url;
    if (await ipc.openUrl(url)) return;
    await copyText(url);
    toasts.info(`No browser could be opened from here: the link to "${nameOf(key)}" was copied instead.`);
  } catch (err) {
    toasts.error(err);
  }
}

/** Copy a text and say so; a refused clipboard says what to do instead. */
export async function copyWithNote(text: string, what: string): Promise<void> {
  try {
    await copyText(text);
    toasts.info(`Copied the ${what}.`);
  } catch (err) {
    toasts.error(err);
  }
}
