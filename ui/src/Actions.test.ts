// Selection, the context menu and toolbar actions, new folder, rename, delete and move/copy,
// clicked through the whole App over the scripted backend.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Entry } from './lib/bindings/Entry';
import type { OpReport } from './lib/bindings/OpReport';
import { file, flush, folder, type Backend } from './test/backend';
import { $, $$, byTestId, useApp } from './test/app';
import { ONE_SPACE, openSpace, settle, text } from './test/objects';

const start = useApp();
beforeEach(() => localStorage.clear());

const row = (key: string): HTMLElement | undefined => $$('[data-testid="file-row"]').find((r) => r.dataset.key === key);
const selected = (): string[] => $$('[data-testid="file-row"][aria-selected="true"]').map((r) => r.dataset.key ?? '');

async function click(key: string, mods: MouseEventInit = {}): Promise<void> {
  row(key)?.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, ...mods }));
  row(key)?.dispatchEvent(new MouseEvent('click', { bubbles: true, ...mods }));
  await flush();
}

async function key(k: string, mods: KeyboardEventInit = {}): Promise<void> {
  byTestId('file-table')?.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...mods }));
  await flush();
}

const ROWS = [folder('', 'photos'), file('', 'a.txt'), file('', 'b.txt'), file('', 'c.txt'), file('', 'd.txt')];

describe('selection', () => {
  it('selects with click, Shift+click, Ctrl+click, Ctrl+A and Escape', async () => {
    const be = await start(ONE_SPACE);
    await openSpace(be, ROWS);
    expect(byTestId('file-table')?.getAttribute('aria-multiselectable')).toBe('true');
    await click('a.txt');
    expect(selected()).toEqual(['a.txt']);
    await click('c.txt', { shiftKey: true });
    expect(selected()).toEqual(['a.txt', 'b.txt', 'c.txt']);
    await click('photos/', { ctrlKey: true });
    expect(selected()).toEqual(['photos/', 'a.txt', 'b.txt', 'c.txt']);
    await click('b.txt', { metaKey: true });
    expect(selected()).toEqual(['photos/', 'a.txt', 'c.txt']);
    await click('d.txt');
    expect(selected()).toEqual(['d.txt']);
    await key('a', { ctrlKey: true });
    expect(selected()).toEqual(['photos/', 'a.txt', 'b.txt', 'c.txt', 'd.txt']);
    await key('Escape');
    expect(selected()).toEqual([]);
  });

  it('moves with the arrows and extends with Shift+arrows', async () => {
    const be = await start(ONE_SPACE);
    await openSpace(be, ROWS);
    await click('a.txt');
    await key('ArrowDown');
    expect(selected()).toEqual(['b.txt']);
    await key('ArrowDown', { shiftKey: true });
    await key('ArrowDown', { shiftKey: true });
    expect(selected()).toEqual(['b.txt', 'c.txt', 'd.txt']);
    await key('ArrowUp', { shiftKey: true });
    expect(selected()).toEqual(['b.txt', 'c.txt']);
    // The keyboard was on c.txt: a plain arrow leaves the range for the row above it.
    await key('ArrowUp');
    expect(selected()).toEqual(['b.txt']);
  });
});

// ---- Menus, new folder, rename, delete, move/copy ----

const done = (n: number, over: Partial<OpReport> = {}): OpReport => ({ done: n, skipped: 0, failed: [], cancelled: false, ...over });

/** Answer the newest listing with these rows. */
async function list(be: Backend, rows: Entry[]): Promise<void> {
  await flush();
  const l = be.listings[be.listings.length - 1]!;
  l.page(rows);
  l.done();
  l.resolve();
  await settle();
}

function menuLabels(): string[] {
  return $$('[role="menuitem"]').map((b) => b.dataset.testid ?? '');
}

function rightClick(el: Element | null | undefined): void {
  el?.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: 50, clientY: 50 }));
}

