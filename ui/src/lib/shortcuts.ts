// The window-wide keys, named so the App only decides what each one does.
export type Shortcut = 'back' | 'forward' | 'up' | 'refresh' | 'upload' | 'settings' | 'info' | 'copyLink' | 'newFolder';

export interface KeyLike {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}

export function shortcutFor(e: KeyLike): Shortcut | null {
  const plain = !e.altKey && !e.ctrlKey && !e.metaKey;
  if (e.key === 'F5' && !e.altKey) return 'refresh';
  if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'r' || e.key === 'R')) return 'refresh';
  if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && (e.key === 'u' || e.key === 'U')) return 'upload';
  // Ctrl+, (⌘, on macOS): the settings, as in most desktop apps.
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key === ',') return 'settings';
  // Ctrl+Shift+N (⌘⇧N): a new folder, as in Finder and Explorer.
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.shiftKey && (e.key === 'n' || e.key === 'N')) return 'newFolder';
  // Ctrl+I (⌘I): the Info panel; Ctrl+C (⌘C) on a file: a link to it on the clipboard.
  if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && (e.key === 'i' || e.key === 'I')) return 'info';
  if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && (e.key === 'c' || e.key === 'C')) return 'copyLink';
  if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
    if (e.key === 'ArrowLeft') return 'back';
    if (e.key === 'ArrowRight') return 'forward';
    if (e.key === 'ArrowUp') return 'up';
  }
  // Finder's ⌘[ ⌘] ⌘↑ on macOS.
  if (e.metaKey && !e.altKey && !e.ctrlKey) {
    if (e.key === '[') return 'back';
    if (e.key === ']') return 'forward';
    if (e.key === 'ArrowUp') return 'up';
  }
  if (plain && !e.shiftKey && e.key === 'Backspace') return 'up';
  return null;
}
