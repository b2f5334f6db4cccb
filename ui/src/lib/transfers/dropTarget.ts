// Which folder row, if any, is under the pointer while files are dragged in from the OS.
// Tauri tells only a position (no DOM events fire for an OS drag), so this asks the layout.

/** The key of the folder row at (x, y) in CSS pixels, or null for "the folder on screen". */
export function folderRowAt(x: number, y: number, doc: Document = document): string | null {
  const el = doc.elementFromPoint(x, y);
  const row = el?.closest<HTMLElement>('[data-testid="file-row"][data-kind="folder"]');
  return row?.dataset.key ?? null;
}
