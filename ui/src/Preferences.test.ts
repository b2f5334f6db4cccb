// What the saved preferences change across the App, clicked through over the scripted backend:
// the theme on <html>, where the upload dialog starts (and how an account's own choice wins),
// deleting without the question, the download folder, the log folder, the About view, the
// Welcome screen's link to the Spaces keys page, and the folder reopened at start.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Account } from './lib/bindings/Account';
import type { Settings } from './lib/bindings/Settings';
import type { OpReport } from './lib/bindings/OpReport';
import { defaultSettings } from './lib/stores/prefs.svelte';
import { file, flush, folder, type Handler } from './test/backend';
import { $, $$, byTestId, type, useApp } from './test/app';
import { ONE_SPACE, openSpace, selectRow, settle, text, WORK } from './test/objects';

const start = useApp();
const hooks = async (): Promise<typeof import('./lib/testHooks').testHooks> => (await import('./lib/testHooks')).testHooks;
beforeEach(() => {
  localStorage.clear();
  delete document.documentElement.dataset.theme;
  delete document.documentElement.dataset.themeChoice;
});

function saved(over: Partial<Settings>): Record<string, Handler> {
  return { preferences: () => ({ ...defaultSettings(), ...over }) };
}

const theme = (): [string | undefined, string | undefined] => [
  document.documentElement.dataset.theme,
  document.documentElement.dataset.themeChoice,
];

/** A matchMedia whose dark-mode answer the test sets, and can change while the app runs. */
function fakeSystemTheme(dark: boolean): (dark: boolean) => void {
  const listeners: (() => void)[] = [];
  const query = { matches: dark, addEventListener: (_: string, l: () => void) => listeners.push(l) };
  globalThis.matchMedia = ((q: string) => (q === '(prefers-color-scheme: dark)' ? query : { matches: false })) as unknown as typeof matchMedia;
  return (now) => {
    query.matches = now;
    for (const l of listeners) l();
  };
}

async function openPrefs(): Promise<void> {
  byTestId('settings-open')?.click();
  await settle();
  expect(byTestId('settings-dialog')).not.toBeNull();
}

const done = (n: number): OpReport => ({ done: n, skipped: 0, failed: [], cancelled: false });

describe('theme', () => {
  it('follows the system until set, then the choice applies at once and at the next start', async () => {
    const systemTurns = fakeSystemTheme(true);
    const be = await start({ list_accounts: () => [] });
    await settle();
    expect(theme()).toEqual(['dark', 'system']);
    systemTurns(false);
    expect(theme()).toEqual(['light', 'system']);

    await openPrefs();
    expect((byTestId('settings-theme') as HTMLSelectElement).value).toBe('system');
    expect($$('#settings-theme option').map((o) => o.textContent)).toEqual(['Same as the system', 'Light', 'Dark']);
    type('settings-theme', 'dark');
    await flush();
    // Not before Save.
    expect(theme()).toEqual(['light', 'system']);
    byTestId('settings-save')?.click();
    await settle();
    expect(be.callsOf('set_preferences')[0]).toEqual({ settings: { ...defaultSettings(), theme: 'dark' } });
    expect(theme()).toEqual(['dark', 'dark']);
    // A set theme no longer follows the system.
    systemTurns(false);
    expect(theme()).toEqual(['dark', 'dark']);
  });

  it('applies a saved light theme at start even when the system is dark', async () => {
    fakeSystemTheme(true);
    await start({ list_accounts: () => [], ...saved({ theme: 'light' }) });
    await settle();
    expect(theme()).toEqual(['light', 'light']);
  });
});

