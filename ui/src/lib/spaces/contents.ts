// How the destroy dialog states what a Space holds.
import type { SpaceContents } from '../bindings/SpaceContents';
import { formatSize, plural } from '../format';

export function isEmptySpace(c: SpaceContents): boolean {
  return c.objects + c.olderVersions + c.deleteMarkers + c.uploads === 0;
}

/** "1,204 objects (3.2 GB), 12 older versions, 2 delete markers and 1 unfinished upload". */
export function contentsPhrase(c: SpaceContents): string {
  const parts: string[] = [];
  if (c.objects > 0) parts.push(`${plural(c.objects, 'object', 'objects')} (${formatSize(c.bytes)})`);
  if (c.olderVersions > 0) parts.push(plural(c.olderVersions, 'older version', 'older versions'));
  if (c.deleteMarkers > 0) parts.push(plural(c.deleteMarkers, 'delete marker', 'delete markers'));
  if (c.uploads > 0) parts.push(plural(c.uploads, 'unfinished upload', 'unfinished uploads'));
  if (parts.length <= 1) return parts[0] ?? 'nothing';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}
