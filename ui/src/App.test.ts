// The whole UI in jsdom over the scripted backend: what a person sees and clicks.
import { describe, expect, it } from 'vitest';
import type { Account } from './lib/bindings/Account';
import type { Entry } from './lib/bindings/Entry';
import { file, flush, folder } from './test/backend';
import { $, $$, byTestId, type, useApp } from './test/app';

const WORK: Account = {
  id: 'a1',
  name: 'Work',
  provider: { type: 'digitalocean', region: 'ams3' },
  accessKeyId: 'AK',
  addedSpaces: [],
};

const start = useApp();

describe('first run', () => {
  it('welcomes, validates the account form, then saves and lists the new account', async () => {
    let accounts: Account[] = [];
    const be = await start({
      list_accounts: () => accounts,
      add_account: (a) => {
        const acc: Account = { ...WORK, name: (a.draft as { name: string }).name };
        accounts = [acc];
        return acc;
      },
      list_spaces: () => ({ spaces: [], listDenied: true }),
    });
    expect(byTestId('welcome')).not.toBeNull();
    byTestId('welcome-add-account')?.click();
    await flush();
    expect(byTestId('account-form')).not.toBeNull();

    byTestId('acc-save')?.click();
    await flush();
    const fields = $$('[data-testid="field-error"]').map((e) => e.dataset.field);
    expect(fields.sort()).toEqual(['accessKey', 'name', 'secret']);
    expect(be.callsOf('add_account')).toHaveLength(0);

    type('acc-provider', 's3compatible');
    await flush();
    type('acc-endpoint', 'ftp://example.com');
    type('acc-name', 'Work');
    type('acc-access-key', 'AK');
    type('acc-secret', 'SK');
    byTestId('acc-save')?.click();
    await flush();
    expect($$('[data-testid="field-error"]').map((e) => e.dataset.field)).toEqual(['endpoint']);
    expect((byTestId('acc-path-style') as HTMLInputElement).checked).toBe(true);

    type('acc-provider', 'digitalocean');
    await flush();
    type('acc-region', 'ams3');
    byTestId('acc-save')?.click();
    await flush();
    expect(be.callsOf('add_account')).toEqual([
      { draft: { name: 'Work', provider: { type: 'digitalocean', region: 'ams3' }, accessKeyId: 'AK', secretKey: 'SK' } },
    ]);
    expect(byTestId('account-form')).toBeNull();
    expect($('[data-testid="account"][data-account-name="Work"]')).not.toBeNull();
    expect(byTestId('spaces-view')).not.toBeNull();
    expect(byTestId('list-denied')).not.toBeNull();
  });

  it('shows the test result: pending, then the error kind and message', async () => {
    let fail: (e: unknown) => void = () => {};
    await start({
      list_accounts: () => [],
      test_connection: () =>
        new Promise((_, reject) => {
          fail = reject;
        }),
    });
    byTestId('welcome-add-account')?.click();
    await flush();
    type('acc-name', 'X');
    type('acc-access-key', 'AK');
    type('acc-secret', 'wrong');
    byTestId('acc-secret-toggle')?.click();
    await flush();
    expect((byTestId('acc-secret') as HTMLInputElement).type).toBe('text');
    byTestId('acc-test')?.click();
    await flush();
    expect(byTestId('acc-test-result')?.dataset.state).toBe('pending');
    fail({ kind: 'AuthFailed', message: 'The secret key does not match this access key.' });
    await flush();
    const result = byTestId('acc-test-result');
    expect(result?.dataset.state).toBe('error');
    expect(result?.dataset.kind).toBe('AuthFailed');
    expect(result?.textContent).toContain('The secret key does not match this access key.');
  });
});

describe('account menu', () => {
  it('adds a Space by name after checking the name', async () => {
    let added: string[] = [];
    const be = await start({
      list_accounts: () => [WORK],
      list_spaces: () => ({
        spaces: added.map((name) => ({ name, created: null, region: 'ams3', addedByName: true })),
        listDenied: true,
      }),
      add_space: (a) => {
        added = [...added, a.space as string];
        return { ...WORK, addedSpaces: added };
      },
    });
    $('[data-testid="account"][data-account-name="Work"] [data-testid="account-menu"]')?.click();
    await flush();
    byTestId('account-add-space')?.click();
    await flush();
    type('space-name-input', 'Bad Name');
    byTestId('space-name-ok')?.click();
    await flush();
    expect(byTestId('space-name-error')).not.toBeNull();
    expect(be.callsOf('add_space')).toHaveLength(0);
    type('space-name-input', 'team-files');
    byTestId('space-name-ok')?.click();
    await flush();
    expect(be.callsOf('add_space')).toEqual([{ accountId: 'a1', space: 'team-files' }]);
    expect($('[data-testid="sidebar-space"][data-space="team-files"]')).not.toBeNull();
    expect($('[data-testid="space-row"][data-space="team-files"]')).not.toBeNull();
  });

  it('removes an account after confirmation and returns to the welcome screen', async () => {
    let accounts = [WORK];
    const be = await start({
      list_accounts: () => accounts,
      list_spaces: () => ({ spaces: [], listDenied: false }),
      remove_account: () => {
        accounts = [];
        return null;
      },
    });
    $('[data-testid="account-menu"]')?.click();
    await flush();
    byTestId('account-remove')?.click();
    await flush();
    expect(byTestId('confirm-dialog')?.textContent).toContain(
      'Remove account Work? Its secret key is deleted from the system keychain. Files in its Spaces are not touched.',
    );
    byTestId('confirm-cancel')?.click();
    await flush();
    expect(be.callsOf('remove_account')).toHaveLength(0);
    $('[data-testid="account-menu"]')?.click();
    await flush();
    byTestId('account-remove')?.click();
    await flush();
    byTestId('confirm-ok')?.click();
    await flush();
    expect(be.callsOf('remove_account')).toEqual([{ id: 'a1' }]);
    expect(byTestId('confirm-dialog')).toBeNull();
    expect(byTestId('welcome')).not.toBeNull();
    expect($('[data-testid="account"]')).toBeNull();
    const notes = [...document.querySelectorAll('[data-testid="toast"]')].map((t) => t.textContent ?? '');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('Removed the account "Work".');
  });

  it('edits with the secret blank and tests with the stored one', async () => {
    const be = await start({
      list_accounts: () => [WORK],
      list_spaces: () => ({ spaces: [], listDenied: false }),
      test_connection: () => ({ canListSpaces: true, spaces: 0, message: 'Connected. 0 Spaces found.' }),
      update_account: (a) => ({ ...WORK, name: (a.draft as { name: string }).name }),
    });
    $('[data-testid="account-menu"]')?.click();
    await flush();
    byTestId('account-edit')?.click();
    await flush();
    const secret = byTestId('acc-secret') as HTMLInputElement;
    expect(secret.value).toBe('');
    expect(secret.placeholder).toBe('unchanged — leave blank to keep');
    expect((byTestId('acc-name') as HTMLInputElement).value).toBe('Work');
    byTestId('acc-test')?.click();
    await flush();
    expect(byTestId('acc-test-result')?.dataset.state).toBe('ok');
    expect(be.callsOf('test_connection')[0]?.accountId).toBe('a1');
    type('acc-name', 'Renamed');
    byTestId('acc-save')?.click();
    await flush();
    expect(be.callsOf('update_account')[0]).toMatchObject({ id: 'a1', draft: { name: 'Renamed', secretKey: '' } });
    expect($('[data-testid="account"][data-account-name="Renamed"]')).not.toBeNull();
  });
});