function typeName(value: string): void {
  const input = byTestId('name-input') as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

function enter(id: string): void {
  byTestId(id)?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
}

describe('menus', () => {
  it('offers what fits the selection, from one list the toolbar shares', async () => {
    const be = await start({ ...ONE_SPACE, object_acls: () => [] });
    await openSpace(be, ROWS);
    rightClick(row('a.txt'));
    await settle();
    expect(selected()).toEqual(['a.txt']);
    const fileMenu = menuLabels();
    expect(fileMenu).toEqual(expect.arrayContaining(['action-download', 'action-rename', 'action-move', 'action-copy', 'action-delete']));
    expect(fileMenu).not.toContain('action-open');
    expect(fileMenu).not.toContain('action-newFolder');
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    $('[role="menu"]')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await settle();

    // A right-click inside the selection keeps it; several rows: no rename.
    await click('photos/', { ctrlKey: true });
    rightClick(row('photos/'));
    await settle();
    expect(selected()).toEqual(['photos/', 'a.txt']);
    expect(menuLabels()).not.toContain('action-rename');
    expect(menuLabels()).toContain('action-move');
    $('[role="menu"]')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await settle();

    // Empty space: the folder's own entries, and the selection is dropped.
    rightClick(byTestId('file-table'));
    await settle();
    expect(selected()).toEqual([]);
    expect(menuLabels()).toEqual([
      'action-newFolder',
      'action-uploadFiles',
      'action-uploadFolder',
      'action-uploadLink',
      'action-showDeleted',
      'action-cleanup',
      'action-refresh',
      'action-spaceSettings',
    ]);
  });

  it('takes entries registered by other features, with their own predicate', async () => {
    const be = await start({ ...ONE_SPACE, object_acls: () => [] });
    const { registerAction } = await import('./lib/objects/actions');
    const ran: string[][] = [];
    registerAction({ id: 'meta', label: 'Metadata…', section: 'details', enabled: (t) => t.folders === 0, run: (t) => ran.push(t.items) });
    await openSpace(be, ROWS);
    rightClick(row('b.txt'));
    await settle();
    expect(menuLabels()).toContain('action-meta');
    byTestId('action-meta')?.click();
    await settle();
    expect(ran).toEqual([['b.txt']]);
    rightClick(row('photos/'));
    await settle();
    expect(menuLabels()).not.toContain('action-meta');
  });
});

describe('new folder', () => {
  it('checks the name as typed, shows the server refusal inline, then selects the new folder', async () => {
    let attempts = 0;
    const be = await start({
      ...ONE_SPACE,
      object_acls: () => [],
      create_folder: (a) => {
        attempts++;
        if (a.name === 'photos') throw { kind: 'Conflict', message: 'A folder named "photos" already exists here.' };
        return `${a.parent as string}${a.name as string}/`;
      },
    });
    await openSpace(be, ROWS);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'N', ctrlKey: true, shiftKey: true, bubbles: true, cancelable: true }));
    await settle();
    expect(byTestId('new-folder-row')).not.toBeNull();
    expect((byTestId('name-input') as HTMLInputElement).value).toBe('New folder');

    typeName('a/b');
    await settle();
    expect(text(byTestId('name-error'))).toBe('A folder name cannot contain "/" (it separates folders).');
    enter('name-input');
    await settle();
    expect(attempts).toBe(0);
    typeName('..');
    await settle();
    expect(text(byTestId('name-error'))).toBe('A folder name cannot be "." or "..".');

    typeName('photos');
    enter('name-input');
    await settle();
    expect(text(byTestId('name-error'))).toBe('A folder named "photos" already exists here.');
    typeName('new one');
    enter('name-input');
    await settle();
    expect(be.callsOf('create_folder').at(-1)).toEqual({ accountId: 'a1', bucket: 's', parent: '', name: 'new one' });
    expect(byTestId('new-folder-row')).toBeNull();
    await list(be, [...ROWS, folder('', 'new one')]);
    expect(selected()).toEqual(['new one/']);
  });

  it('gives up with Escape', async () => {
    const be = await start({ ...ONE_SPACE, object_acls: () => [] });
    await openSpace(be, ROWS);
    byTestId('new-folder')?.click();
    await settle();
    byTestId('name-input')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    await settle();
    expect(byTestId('new-folder-row')).toBeNull();
    expect(be.callsOf('create_folder')).toEqual([]);
  });
});

