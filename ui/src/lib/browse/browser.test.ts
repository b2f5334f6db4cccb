import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks } from '@tauri-apps/api/mocks';
import { Browser } from './browser';
import { folderOf, spacesOf } from './location';
import { file, flush, folder, installBackend } from '../../test/backend';

afterEach(() => clearMocks());

function keys(b: Browser): string[] {
  const out: string[] = [];
  for (let i = 0; i < b.rows.length; i++) out.push(b.rows.at(i)?.key ?? '?');
  return out;
}

describe('Browser', () => {
  it('opens a Space at its root and streams pages in folders-first order', async () => {
    const be = installBackend();
    let changes = 0;
    const b = new Browser(() => changes++);
    const opened = b.open(folderOf('a1', 'photos', ''));
    expect(b.status).toBe('loading');
    await flush();
    expect(be.listings).toHaveLength(1);
    const l = be.listings[0]!;
    expect(l.args).toMatchObject({ accountId: 'a1', bucket: 'photos', prefix: '' });
    expect(typeof l.args.listingId).toBe('string');

    l.page([file('', 'a.jpg', 100), folder('', 'b'), file('', 'c.jpg', 50)]);
    expect(keys(b)).toEqual(['b/', 'a.jpg', 'c.jpg']);
    expect(b.status).toBe('loading');
    l.page([folder('', 'd'), file('', 'e.jpg', 1)]);
    expect(keys(b)).toEqual(['b/', 'd/', 'a.jpg', 'c.jpg', 'e.jpg']);

    l.done();
    expect(b.status).toBe('done');
    expect([b.rows.folderCount, b.rows.fileCount, b.rows.bytes]).toEqual([2, 3, 151]);
    l.resolve();
    await opened;
    expect(b.status).toBe('done');
    expect(changes).toBeGreaterThanOrEqual(4);
  });

  it('ends the listing when the reply overtakes the done event', async () => {
    const be = installBackend();
    const b = new Browser();
    const opened = b.open(folderOf('a1', 's', ''));
    await flush();
    be.listings[0]!.page([file('', 'x')]);
    be.listings[0]!.resolve();
    await opened;
    expect(b.status).toBe('done');
    be.listings[0]!.page([file('', 'y')]);
    expect(b.rows.length).toBe(2);
  });

  it('cancels the listing when leaving the folder and ignores its late pages', async () => {
    const be = installBackend();
    const b = new Browser();
    void b.open(folderOf('a1', 's', ''));
    await flush();
    const first = be.listings[0]!;
    first.page([folder('', 'big')]);
    void b.open(folderOf('a1', 's', 'big/'));
    await flush();

    expect(be.callsOf('cancel_listing')).toEqual([{ listingId: first.args.listingId }]);
    const second = be.listings[1]!;
    expect(second.args.prefix).toBe('big/');
    expect(second.args.listingId).not.toBe(first.args.listingId);

    // The old listing keeps talking and then fails as cancelled: nothing of it shows.
    first.page([file('', 'late.txt')]);
    first.done();
    first.reject({ kind: 'Cancelled', message: 'Cancelled.' });
    await flush();
    expect(b.rows.length).toBe(0);
    expect(b.status).toBe('loading');
    expect(b.error).toBeNull();

    second.page([file('big/', 'inside.txt')]);
    second.done();
    expect(keys(b)).toEqual(['big/inside.txt']);
  });

  it('does not cancel a listing that already finished', async () => {
    const be = installBackend();
    const b = new Browser();
    const opened = b.open(folderOf('a1', 's', ''));
    await flush();
    be.listings[0]!.done();
    be.listings[0]!.resolve();
    await opened;
    void b.open(spacesOf('a1'));
    await flush();
    expect(be.callsOf('cancel_listing')).toEqual([]);
  });

  it('goes back, forward and up through the history', async () => {
    const be = installBackend();
    const b = new Browser();
    const finish = async (): Promise<void> => {
      await flush();
      const l = be.listings[be.listings.length - 1]!;
      l.done();
      l.resolve();
      await flush();
    };
    void b.open(spacesOf('a1'));
    void b.open(folderOf('a1', 's', ''));
    await finish();
    void b.open(folderOf('a1', 's', 'x/'));
    await finish();
    void b.open(folderOf('a1', 's', 'x/y/'));
    await finish();
    expect(b.canBack).toBe(true);
    expect(b.canForward).toBe(false);

    void b.back();
    await finish();
    expect(b.location).toEqual(folderOf('a1', 's', 'x/'));
    expect(be.listings[be.listings.length - 1]!.args.prefix).toBe('x/');
    void b.forward();
    await finish();
    expect(b.location).toEqual(folderOf('a1', 's', 'x/y/'));

    void b.up();
    await finish();
    expect(b.location).toEqual(folderOf('a1', 's', 'x/'));
    // Up selects the folder we came out of once it is listed.
    expect(b.selectedKey).toBe('x/y/');
    void b.up();
    await finish();
    expect(b.location).toEqual(folderOf('a1', 's', ''));
    void b.up();
    await flush();
    expect(b.location).toEqual(spacesOf('a1'));
    expect(b.canUp).toBe(false);
    // Up is a visit: Back returns to the Space root.
    void b.back();
    await finish();
    expect(b.location).toEqual(folderOf('a1', 's', ''));
  });

  it('keeps folders first when sorting by size or date, including pages that arrive later', async () => {
    const be = installBackend();
    const b = new Browser();
    void b.open(folderOf('a1', 's', ''));
    await flush();
    const l = be.listings[0]!;
    l.page([folder('', 'f1'), file('', 'a', 5, 30), file('', 'b', 500, 10)]);
    b.setSort('size');
    expect(b.sort).toEqual({ key: 'size', dir: 'desc' });
    expect(keys(b)).toEqual(['f1/', 'b', 'a']);
    l.page([file('', 'c', 50, 20), folder('', 'f2')]);
    expect(keys(b)).toEqual(['f1/', 'f2/', 'b', 'c', 'a']);
    b.setSort('modified');
    expect(keys(b)).toEqual(['f1/', 'f2/', 'a', 'c', 'b']);
    b.setSort('modified');
    expect(b.sort.dir).toBe('asc');
    expect(keys(b)).toEqual(['f1/', 'f2/', 'b', 'c', 'a']);
  });

  it('shows a listing error and lists again on retry', async () => {
    const be = installBackend();
    const b = new Browser();
    const opened = b.open(folderOf('a1', 's', 'p/'));
    await flush();
    be.listings[0]!.reject({ kind: 'AccessDenied', message: 'This key may not list "s".' });
    await opened;
    expect(b.status).toBe('error');
    expect(b.error).toMatchObject({ kind: 'AccessDenied', message: 'This key may not list "s".' });

    void b.refresh();
    await flush();
    expect(b.status).toBe('loading');
    expect(b.error).toBeNull();
    expect(be.listings[1]!.args.prefix).toBe('p/');
  });

  it('moves the selection with the keyboard and opens the selected folder', async () => {
    const be = installBackend();
    const b = new Browser();
    void b.open(folderOf('a1', 's', ''));
    await flush();
    be.listings[0]!.page([folder('', 'd1'), folder('', 'd2'), file('', 'f1'), file('', 'f2'), file('', 'f3')]);
    expect(b.selectedIndex).toBe(-1);
    expect(b.move('down', 10)).toBe(0);
    b.move('down', 10);
    expect(b.selectedKey).toBe('d2/');
    b.move('end', 10);
    expect(b.selectedKey).toBe('f3');
    b.move('pageUp', 3);
    expect(b.selectedKey).toBe('f1');
    b.move('home', 10);
    b.move('up', 10);
    expect(b.selectedKey).toBe('d1/');

    void b.openSelected();
    await flush();
    expect(be.callsOf('cancel_listing')).toHaveLength(1);
    expect(b.location).toEqual(folderOf('a1', 's', 'd1/'));
    expect(be.listings[1]!.args.prefix).toBe('d1/');
  });

  it('lists a marker-only folder as empty', async () => {
    const be = installBackend();
    const b = new Browser();
    const opened = b.open(folderOf('a1', 's', 'only-marker/'));
    await flush();
    be.listings[0]!.done();
    be.listings[0]!.resolve();
    await opened;
    expect([b.status, b.rows.length]).toEqual(['done', 0]);
  });

  it('leaves the places of a removed account', async () => {
    const be = installBackend();
    const b = new Browser();
    void b.open(spacesOf('a2'));
    void b.open(folderOf('a1', 's', ''));
    await flush();
    b.forgetAccount('a1');
    await flush();
    expect(be.callsOf('cancel_listing')).toHaveLength(1);
    expect(b.location).toEqual(spacesOf('a2'));
    b.forgetAccount('a2');
    expect(b.location).toBeNull();
  });

  it('keeps a multi-selection by key across a new sort and a refresh, dropping rows that went', async () => {
    const be = installBackend();
    const b = new Browser();
    void b.open(folderOf('a1', 's', ''));
    await flush();
    be.listings[0]!.page([folder('', 'd'), file('', 'a', 30), file('', 'b', 10), file('', 'c', 20)]);
    be.listings[0]!.done();
    b.select('a');
    b.extendTo(3); // a, b, c
    b.toggleSelected('b');
    expect(b.selectedItems).toEqual(['a', 'c']);
    expect(b.selectedKey).toBe('b');

    b.setSort('size');
    expect(keys(b)).toEqual(['d/', 'a', 'c', 'b']);
    expect(b.selectedItems).toEqual(['a', 'c']);
    expect(b.isSelected('c')).toBe(true);

    void b.refresh();
    await flush();
    // While the new listing runs, only rows already listed again count.
    expect(b.selectedItems).toEqual([]);
    be.listings[1]!.page([folder('', 'd'), file('', 'c', 20), file('', 'e', 5)]);
    be.listings[1]!.done();
    expect(b.selectedItems).toEqual(['c']);

    b.selectAll();
    expect(b.selectedItems.sort()).toEqual(['c', 'd/', 'e']);
    b.clearSelection();
    expect(b.selectedItems).toEqual([]);

    b.move('down', 10, false);
    b.move('down', 10, true);
    expect(b.selectedItems.length).toBe(2);
  });

  it('forgets the selection on going to another folder', async () => {
    const be = installBackend();
    const b = new Browser();
    void b.open(folderOf('a1', 's', ''));
    await flush();
    be.listings[0]!.page([folder('', 'd'), file('', 'a')]);
    b.selectAll();
    void b.open(folderOf('a1', 's', 'd/'));
    await flush();
    be.listings[1]!.page([file('d/', 'a')]);
    expect(b.selectionSize).toBe(0);
    expect(b.selectedItems).toEqual([]);
  });
});
