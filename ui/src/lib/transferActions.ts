// Uploads and downloads as the user starts them: toolbar buttons, Ctrl+U, files dropped from
// the OS, the panel's links. Each entry point ends in the same few functions, so a test that
// calls `handleDroppedPaths` exercises exactly what a real drop does.
import type { DownloadSelection } from './bindings/DownloadSelection';
import type { TransferInfo } from './bindings/TransferInfo';
import { folderOf, sameLocation, type FolderLocation } from './browse/location';
import * as ipc from './ipc';
import { browser } from './stores/browser.svelte';
import { dialogs } from './stores/dialogs.svelte';
import { fileDrag } from './stores/fileDrag.svelte';
import { prefs } from './stores/prefs.svelte';
import { StagedBatch } from './stores/staged.svelte';
import { toasts } from './stores/toasts.svelte';
import { transfers } from './stores/transfers.svelte';
import { folderRowAt } from './transfers/dropTarget';

/** The folder on screen, when it is one (uploads need a Space and a prefix). */
export function currentFolder(): FolderLocation | null {
  const loc = browser.location;
  return loc?.kind === 'folder' ? loc : null;
}

function asPrefix(p: string): string {
  return p === '' || p.endsWith('/') ? p : `${p}/`;
}

/**
 * Stage paths for upload: into the open staged dialog when there is one, else into
 * `targetPrefix` (a folder row's key) or, when null, the folder on screen. The OS drop event,
 * the Upload buttons and the end-to-end tests all come through here.
 */
export async function handleDroppedPaths(paths: readonly string[], targetPrefix: string | null): Promise<void> {
  if (paths.length === 0) return;
  const open = dialogs.current;
  if (open?.kind === 'upload') {
    await open.batch.add(paths);
    return;
  }
  // Another dialog is in the way (an account form, a confirmation): a drop there means nothing.
  if (open !== null) return;
  const loc = currentFolder();
  if (!loc) {
    toasts.info('Open a Space first, then drop files onto it to upload them.');
    return;
  }
  const batch = new StagedBatch({
    accountId: loc.accountId,
    bucket: loc.bucket,
    prefix: targetPrefix === null ? loc.prefix : asPrefix(targetPrefix),
  });
  dialogs.open({ kind: 'upload', batch });
  await batch.add(paths);
}

/** The real OS drag: light up the target while hovering, stage on drop. */
export function handleFileDrag(e: ipc.FileDragEvent): void {
  if (e.type === 'leave') {
    fileDrag.end();
    return;
  }
  const intoDialog = dialogs.current?.kind === 'upload';
  const overTable = currentFolder() !== null && dialogs.current === null;
  const folderKey = overTable ? folderRowAt(e.x, e.y) : null;
  if (e.type === 'drop') {
    fileDrag.end();
    void handleDroppedPaths(e.paths, folderKey);
  } else if (overTable || intoDialog) {
    fileDrag.hover(folderKey);
  }
}

/** Upload (files) and Upload Folder: the system's Open dialog, then the staged dialog. */
export async function uploadFiles(): Promise<void> {
  await pickThenStage(ipc.pickFiles);
}

export async function uploadFolder(): Promise<void> {
  await pickThenStage(ipc.pickFolders);
}

async function pickThenStage(pick: () => Promise<string[]>): Promise<void> {
  if (!currentFolder()) return;
  try {
    const paths = await pick();
    await handleDroppedPaths(paths, null);
  } catch (err) {
    toasts.error(err);
  }
}

/** "Add files…" and "Add folder…" inside the staged dialog. */
export async function addToBatch(batch: StagedBatch, what: 'files' | 'folders'): Promise<void> {
  try {
    await batch.add(what === 'files' ? await ipc.pickFiles() : await ipc.pickFolders());
  } catch (err) {
    toasts.error(err);
  }
}

/** The selected rows as start_downloads takes them. */
export function downloadSelection(): DownloadSelection[] {
  // Each key is looked up in the rows' index: no scan, even in a folder of 100,000 rows.
  const out: DownloadSelection[] = [];
  for (const key of browser.selectedItems) {
    const row = browser.rows.get(key);
    if (row) out.push({ key: row.key, kind: row.kind, size: row.size });
  }
  return out;
}

/**
 * Download: to the folder Preferences name, or ask where to; then confirm (and choose the
 * conflict policy, or another folder) in a dialog.
 */
export async function downloadSelected(): Promise<void> {
  if (downloadSelection().length === 0) return;
  const preferred = prefs.current.downloadFolder;
  if (preferred) {
    downloadTo(preferred);
    return;
  }
  try {
    const dest = await ipc.pickFolder('Download to');
    if (dest !== null) downloadTo(dest);
  } catch (err) {
    toasts.error(err);
  }
}

/** Everything after the native folder dialog: the end-to-end tests start here. */
export function downloadTo(dest: string): void {
  const loc = currentFolder();
  const selection = downloadSelection();
  if (!loc || selection.length === 0 || dest === '') return;
  dialogs.open({ kind: 'download', accountId: loc.accountId, bucket: loc.bucket, selection, dest });
}

export function confirmCancelAll(): void {
  const n = transfers.totals.states;
  const count = n.queued + n.running + n.paused;
  dialogs.open({
    kind: 'confirm',
    title: 'Cancel all transfers',
    message:
      count === 1
        ? 'Cancel the unfinished transfer? A partial upload is removed from the server and a partial download deleted.'
        : `Cancel all ${count.toLocaleString('en-US')} unfinished transfers? Partial uploads are removed from the server and partial downloads deleted.`,
    okLabel: 'Cancel transfers',
    danger: true,
    onConfirm: () => transfers.cancelAll(),
  });
}

/** Show a transferred object in the browser: its folder, with its row selected. */
export function revealTransfer(info: TransferInfo): void {
  const slash = info.key.lastIndexOf('/');
  const loc = folderOf(info.accountId, info.bucket, slash < 0 ? '' : info.key.slice(0, slash + 1));
  if (sameLocation(browser.location, loc)) {
    // Already here: list again (the new file may not be shown yet) and keep it selected.
    browser.core.select(info.key);
    void browser.core.refresh();
  } else {
    void browser.core.open(loc, { select: info.key });
  }
}