describe('rename', () => {
  it('renames a file with F2 and selects it under its new name', async () => {
    const be = await start({ ...ONE_SPACE, object_acls: () => [], rename_item: () => done(1) });
    await openSpace(be, ROWS);
    await click('b.txt');
    await key('F2');
    const input = byTestId('name-input') as HTMLInputElement;
    expect(input.value).toBe('b.txt');
    expect([input.selectionStart, input.selectionEnd]).toEqual([0, 1]);
    typeName('b + 50% #1?.txt');
    enter('name-input');
    await settle();
    const call = be.callsOf('rename_item')[0]!;
    expect([call.accountId, call.bucket, call.item, call.newName]).toEqual(['a1', 's', 'b.txt', 'b + 50% #1?.txt']);
    await list(be, [folder('', 'photos'), file('', 'a.txt'), file('', 'b + 50% #1?.txt')]);
    expect(selected()).toEqual(['b + 50% #1?.txt']);
    expect(byTestId('op-dialog')).toBeNull();
  });

  it('keeps a refused name in the field with the reason', async () => {
    const be = await start({
      ...ONE_SPACE,
      object_acls: () => [],
      rename_item: () => {
        throw { kind: 'Conflict', message: 'A file named "c.txt" already exists here. Choose another name.' };
      },
    });
    await openSpace(be, ROWS);
    await click('b.txt');
    await key('F2');
    typeName('c.txt');
    enter('name-input');
    await settle();
    expect(text(byTestId('name-error'))).toBe('A file named "c.txt" already exists here. Choose another name.');
    expect(byTestId('name-input')).not.toBeNull();
  });

  it('shows a long folder rename in a dialog, then every key that failed', async () => {
    let finish: (r: OpReport) => void = () => {};
    const be = await start({
      ...ONE_SPACE,
      object_acls: () => [],
      rename_item: (a) => {
        const ch = a.onProgress as { id: number };
        const internals = (window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, d: unknown) => void } }).__TAURI_INTERNALS__;
        internals.runCallback(ch.id, { index: 0, message: { phase: 'copying', done: 340, total: 1502, failed: 0 } });
        return new Promise<OpReport>((r) => (finish = r));
      },
    });
    await openSpace(be, ROWS);
    await click('photos/');
    await key('F2');
    typeName('pictures');
    enter('name-input');
    await settle(1100);
    expect(byTestId('op-dialog')).not.toBeNull();
    expect(text(byTestId('op-progress'))).toContain('Renaming… 340 of 1,502');
    finish(done(1500, { failed: [{ key: 'photos/x y.jpg', message: 'Access denied for this file.' }] }));
    await settle();
    expect(text(byTestId('op-report'))).toContain('1,500 objects done, 1 object could not be renamed');
    expect($$('[data-testid="op-failure"]').map((f) => f.dataset.key)).toEqual(['photos/x y.jpg']);
    expect(text(byTestId('op-failures'))).toContain('Access denied for this file.');
    expect(be.listings.length).toBe(2);
  });
});

