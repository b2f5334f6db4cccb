import { describe, expect, it } from 'vitest';
import { FolderRows } from './folderRows';
import { compareCodePoints, nextSort } from './sort';
import { file, folder } from '../../test/backend';
import type { Entry } from '../bindings/Entry';

function keys(rows: FolderRows): string[] {
  const out: string[] = [];
  for (let i = 0; i < rows.length; i++) out.push(rows.at(i)?.key ?? '?');
  return out;
}

describe('FolderRows', () => {
  it('puts folders first and keeps each kind in listing order across pages', () => {
    const rows = new FolderRows();
    rows.append([file('', 'a.txt', 10), folder('', 'b'), file('', 'c.txt', 5)]);
    rows.append([folder('', 'd'), file('', 'e.txt', 1)]);
    expect(keys(rows)).toEqual(['b/', 'd/', 'a.txt', 'c.txt', 'e.txt']);
    expect([rows.folderCount, rows.fileCount, rows.bytes, rows.length]).toEqual([2, 3, 16, 5]);
  });

  it('appends a page that continues the order without touching earlier rows', () => {
    const rows = new FolderRows();
    const first = Array.from({ length: 1000 }, (_, i) => file('', `f${String(i).padStart(6, '0')}`));
    rows.append(first);
    const firstRow = rows.at(0);
    rows.append([file('', 'f999999')]);
    expect(rows.at(0)).toBe(firstRow);
    expect(rows.at(1000)?.name).toBe('f999999');
  });

  it('merges a page that falls inside the rows already held', () => {
    const rows = new FolderRows();
    rows.append([folder('', 'a'), folder('', 'c')]);
    // "a-b/" sorts before "a/" as a key, but after "a" as a name.
    rows.append([folder('', 'a-b'), folder('', 'b')]);
    expect(keys(rows)).toEqual(['a/', 'a-b/', 'b/', 'c/']);
  });

  it('skips keys it already holds (servers can repeat a common prefix)', () => {
    const rows = new FolderRows();
    rows.append([folder('', 'x'), file('', 'y', 7)]);
    rows.append([folder('', 'x'), file('', 'y', 7)]);
    expect([rows.length, rows.bytes]).toEqual([2, 7]);
  });

  it('sorts by size and date with folders kept first, and keeps that order for later pages', () => {
    const rows = new FolderRows();
    rows.append([folder('', 'z'), file('', 'big', 900, 3), file('', 'small', 10, 1), folder('', 'a'), file('', 'mid', 50, 2)]);
    rows.setSort({ key: 'size', dir: 'desc' });
    expect(keys(rows)).toEqual(['a/', 'z/', 'big', 'mid', 'small']);
    rows.setSort({ key: 'size', dir: 'asc' });
    expect(keys(rows)).toEqual(['a/', 'z/', 'small', 'mid', 'big']);
    rows.setSort({ key: 'modified', dir: 'desc' });
    expect(keys(rows)).toEqual(['a/', 'z/', 'big', 'mid', 'small']);
    rows.append([file('', 'newest', 1, 9), file('', 'oldest', 1, 0), folder('', 'm')]);
    expect(keys(rows)).toEqual(['a/', 'm/', 'z/', 'newest', 'big', 'mid', 'small', 'oldest']);
  });

  it('sorts by name descending with folders still first', () => {
    const rows = new FolderRows();
    rows.append([folder('', 'a'), folder('', 'b'), file('', 'x'), file('', 'y')]);
    rows.setSort({ key: 'name', dir: 'desc' });
    expect(keys(rows)).toEqual(['b/', 'a/', 'y', 'x']);
  });

  it('sorts by type, then name', () => {
    const rows = new FolderRows();
    rows.append([file('', 'b.txt'), file('', 'a.png'), file('', 'c.png'), file('', 'Makefile')]);
    rows.setSort({ key: 'type', dir: 'asc' });
    expect(keys(rows)).toEqual(['Makefile', 'a.png', 'c.png', 'b.txt']);
  });

  it('finds a row by key', () => {
    const rows = new FolderRows();
    rows.append([folder('p/', 'sub'), file('p/', 'f')]);
    expect(rows.indexOf('p/sub/')).toBe(0);
    expect(rows.indexOf('p/f')).toBe(1);
    expect(rows.indexOf('p/none')).toBe(-1);
    expect(rows.at(5)).toBeUndefined();
    expect(rows.at(-1)).toBeUndefined();
  });

  it('takes 100,000 entries in pages of 1,000 quickly', () => {
    const rows = new FolderRows();
    const t0 = performance.now();
    for (let p = 0; p < 100; p++) {
      const page: Entry[] = [];
      for (let i = 0; i < 1000; i++) page.push(file('big/', `k${String(p * 1000 + i).padStart(6, '0')}`, 1));
      rows.append(page);
    }
    const elapsed = performance.now() - t0;
    expect(rows.length).toBe(100_000);
    expect(rows.at(99_999)?.name).toBe('k099999');
    expect(elapsed).toBeLessThan(2000);
  });
});

describe('sort helpers', () => {
  it('compares by code point like S3 does (UTF-8 byte order)', () => {
    expect(compareCodePoints('B', 'a')).toBeLessThan(0);
    expect(compareCodePoints('a', 'ab')).toBeLessThan(0);
    // U+1F600 (a surrogate pair in UTF-16) sorts after U+FF5E.
    expect(compareCodePoints('\u{1F600}', '\uFF5E')).toBeGreaterThan(0);
    expect(compareCodePoints('x', 'x')).toBe(0);
  });

  it('toggles direction on the same column and picks a natural first direction', () => {
    expect(nextSort({ key: 'name', dir: 'asc' }, 'name')).toEqual({ key: 'name', dir: 'desc' });
    expect(nextSort({ key: 'name', dir: 'asc' }, 'size')).toEqual({ key: 'size', dir: 'desc' });
    expect(nextSort({ key: 'size', dir: 'desc' }, 'type')).toEqual({ key: 'type', dir: 'asc' });
  });
});
