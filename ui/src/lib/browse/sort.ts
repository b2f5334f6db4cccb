// Row order. The default (name, ascending) is the order S3 lists keys in — by code point —
// so streamed pages can be appended without sorting the rows already shown.
import type { Entry } from '../bindings/Entry';
import { typeLabel } from '../format';

export type SortKey = 'name' | 'size' | 'modified' | 'type';
export type SortDir = 'asc' | 'desc';

export interface SortSpec {
  key: SortKey;
  dir: SortDir;
  /** Names in natural order ("IMG_2" before "IMG_10", case ignored) instead of S3's code point order. */
  natural?: boolean;
}

export const DEFAULT_SORT: SortSpec = { key: 'name', dir: 'asc' };

export type Compare = (a: Entry, b: Entry) => number;

/** Code point order (UTF-16 comparison differs for astral vs. U+E000–U+FFFF characters). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

const byName: Compare = (a, b) => compareCodePoints(a.name, b.name);

const naturalCollator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Natural order: digits as numbers, case and accents ignored; ties by code point. */
export const byNaturalName: Compare = (a, b) => naturalCollator.compare(a.name, b.name) || byName(a, b);

function nameOrder(spec: SortSpec): Compare {
  return spec.natural ? byNaturalName : byName;
}

/** The first-click direction for a column: newest and largest first, names A to Z. */
export function defaultDir(key: SortKey): SortDir {
  return key === 'size' || key === 'modified' ? 'desc' : 'asc';
}

export function nextSort(current: SortSpec, key: SortKey): SortSpec {
  const keep = current.natural === true ? { natural: true } : {};
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc', ...keep };
  return { key, dir: defaultDir(key), ...keep };
}

export function sameSort(a: SortSpec, b: SortSpec): boolean {
  return a.key === b.key && a.dir === b.dir && (a.natural === true) === (b.natural === true);
}

function primary(key: SortKey, names: Compare): Compare {
  switch (key) {
    case 'name':
      return names;
    case 'size':
      return (a, b) => a.size - b.size;
    case 'modified':
      return (a, b) => (a.lastModified ?? 0) - (b.lastModified ?? 0);
    case 'type':
      return (a, b) => compareCodePoints(typeLabel(a.name, a.kind), typeLabel(b.name, b.kind));
  }
}

/** Compares rows of one kind (folders with folders, files with files); ties go by name. */
export function comparator(spec: SortSpec): Compare {
  const names = nameOrder(spec);
  const first = primary(spec.key, names);
  const sign = spec.dir === 'asc' ? 1 : -1;
  if (spec.key === 'name') return (a, b) => sign * names(a, b);
  return (a, b) => sign * first(a, b) || names(a, b);
}

/** Folders have no size or date, so they keep name order unless sorted by name. */
export function folderComparator(spec: SortSpec): Compare {
  return spec.key === 'name' ? comparator(spec) : nameOrder(spec);
}