describe('browsing', () => {
  function bigPage(p: number): Entry[] {
    return Array.from({ length: 1000 }, (_, i) => file('', `k${String(p * 1000 + i).padStart(6, '0')}`, 1));
  }

  it('renders only the visible rows of a 100,000-entry folder and keeps filling', async () => {
    const be = await start({
      list_accounts: () => [WORK],
      list_spaces: () => ({ spaces: [{ name: 'big', created: null, region: 'ams3', addedByName: false }], listDenied: false }),
    });
    $('[data-testid="sidebar-space"][data-space="big"]')?.click();
    await flush();
    const l = be.listings[0]!;
    l.page([folder('', 'sub'), ...bigPage(0)]);
    await flush();
    const bar = byTestId('status-bar')!;
    expect(bar.dataset.count).toBe('1001');
    expect(bar.dataset.loading).toBe('true');
    const firstRows = $$('[data-testid="file-row"]');
    expect(firstRows[0]?.dataset.key).toBe('sub/');
    expect(firstRows[0]?.dataset.kind).toBe('folder');

    for (let p = 1; p < 100; p++) l.page(bigPage(p));
    l.done();
    l.resolve();
    await flush();
    expect(bar.dataset.count).toBe('100001');
    expect(bar.dataset.files).toBe('100000');
    expect(bar.dataset.folders).toBe('1');
    expect(bar.dataset.bytes).toBe('100000');
    expect(bar.dataset.loading).toBe('false');

    const rendered = $$('[data-testid="file-row"]');
    expect(rendered.length).toBeGreaterThan(20);
    expect(rendered.length).toBeLessThan(60);

    const table = byTestId('file-table')!;
    table.scrollTop = 26 * 50_000;
    table.dispatchEvent(new Event('scroll'));
    await flush();
    const keys = $$('[data-testid="file-row"]').map((r) => r.dataset.key);
    expect(keys.length).toBeLessThan(60);
    expect(keys).toContain('k049999');
  });

  it('opens folders with Enter, goes up with Backspace and cancels an unfinished listing', async () => {
    const be = await start({
      list_accounts: () => [WORK],
      list_spaces: () => ({ spaces: [{ name: 's', created: 0, region: 'ams3', addedByName: false }], listDenied: false }),
    });
    $('[data-testid="sidebar-space"][data-space="s"]')?.click();
    await flush();
    be.listings[0]!.page([folder('', 'a b+c%#?&'), file('', 'x.txt')]);
    await flush();
    const table = byTestId('file-table')!;
    table.focus();
    table.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    await flush();
    const row = $('[data-testid="file-row"][aria-selected="true"]');
    expect(row?.dataset.key).toBe('a b+c%#?&/');
    expect(row?.textContent).toContain('a b+c%#?&');
    table.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await flush();
    expect(be.callsOf('cancel_listing')).toEqual([{ listingId: be.listings[0]!.args.listingId }]);
    expect(be.listings[1]!.args.prefix).toBe('a b+c%#?&/');
    const crumbs = $$('[data-testid="crumb"]').map((c) => c.dataset.prefix);
    expect(crumbs).toEqual(['', 'a b+c%#?&/']);

    be.listings[1]!.done();
    be.listings[1]!.resolve();
    await flush();
    expect(byTestId('empty-folder')).not.toBeNull();

    table.dispatchEvent(new KeyboardEvent('keydown', { key: 'Backspace', bubbles: true }));
    await flush();
    expect(be.listings[2]!.args.prefix).toBe('');
    be.listings[2]!.reject({ kind: 'Network', message: 'The server did not answer.' });
    await flush();
    expect(byTestId('list-error')?.textContent).toContain('The server did not answer.');
    byTestId('list-retry')?.click();
    await flush();
    expect(be.listings).toHaveLength(4);
  });
});