describe('the rest of the form', () => {
  it('sends every section: permission, Cache-Control, download folder, confirm, log level', async () => {
    const be = await start({ list_accounts: () => [], 'plugin:dialog|open': () => '/home/me/Downloads' });
    await openPrefs();
    byTestId('settings-acl-public')?.click();
    type('settings-cache-control', 'custom');
    await flush();
    // An empty custom value is refused inline, before anything is sent.
    expect(text(byTestId('settings-cache-error'))).toBe('Type a Cache-Control value, e.g. "public, max-age=600".');
    expect((byTestId('settings-save') as HTMLButtonElement).disabled).toBe(true);
    type('settings-cache-custom', 'public, max-age=600');
    byTestId('settings-download-choose')?.click();
    await settle();
    expect(be.callsOf('plugin:dialog|open')).toEqual([{ options: { directory: true, title: 'Download folder' } }]);
    expect((byTestId('settings-download-folder') as HTMLInputElement).value).toBe('/home/me/Downloads');
    (byTestId('settings-confirm-delete') as HTMLInputElement).click();
    type('settings-log-level', 'warn');
    await flush();
    expect(text(byTestId('settings-log-hint'))).toBe('Takes effect the next time Spaceport starts. Logs are in /l.');
    byTestId('settings-save')?.click();
    await settle();
    expect(be.callsOf('set_preferences')).toEqual([
      {
        settings: {
          ...defaultSettings(),
          uploads: { acl: 'publicRead', cacheControl: 'public, max-age=600' },
          downloadFolder: '/home/me/Downloads',
          confirmDelete: false,
          logLevel: 'warn',
        },
      },
    ]);
    expect(text(byTestId('settings-saved'))).toBe(
      'Saved. Transfers follow these now. The new log level applies from the next start.',
    );
    // Reopened, the form reads back the custom Cache-Control.
    byTestId('settings-cancel')?.click();
    await openPrefs();
    expect((byTestId('settings-cache-control') as HTMLSelectElement).value).toBe('custom');
    expect((byTestId('settings-cache-custom') as HTMLInputElement).value).toBe('public, max-age=600');
    expect((byTestId('settings-acl-public') as HTMLInputElement).checked).toBe(true);
    expect((byTestId('settings-confirm-delete') as HTMLInputElement).checked).toBe(false);
  });

  it('refuses multipart sizes outside 5 to 4,096 MiB inline', async () => {
    const be = await start({ list_accounts: () => [] });
    await openPrefs();
    const cases: [string, string, string][] = [
      ['settings-threshold', '4', 'Must be at least 5.'],
      ['settings-threshold', '5000', 'Must be at most 4,096.'],
      ['settings-part-size', '1', 'Must be at least 5 MiB, the smallest part S3 allows.'],
      ['settings-part-size', '', 'Enter a whole number, 5 to 4,096 MiB.'],
    ];
    for (const [id, value, message] of cases) {
      type(id, value);
      await flush();
      expect($$('[data-testid="settings-error"]').map(text), `${id}=${value}`).toEqual([message]);
      type(id, id === 'settings-threshold' ? '16' : '8');
    }
    expect(be.callsOf('set_preferences')).toEqual([]);
  });

  it('shows the backend refusing a download folder and keeps the form', async () => {
    await start({
      list_accounts: () => [],
      set_preferences: () => {
        throw { kind: 'InvalidInput', message: 'There is no folder "/nope". Create it first, or choose another download folder.' };
      },
    });
    await openPrefs();
    type('settings-download-folder', '/nope');
    byTestId('settings-save')?.click();
    await settle();
    expect(byTestId('toast')?.dataset.kind).toBe('InvalidInput');
    expect(text(byTestId('toast'))).toContain('There is no folder "/nope".');
    expect((byTestId('settings-download-folder') as HTMLInputElement).value).toBe('/nope');
  });

  it('opens the log folder through the backend', async () => {
    const be = await start({ list_accounts: () => [], open_log_folder: () => null });
    await openPrefs();
    byTestId('settings-open-logs')?.click();
    await settle();
    expect(be.callsOf('open_log_folder')).toEqual([{}]);
    expect(byTestId('toast')).toBeNull();
  });
});