describe('delete', () => {
  it('counts, states what will go, deletes, and lists again', async () => {
    const be = await start({
      ...ONE_SPACE,
      object_acls: () => [],
      count_selection: () => ({ files: 2, folders: 1, objects: 1204, bytes: 0 }),
      delete_items: () => done(1204),
    });
    await openSpace(be, ROWS);
    await click('photos/');
    await click('b.txt', { shiftKey: true });
    await key('Delete');
    await settle();
    expect(byTestId('delete-dialog')).not.toBeNull();
    expect(text(byTestId('delete-question'))).toBe(
      'Delete 2 files and 1 folder? 1,204 objects in all will be deleted. This cannot be undone.',
    );
    expect(be.callsOf('count_selection')[0]!.items).toEqual(['photos/', 'a.txt', 'b.txt']);
    byTestId('delete-ok')?.click();
    await settle();
    expect(be.callsOf('delete_items')[0]!.items).toEqual(['photos/', 'a.txt', 'b.txt']);
    expect(byTestId('delete-dialog')).toBeNull();
    expect(text(byTestId('toast'))).toContain('Deleted 2 files and 1 folder.');
    expect(be.listings.length).toBe(2);
  });

  it('lists what could not be deleted', async () => {
    const be = await start({
      ...ONE_SPACE,
      object_acls: () => [],
      count_selection: () => ({ files: 1, folders: 0, objects: 1, bytes: 0 }),
      delete_items: () => done(0, { failed: [{ key: 'a.txt', message: 'Access denied.' }] }),
    });
    await openSpace(be, ROWS);
    await click('a.txt');
    await key('Delete');
    await settle();
    expect(text(byTestId('delete-question'))).toBe('Delete “a.txt”? This cannot be undone.');
    byTestId('delete-ok')?.click();
    await settle();
    expect(byTestId('delete-state')?.dataset.state).toBe('done');
    expect(text(byTestId('op-failures'))).toContain('1 could not be deleted: a.txt — Access denied.');
  });
});

describe('move and copy', () => {
  it('browses to a folder, asks to merge, and moves with overwrite', async () => {
    const be = await start({
      ...ONE_SPACE,
      object_acls: () => [],
      folders_in_the_way: () => ['photos/'],
      relocate_items: () => done(12),
    });
    await openSpace(be, [folder('', 'photos'), folder('', 'backup'), file('', 'a.txt')]);
    await click('photos/');
    await click('a.txt', { ctrlKey: true });
    rightClick(row('a.txt'));
    await settle();
    byTestId('action-move')?.click();
    await settle();
    expect(byTestId('relocate-dialog')).not.toBeNull();
    await list(be, [folder('', 'photos'), folder('', 'backup'), file('', 'a.txt')]);
    expect(text(byTestId('relocate-problem'))).toBe('They are already in this folder. Choose another one.');
    expect((byTestId('relocate-ok') as HTMLButtonElement).disabled).toBe(true);
    const moving = $$('[data-testid="relocate-folder"]').find((b) => b.dataset.key === 'photos/') as HTMLButtonElement;
    expect(moving.disabled).toBe(true);
    $$('[data-testid="relocate-folder"]').find((b) => b.dataset.key === 'backup/')?.click();
    await list(be, [folder('backup/', 'photos')]);
    expect(text(byTestId('relocate-dest'))).toBe('s/backup/');
    byTestId('relocate-ok')?.click();
    await settle();
    expect(be.callsOf('folders_in_the_way')[0]).toEqual({ items: ['photos/', 'a.txt'], dest: { accountId: 'a1', bucket: 's', prefix: 'backup/' } });
    expect(text(byTestId('relocate-merge'))).toBe('A folder named “photos” is already in “backup”. Merge?');
    byTestId('relocate-merge-ok')?.click();
    await settle();
    const call = be.callsOf('relocate_items')[0]!;
    expect([call.items, call.dest, call.removeSource, call.existing]).toEqual([
      ['photos/', 'a.txt'],
      { accountId: 'a1', bucket: 's', prefix: 'backup/' },
      true,
      'overwrite',
    ]);
    expect(byTestId('relocate-dialog')).toBeNull();
    expect(text(byTestId('toast'))).toContain('Moved 1 file and 1 folder to “backup”.');
  });
});

