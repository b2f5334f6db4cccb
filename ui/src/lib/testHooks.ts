// What the end-to-end tests reach through `window.__spaceport_test`: facts they cannot read
// from the DOM, and the entry points behind native UI that WebDriver cannot drive (an OS
// drag-and-drop, the system's folder picker). Each is the very function the real UI calls.
import { ROW_HEIGHT } from '../components/FileTable.svelte';
import { downloadTo, handleDroppedPaths } from './transferActions';
import { lastCopiedText } from './objects/share';

export interface TestHooks {
  /** Height of a file-table row, for scrolling the virtual table. */
  readonly rowHeight: number;
  /** Drop OS paths as the drag-and-drop event does: onto a folder row's prefix, or the folder on screen. */
  drop(paths: string[], targetPrefix?: string): Promise<void>;
  /** Download the selection to `dest`, as after choosing it in the native folder dialog. */
  downloadTo(dest: string): void;
  /** The last text Spaceport put on the clipboard (the X clipboard cannot be read back here). */
  copiedText(): string | null;
}

export const testHooks: TestHooks = Object.freeze({
  rowHeight: ROW_HEIGHT,
  drop: (paths: string[], targetPrefix?: string) => handleDroppedPaths(paths, targetPrefix ?? null),
  downloadTo,
  copiedText: lastCopiedText,
});
