// Where the main area is: an account's list of Spaces, or a folder inside a Space.
// A prefix is '' for a Space's root, otherwise a key prefix ending in '/'.

export type Location =
  | { kind: 'spaces'; accountId: string }
  | { kind: 'folder'; accountId: string; bucket: string; prefix: string };

export type FolderLocation = Extract<Location, { kind: 'folder' }>;

export function spacesOf(accountId: string): Location {
  return { kind: 'spaces', accountId };
}

export function folderOf(accountId: string, bucket: string, prefix = ''): FolderLocation {
  return { kind: 'folder', accountId, bucket, prefix };
}

export function sameLocation(a: Location | null, b: Location | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind !== b.kind || a.accountId !== b.accountId) return false;
  if (a.kind === 'folder' && b.kind === 'folder') return a.bucket === b.bucket && a.prefix === b.prefix;
  return true;
}

/** One level up: the parent folder, or the account's Spaces from a Space's root. */
export function parentOf(loc: Location): Location | null {
  if (loc.kind === 'spaces') return null;
  if (loc.prefix === '') return spacesOf(loc.accountId);
  const trimmed = loc.prefix.slice(0, -1);
  const slash = trimmed.lastIndexOf('/');
  return folderOf(loc.accountId, loc.bucket, slash < 0 ? '' : trimmed.slice(0, slash + 1));
}

export interface Crumb {
  label: string;
  prefix: string;
}

/** The Space then each folder of the prefix. Empty segments ("a//b") still get a crumb. */
export function crumbsOf(bucket: string, prefix: string): Crumb[] {
  const crumbs: Crumb[] = [{ label: bucket, prefix: '' }];
  if (prefix === '') return crumbs;
  const parts = prefix.slice(0, -1).split('/');
  let acc = '';
  for (const part of parts) {
    acc += `${part}/`;
    crumbs.push({ label: part, prefix: acc });
  }
  return crumbs;
}