describe('copy to another account', () => {
  const OTHER = { id: 'a2', name: 'Studio', provider: { type: 'digitalocean', region: 'fra1' }, accessKeyId: 'AK2', addedSpaces: [] };

  it('switches account and Space in the dialog and copies there, keeping the source', async () => {
    const be = await start({
      list_accounts: () => [ONE_SPACE.list_accounts()[0], OTHER],
      list_spaces: (a) =>
        a.accountId === 'a2'
          ? { spaces: [{ name: 'archive', created: 0, region: 'fra1', addedByName: false }], listDenied: false }
          : ONE_SPACE.list_spaces(),
      object_acls: () => [],
      folders_in_the_way: () => [],
      relocate_items: () => done(3),
    });
    await openSpace(be, ROWS);
    await click('c.txt');
    // The menu key opens the selection's menu.
    await key('ContextMenu');
    expect(menuLabels()).toContain('action-copy');
    byTestId('action-copy')?.click();
    await settle();
    await list(be, ROWS);
    const account = byTestId('relocate-account') as HTMLSelectElement;
    account.value = 'a2';
    account.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(be.listings.at(-1)!.args).toMatchObject({ accountId: 'a2', bucket: 'archive', prefix: '' });
    await list(be, [file('', 'c.txt')]);
    expect(text(byTestId('relocate-dest'))).toBe('archive/');
    // c.txt is there already: replacing it is asked first.
    byTestId('relocate-ok')?.click();
    await settle();
    expect(text(byTestId('relocate-merge'))).toBe('A file named “c.txt” is already in “archive”. Replace?');
    byTestId('relocate-skip')?.click();
    await settle();
    const call = be.callsOf('relocate_items')[0]!;
    expect([call.accountId, call.bucket, call.items, call.dest, call.removeSource, call.existing]).toEqual([
      'a1',
      's',
      ['c.txt'],
      { accountId: 'a2', bucket: 'archive', prefix: '' },
      false,
      'skip',
    ]);
    expect(text(byTestId('toast'))).toContain('Copied “c.txt” to “archive”.');
  });

  it('says so when the other account has no Space to offer', async () => {
    const be = await start({
      list_accounts: () => [ONE_SPACE.list_accounts()[0], OTHER],
      list_spaces: (a) => (a.accountId === 'a2' ? { spaces: [], listDenied: true } : ONE_SPACE.list_spaces()),
      object_acls: () => [],
    });
    await openSpace(be, ROWS);
    await click('c.txt');
    await key('ContextMenu');
    byTestId('action-move')?.click();
    await settle();
    await list(be, ROWS);
    const account = byTestId('relocate-account') as HTMLSelectElement;
    account.value = 'a2';
    account.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(text(byTestId('relocate-error'))).toBe(
      "Studio has no Spaces to choose from. Add one by name in the sidebar (the account's menu), then try again.",
    );
    expect(text(byTestId('relocate-dest'))).toBe('s/');
  });
});

describe('failure lists', () => {
  it('hide nothing: a long list shows its first 200, then all on request', async () => {
    const failed = Array.from({ length: 250 }, (_, i) => ({ key: `f/${i}`, message: 'Access denied.' }));
    const be = await start({
      ...ONE_SPACE,
      object_acls: () => [],
      count_selection: () => ({ files: 0, folders: 1, objects: 250, bytes: 0 }),
      delete_items: () => done(0, { failed }),
    });
    await openSpace(be, ROWS);
    await click('photos/');
    await key('Delete');
    await settle();
    byTestId('delete-ok')?.click();
    await settle();
    expect($$('[data-testid="op-failure"]').length).toBe(200);
    expect(text(byTestId('op-failures'))).toContain('…and 50 more.');
    byTestId('op-failures-all')?.click();
    await settle();
    expect($$('[data-testid="op-failure"]').length).toBe(250);
  });
});
