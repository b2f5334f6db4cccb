// The rows of one folder listing: folders first, then files, each kept in sort order as
// pages stream in. A page that continues the current order (the usual case: S3 lists keys
// sorted) is appended; only a page that falls inside the rows already held is merged.
import type { Entry } from '../bindings/Entry';
import { comparator, DEFAULT_SORT, folderComparator, sameSort, type Compare, type SortSpec } from './sort';

function appendSorted(rows: Entry[], page: Entry[], cmp: Compare): Entry[] {
  if (page.length === 0) return rows;
  page.sort(cmp);
  const last = rows[rows.length - 1];
  const first = page[0];
  if (last === undefined || (first !== undefined && cmp(last, first) <= 0)) {
    for (const e of page) rows.push(e);
    return rows;
  }
  const merged: Entry[] = new Array<Entry>(rows.length + page.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < rows.length && j < page.length) {
    const a = rows[i] as Entry;
    const b = page[j] as Entry;
    if (cmp(a, b) <= 0) {
      merged[k++] = a;
      i++;
    } else {
      merged[k++] = b;
      j++;
    }
  }
  while (i < rows.length) merged[k++] = rows[i++] as Entry;
  while (j < page.length) merged[k++] = page[j++] as Entry;
  return merged;
}

export class FolderRows {
  #folders: Entry[] = [];
  #files: Entry[] = [];
  #folderKeys = new Map<string, Entry>();
  #fileKeys = new Map<string, Entry>();
  #bytes = 0;
  #sort: SortSpec;

  constructor(sort: SortSpec = DEFAULT_SORT) {
    this.#sort = sort;
  }

  get sort(): SortSpec {
    return this.#sort;
  }

  get length(): number {
    return this.#folders.length + this.#files.length;
  }

  get folderCount(): number {
    return this.#folders.length;
  }

  get fileCount(): number {
    return this.#files.length;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Row `i` of the table: folders come before files whatever the sort. */
  at(i: number): Entry | undefined {
    if (i < 0) return undefined;
    const nf = this.#folders.length;
    return i < nf ? this.#folders[i] : this.#files[i - nf];
  }

  /** The row with this key, found without a scan. */
  get(key: string): Entry | undefined {
    return key.endsWith('/') ? this.#folderKeys.get(key) : this.#fileKeys.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  indexOf(key: string): number {
    if (key.endsWith('/')) {
      if (!this.#folderKeys.has(key)) return -1;
      return this.#folders.findIndex((e) => e.key === key);
    }
    if (!this.#fileKeys.has(key)) return -1;
    const i = this.#files.findIndex((e) => e.key === key);
    return i < 0 ? -1 : this.#folders.length + i;
  }

  /** Add one streamed page. A key already present is skipped (servers may repeat prefixes). */
  append(entries: readonly Entry[]): void {
    const folders: Entry[] = [];
    const files: Entry[] = [];
    for (const e of entries) {
      if (e.kind === 'folder') {
        if (this.#folderKeys.has(e.key)) continue;
        this.#folderKeys.set(e.key, e);
        folders.push(e);
      } else {
        if (this.#fileKeys.has(e.key)) continue;
        this.#fileKeys.set(e.key, e);
        files.push(e);
        this.#bytes += e.size;
      }
    }
    this.#folders = appendSorted(this.#folders, folders, folderComparator(this.#sort));
    this.#files = appendSorted(this.#files, files, comparator(this.#sort));
  }

  setSort(sort: SortSpec): void {
    if (sameSort(sort, this.#sort)) return;
    this.#sort = sort;
    this.#folders.sort(folderComparator(sort));
    this.#files.sort(comparator(sort));
  }
}
