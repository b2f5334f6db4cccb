// The Info panel beside the file table: whether it is shown (kept across starts), and what
// the selection is as the object actions take it.
import type { FolderLocation } from '../browse/location';
import { browser } from '../stores/browser.svelte';
import { dialogs } from '../stores/dialogs.svelte';

const KEY = 'spaceport.infoPanel';

function saved(): boolean {
  try {
    return globalThis.localStorage?.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

class InfoPanel {
  open = $state(saved());
  /** Bumped after an edit of permissions or metadata, so the panel reads the file again. */
  changes = $state(0);

  changed(): void {
    this.changes += 1;
  }

  toggle(): void {
    this.set(!this.open);
  }

  set(open: boolean): void {
    this.open = open;
    try {
      globalThis.localStorage?.setItem(KEY, open ? '1' : '0');
    } catch {
      // Not remembering it is harmless.
    }
  }
}

export const infoPanel = new InfoPanel();

/** The folder on screen, when it is one. */
export function folderHere(): FolderLocation | null {
  const loc = browser.location;
  return loc?.kind === 'folder' ? loc : null;
}

/** The selected keys (files) and prefixes (folders ending in "/"), as bulk actions take them. */
export function selectedItems(): string[] {
  return browser.selectedItems;
}

/** The one selected file's key, or null (nothing, a folder, or several selected). */
export function selectedFile(): string | null {
  const items = selectedItems();
  const only = items.length === 1 ? items[0] : undefined;
  return only !== undefined && !only.endsWith('/') ? only : null;
}

/** Metadata… for the selection (or `items`): one file, several, or everything under folders. */
export function openMetadata(items: string[] = selectedItems()): void {
  const loc = folderHere();
  if (!loc || items.length === 0) return;
  dialogs.open({ kind: 'meta', accountId: loc.accountId, bucket: loc.bucket, items });
}