describe('new uploads', () => {
  async function stageOne(be: Awaited<ReturnType<typeof start>>): Promise<void> {
    await openSpace(be, [file('', 'a.txt')]);
    await (await hooks()).drop(['/home/me/x.png']);
    await settle();
    expect(byTestId('upload-dialog')).not.toBeNull();
  }
  const checked = (id: string): boolean => (byTestId(id) as HTMLInputElement).checked;
  const stage = { stage_upload: () => [{ local: '/home/me/x.png', key: 'x.png', size: 3, contentType: 'image/png' }] };

  it('start from the Preferences permission and Cache-Control, and say where they come from', async () => {
    const be = await start({
      ...ONE_SPACE,
      ...stage,
      ...saved({ uploads: { acl: 'publicRead', cacheControl: 'max-age=86400' } }),
      start_uploads: () => [1],
    });
    await stageOne(be);
    expect([checked('upload-acl-public'), checked('upload-default-public')]).toEqual([true, true]);
    expect((byTestId('upload-cache-control') as HTMLSelectElement).value).toBe('max-age=86400');
    expect(text(byTestId('upload-default-hint'))).toBe('From Preferences (public) until you choose for Work here.');
    byTestId('upload-start')?.click();
    await settle();
    expect(be.callsOf('start_uploads')[0]?.options).toEqual({ acl: 'publicRead', cacheControl: 'max-age=86400', contentType: null });
  });

  it('follow the account’s own choice once made, over Preferences', async () => {
    const be = await start({ ...ONE_SPACE, ...stage, ...saved({ uploads: { acl: 'publicRead', cacheControl: null } }), start_uploads: () => [1] });
    await stageOne(be);
    // Unticking is a choice too: private for this account from now on.
    (byTestId('upload-default-public') as HTMLInputElement).click();
    await flush();
    expect(checked('upload-acl-private')).toBe(true);
    expect(text(byTestId('upload-default-hint'))).toBe('Your choice for Work; it wins over the default in Preferences.');
    byTestId('upload-start')?.click();
    await settle();
    expect(be.callsOf('start_uploads')[0]?.options).toMatchObject({ acl: 'private' });
    await (await hooks()).drop(['/home/me/x.png']);
    await settle();
    expect([checked('upload-acl-private'), checked('upload-default-public')]).toEqual([true, false]);
    expect(text(byTestId('upload-default-hint'))).toBe('Your choice for Work; it wins over the default in Preferences.');
  });
});

describe('deleting and downloading', () => {
  it('deletes once counted, without the question, when confirming is off', async () => {
    const be = await start({
      ...ONE_SPACE,
      ...saved({ confirmDelete: false }),
      object_acls: () => [],
      count_selection: () => ({ files: 1, folders: 0, objects: 1, bytes: 0 }),
      delete_items: () => done(1),
    });
    await openSpace(be, [file('', 'a.txt'), file('', 'b.txt')]);
    await selectRow('a.txt');
    byTestId('file-table')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Delete', bubbles: true, cancelable: true }));
    await settle();
    expect(be.callsOf('delete_items').map((a) => a.items)).toEqual([['a.txt']]);
    expect(byTestId('delete-question')).toBeNull();
    expect(byTestId('delete-dialog')).toBeNull();
    expect(text(byTestId('toast'))).toBe('Deleted “a.txt”.');
  });

  it('still asks when confirming is on (the default)', async () => {
    const be = await start({
      ...ONE_SPACE,
      object_acls: () => [],
      count_selection: () => ({ files: 1, folders: 0, objects: 1, bytes: 0 }),
      delete_items: () => done(1),
    });
    await openSpace(be, [file('', 'a.txt')]);
    await selectRow('a.txt');
    byTestId('file-table')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Delete', bubbles: true, cancelable: true }));
    await settle();
    expect(byTestId('delete-question')).not.toBeNull();
    expect(be.callsOf('delete_items')).toEqual([]);
  });

  it('offers the download folder of Preferences without the folder picker', async () => {
    const be = await start({ ...ONE_SPACE, ...saved({ downloadFolder: '/data/in' }), object_acls: () => [] });
    await openSpace(be, [file('', 'a.txt')]);
    await selectRow('a.txt');
    byTestId('download')?.click();
    await settle();
    expect(be.callsOf('plugin:dialog|open')).toEqual([]);
    expect(byTestId('download-dest')?.dataset.dest).toBe('/data/in');
  });
});

