import { describe, expect, it, vi } from 'vitest';
import { FolderRows } from '../browse/folderRows';
import { file } from '../../test/backend';
import { Debounced, scopePrefix, searchSummary } from './search';

describe('search', () => {
  it('looks in the whole Space or in the folder and below', () => {
    expect(scopePrefix('space', 'photos/2024/')).toBe('');
    expect(scopePrefix('folder', 'photos/2024/')).toBe('photos/2024/');
  });

  it('says where it looks and what it found', () => {
    expect(searchSummary({ text: 'beach', prefix: '' }, 3, true)).toBe('Searching the whole Space for “beach”… 3 found');
    expect(searchSummary({ text: 'beach', prefix: 'photos/' }, 1, false)).toBe('1 file in photos/ and below with “beach” in the name');
    expect(searchSummary({ text: 'x', prefix: '' }, 0, false)).toBe('Nothing in the whole Space has “x” in its name.');
  });

  it('sends a filter once typing pauses, or at once', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const d = new Debounced(fn, 300);
    d.schedule();
    vi.advanceTimersByTime(200);
    d.schedule();
    vi.advanceTimersByTime(299);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    d.schedule();
    d.now();
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(2);
    vi.useRealTimers();
  });
});

describe('natural order', () => {
  const names = (rows: FolderRows): string[] => Array.from({ length: rows.length }, (_, i) => rows.at(i)?.name ?? '');

  it('sorts numbers in names by value when asked, S3 order otherwise', () => {
    const page = () => ['IMG_10.jpg', 'IMG_2.jpg', 'img_3.jpg', 'IMG_1.jpg'].map((n) => file('', n));
    const s3 = new FolderRows({ key: 'name', dir: 'asc' });
    s3.append(page());
    expect(names(s3)).toEqual(['IMG_1.jpg', 'IMG_10.jpg', 'IMG_2.jpg', 'img_3.jpg']);
    s3.setSort({ key: 'name', dir: 'asc', natural: true });
    expect(names(s3)).toEqual(['IMG_1.jpg', 'IMG_2.jpg', 'img_3.jpg', 'IMG_10.jpg']);
    s3.setSort({ key: 'name', dir: 'desc', natural: true });
    expect(names(s3)).toEqual(['IMG_10.jpg', 'img_3.jpg', 'IMG_2.jpg', 'IMG_1.jpg']);
    // Later pages merge into the natural order.
    const nat = new FolderRows({ key: 'name', dir: 'asc', natural: true });
    nat.append([file('', 'a 9'), file('', 'a 11')]);
    nat.append([file('', 'a 10')]);
    expect(names(nat)).toEqual(['a 9', 'a 10', 'a 11']);
  });
});
