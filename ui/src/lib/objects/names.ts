// Names as the user types them for a new folder or a rename, checked as the core checks them
// (objects/keys.rs validate_name), so a bad name is refused in the field before any request.

import { plural } from '../format';

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Why `name` cannot be a file or folder name, or null when it can. */
export function nameProblem(name: string, what: 'file' | 'folder'): string | null {
  let problem: string | null = null;
  if (name.trim() === '') problem = 'cannot be empty';
  else if (name.includes('/')) problem = 'cannot contain "/" (it separates folders)';
  else if (name === '.' || name === '..') problem = 'cannot be "." or ".."';
  else if (CONTROL.test(name)) problem = 'cannot contain control characters';
  else if (name !== name.trim()) problem = 'cannot start or end with a space';
  return problem === null ? null : `A ${what} name ${problem}.`;
}

/** The last segment of a key or prefix, without a folder's trailing "/". */
export function baseName(item: string): string {
  const trimmed = item.endsWith('/') ? item.slice(0, -1) : item;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** The folder that holds a key or prefix ("" at the top of the Space). */
export function parentPrefix(item: string): string {
  const trimmed = item.endsWith('/') ? item.slice(0, -1) : item;
  return trimmed.slice(0, trimmed.lastIndexOf('/') + 1);
}

export const isFolderKey = (item: string): boolean => item.endsWith('/');

/** "3 files and 2 folders", "1 file", "2 folders". */
export function describeItems(files: number, folders: number): string {
  const parts: string[] = [];
  if (files > 0) parts.push(plural(files, 'file', 'files'));
  if (folders > 0) parts.push(plural(folders, 'folder', 'folders'));
  return parts.length === 0 ? 'nothing' : parts.join(' and ');
}

/** How the items read in a sentence: “photos” for one, "3 files and 2 folders" for more. */
export function itemsPhrase(items: readonly string[]): string {
  if (items.length === 1) return `“${baseName(items[0] ?? '')}”`;
  const folders = items.filter(isFolderKey).length;
  return describeItems(items.length - folders, folders);
}