describe('about', () => {
  it('shows the version and every bundled package with its license, filterable', async () => {
    await start({ list_accounts: () => [] });
    await openPrefs();
    byTestId('about-open')?.click();
    await flush();
    expect(text($('[data-testid="settings-dialog"] h2'))).toBe('About Spaceport');
    expect(text(byTestId('about-version'))).toBe('Spaceport 0.1.0');
    const rows = $$('[data-testid="about-license"]');
    expect(rows.length).toBeGreaterThan(300);
    const svelte = rows.find((r) => r.dataset.name === 'svelte');
    expect(svelte?.dataset.kind).toBe('npm');
    expect(text(svelte?.querySelector('.lic'))).toBe('MIT');
    expect(rows.some((r) => r.dataset.name === 'tauri' && r.dataset.kind === 'rust')).toBe(true);
    type('about-filter', 'MPL-2.0');
    await flush();
    const mpl = $$('[data-testid="about-license"]');
    expect(mpl.length).toBeGreaterThan(0);
    expect(mpl.every((r) => text(r.querySelector('.lic')).includes('MPL-2.0'))).toBe(true);
    byTestId('about-back')?.click();
    await flush();
    expect(text($('[data-testid="settings-dialog"] h2'))).toBe('Preferences');
    expect(byTestId('settings-save')).not.toBeNull();
  });
});

describe('welcome', () => {
  it('says where Spaces keys come from and opens that page in the browser', async () => {
    const be = await start({ list_accounts: () => [], 'plugin:opener|open_url': () => null });
    const link = byTestId('welcome-keys-link') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe('https://cloud.digitalocean.com/account/api/spaces');
    expect(text(byTestId('welcome-keys'))).toContain('API → Spaces Keys and click Generate New Key');
    const g = globalThis as unknown as { isTauri?: boolean };
    g.isTauri = true;
    try {
      const click = new MouseEvent('click', { bubbles: true, cancelable: true });
      link.dispatchEvent(click);
      await settle();
      // Not followed inside the window.
      expect(click.defaultPrevented).toBe(true);
      expect(be.callsOf('plugin:opener|open_url')).toEqual([{ url: 'https://cloud.digitalocean.com/account/api/spaces' }]);
    } finally {
      delete g.isTauri;
    }
  });
});

describe('the last folder', () => {
  const PHOTOS = { ...WORK, id: 'a1' } satisfies Account;

  it('is remembered when opened and reopened at start while its account and Space exist', async () => {
    const be = await start({
      ...ONE_SPACE,
      last_location: () => ({ accountId: 'a1', bucket: 's', prefix: 'docs/2024/' }),
      set_last_location: () => null,
    });
    await settle();
    expect(be.listings.map((l) => [l.args.bucket, l.args.prefix])).toEqual([['s', 'docs/2024/']]);
    expect(byTestId('spaces-view')).toBeNull();
    const l = be.listings[0]!;
    l.page([folder('docs/2024/', 'june')]);
    l.done();
    l.resolve();
    await settle();
    expect(be.callsOf('set_last_location')).toEqual([{ location: { accountId: 'a1', bucket: 's', prefix: 'docs/2024/' } }]);
    // Another folder opened: remembered once.
    $('[data-testid="sidebar-space"][data-space="s"]')?.click();
    await settle();
    expect(be.callsOf('set_last_location')).toEqual([
      { location: { accountId: 'a1', bucket: 's', prefix: 'docs/2024/' } },
      { location: { accountId: 'a1', bucket: 's', prefix: '' } },
    ]);
  });

  it('is not reopened when its Space or account is gone: the account’s Spaces show instead', async () => {
    for (const last of [
      { accountId: 'a1', bucket: 'gone', prefix: '' },
      { accountId: 'nobody', bucket: 's', prefix: '' },
    ]) {
      const be = await start({ list_accounts: () => [PHOTOS], list_spaces: ONE_SPACE.list_spaces, last_location: () => last });
      await settle();
      expect(be.listings, JSON.stringify(last)).toEqual([]);
      expect(byTestId('spaces-view')).not.toBeNull();
      document.body.innerHTML = '';
    }
  });
});
