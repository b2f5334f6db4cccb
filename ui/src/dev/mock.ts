// Development only: a fake backend so the UI can be seen in a plain browser (screenshots,
// design work). Built by vite.mock.config.ts from mock.html; never part of `npm run build`.
import { mockIPC } from '@tauri-apps/api/mocks';
import type { Account } from '../lib/bindings/Account';
import type { Destination } from '../lib/bindings/Destination';
import type { Entry } from '../lib/bindings/Entry';
import type { KeyFailure } from '../lib/bindings/KeyFailure';
import type { OpPhase } from '../lib/bindings/OpPhase';
import type { OpProgress } from '../lib/bindings/OpProgress';
import type { OpReport } from '../lib/bindings/OpReport';
import type { ListEvent } from '../lib/bindings/ListEvent';
import type { SpaceList } from '../lib/bindings/SpaceList';
import type { TestHooks } from '../lib/testHooks';
import type { Settings } from '../lib/bindings/Settings';
import { clampedSettings } from '../lib/settingsForm';
import { defaultSettings } from '../lib/stores/prefs.svelte';
import { fakeTransfers } from './mockTransfers';
import { handleDetails } from './mockDetails';
import { actSpaces, handleSpaces } from './mockSpaces';
import { actSync, handleSync } from './mockSync';

interface ChannelLike {
  id: number;
}

interface TauriInternals {
  runCallback: (id: number, data: unknown) => void;
}

const params = new URLSearchParams(location.search);
const scenario = params.get('scenario') ?? 'browse';
// Asked for as the app starts, so seeded before it does.
if (params.get('interrupted')) fakeTransfers.seedInterrupted();
if (params.get('leftovers')) fakeTransfers.seedLeftovers();

const accounts: Account[] =
  scenario === 'welcome'
    ? []
    : [
        {
          id: 'a1',
          name: 'Work',
          provider: { type: 'digitalocean', region: 'ams3' },
          accessKeyId: 'DO00EXAMPLEKEY',
          addedSpaces: [],
        },
        {
          id: 'a2',
          name: 'Studio archive',
          provider: { type: 'digitalocean', region: 'fra1' },
          accessKeyId: 'DO00OTHERKEY',
          addedSpaces: ['studio-renders'],
        },
        {
          id: 'a3',
          name: 'MinIO (local)',
          provider: { type: 's3compatible', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', pathStyle: true },
          accessKeyId: 'minioadmin',
          addedSpaces: [],
        },
      ];

const spaces: Record<string, SpaceList> = {
  a1: {
    listDenied: false,
    spaces: [
      { name: 'assets-prod', created: Date.UTC(2023, 2, 14, 9, 12), region: 'ams3', addedByName: false },
      { name: 'backups', created: Date.UTC(2022, 10, 2, 17, 40), region: 'ams3', addedByName: false },
      { name: 'media.example.com', created: Date.UTC(2024, 5, 30, 8, 5), region: 'ams3', addedByName: false },
    ],
  },
  a2: {
    listDenied: true,
    spaces: [{ name: 'studio-renders', created: null, region: 'fra1', addedByName: true }],
  },
  a3: { listDenied: false, spaces: [{ name: 'scratch', created: Date.UTC(2025, 0, 8), region: 'us-east-1', addedByName: false }] },
};

// Kept for the page's life, clamped as the core does; `?settingsError=1` makes saving fail.
let settings: Settings = defaultSettings();

function saveSettings(s: Settings): Settings {
  if (params.get('settingsError'))
    throw { kind: 'Io', message: 'Could not save the settings: the disk is full (settings.json).' };
  settings = clampedSettings(s);
  return structuredClone(settings);
}

const NAMES = [
  'annual report 2024.pdf',
  'café menu (draft) #2.docx',
  'résumé – Jürgen Müller.pdf',
  'Q3 + Q4 numbers & forecast.xlsx',
  'what?.txt',
  '100% done.md',
  'logo.png',
  'hero@2x.jpg',
  'notes.txt',
  'video-intro.mp4',
  'archive.tar.gz',
  'index.html',
  'data.json',
  '東京の写真.jpeg',
  'a very long file name that keeps going and going to test how the table truncates names with an ellipsis and a tooltip.log',
];

function files(prefix: string, n: number): Entry[] {
  const out: Entry[] = [];
  const base = Date.UTC(2026, 10, 22, 14, 3);
  for (let i = 0; i < n; i++) {
    const name = i < NAMES.length ? (NAMES[i] as string) : `IMG_${String(4000 + i).padStart(5, '0')}.jpg`;
    out.push({
      key: prefix + name,
      name,
      kind: 'file',
      size: Math.round(Math.abs(Math.sin(i + 1)) * 10 ** (2 + (i % 7))),
      lastModified: base - i * 3_600_000 * 7,
      etag: null,
      storageClass: 'STANDARD',
    });
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : 1));
}

function folders(prefix: string, names: string[]): Entry[] {
  return names.map((n) => ({ key: `${prefix}${n}/`, name: n, kind: 'folder', size: 0, lastModified: null, etag: null, storageClass: null }));
}

function folderContents(bucket: string, prefix: string): Entry[] {
  if (prefix === 'empty/') return [];
  if (prefix === 'huge/') return [];
  if (prefix === '') {
    return [...folders('', ['2024 reports', 'docs', 'empty', 'huge', 'images', 'naïve café & co']), ...files('', bucket === 'assets-prod' ? 300 : 12)];
  }
  return [...folders(prefix, ['drafts', 'final']), ...files(prefix, 40)];
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function stream(channel: ChannelLike, bucket: string, prefix: string): Promise<void> {
  const internals = (window as unknown as { __TAURI_INTERNALS__: TauriInternals }).__TAURI_INTERNALS__;
  let index = 0;
  const send = (message: ListEvent): void => internals.runCallback(channel.id, { index: index++, message });
  if (prefix === 'huge/') {
    let count = 0;
    for (let p = 0; p < 100; p++) {
      await delay(30);
      const page: Entry[] = [];
      for (let i = 0; i < 1000; i++, count++) {
        const name = `part-${String(count).padStart(6, '0')}.bin`;
        page.push({ key: prefix + name, name, kind: 'file', size: 4096 + count, lastModified: Date.now(), etag: null, storageClass: null });
      }
      send({ event: 'page', entries: page });
    }
    send({ event: 'done', folders: 0, files: count, bytes: 0 });
    return;
  }
  await delay(120);
  const all = folderContents(bucket, prefix);
  for (let i = 0; i < all.length; i += 100) send({ event: 'page', entries: all.slice(i, i + 100) });
  const fs = all.filter((e) => e.kind === 'file');
  send({ event: 'done', folders: all.length - fs.length, files: fs.length, bytes: fs.reduce((s, e) => s + e.size, 0) });
}

/** An object action's progress over its Channel, then its report: `total` keys in about `ms`. */
async function fakeOp(channel: ChannelLike, phase: OpPhase, total: number, ms: number, failed: KeyFailure[] = []): Promise<OpReport> {
  const internals = (window as unknown as { __TAURI_INTERNALS__: TauriInternals }).__TAURI_INTERNALS__;
  let index = 0;
  const steps = Math.max(1, Math.round(ms / 150));
  for (let i = 1; i <= steps; i++) {
    await delay(ms / steps);
    const message: OpProgress = { phase, done: Math.round((total * i) / steps), total, failed: 0 };
    internals.runCallback(channel.id, { index: index++, message });
  }
  return { done: total - failed.length, skipped: 0, failed, cancelled: false };
}

/** Object actions: a folder counts as 1,204 keys; "docs" is a name already taken. */
async function objectAction(cmd: string, a: Record<string, unknown>): Promise<unknown> {
  const items = (a.items as string[] | undefined) ?? [];
  const folders = items.filter((i) => i.endsWith('/')).length;
  const ch = a.onProgress as ChannelLike;
  switch (cmd) {
    case 'count_selection':
      await delay(folders > 0 ? 700 : 50);
      return { files: items.length - folders, folders, objects: items.length - folders + folders * 1204, bytes: 0 };
    case 'delete_items':
      return fakeOp(ch, 'deleting', items.length - folders + folders * 1204, folders > 0 ? 2500 : 200);
    case 'create_folder':
      await delay(150);
      if (a.name === 'docs') throw { kind: 'Conflict', message: 'A folder named "docs" already exists here.' };
      return `${a.parent as string}${a.name as string}/`;
    case 'rename_item':
      return (a.item as string).endsWith('/')
        ? fakeOp(ch, 'copying', 1502, 3000, [{ key: `${a.item as string}locked.jpg`, message: 'Access denied: this key may not write here.' }])
        : fakeOp(ch, 'copying', 1, 100);
    case 'folders_in_the_way':
      await delay(100);
      return items.filter((i) => i.endsWith('/') && (a.dest as Destination).prefix === '' && i.split('/').length > 2);
    case 'relocate_items':
      return fakeOp(ch, 'copying', items.length - folders + folders * 40, 1500);
    case 'set_acl':
      if (a.bucket === 'scratch')
        throw { kind: 'Unsupported', message: 'This server does not support per-file permissions (ACLs). Control access with a bucket policy instead, or use a server that supports them.' };
      return fakeOp(ch, 'updating', items.length - folders + folders * 1204, folders > 0 ? 2500 : 150);
    case 'set_meta':
      return fakeOp(ch, 'updating', items.length - folders + folders * 1204, folders > 0 ? 2500 : 150);
    case 'meta_summary':
      await fakeOp(ch, 'reading', items.length - folders + folders * 12, folders > 0 ? 900 : 100);
      return {
        objects: items.length - folders + folders * 12,
        headers: { 'content-type': 'text/plain', 'cache-control': items.length > 1 || folders > 0 ? null : 'max-age=86400', 'x-amz-meta-owner': 'ana' },
      };
    case 'cancel_op':
      return null;
    default:
      return undefined;
  }
}

const OBJECT_ACTIONS = new Set([
  'count_selection',
  'delete_items',
  'create_folder',
  'rename_item',
  'folders_in_the_way',
  'relocate_items',
  'set_acl',
  'set_meta',
  'meta_summary',
  'cancel_op',
]);

mockIPC(async (cmd, args) => {
  const a = (args ?? {}) as Record<string, unknown>;
  const handled = await fakeTransfers.handle(cmd, a);
  if (handled.handled) return handled.value;
  const details = await handleDetails(cmd, a);
  if (details.handled) return details.value;
  const managed = await handleSpaces(cmd, a, spaces);
  if (managed.handled) return managed.value;
  const synced = await handleSync(cmd, a);
  if (synced.handled) return synced.value;
  if (OBJECT_ACTIONS.has(cmd)) return objectAction(cmd, a);
  switch (cmd) {
    case 'app_info':
      return { version: '0.1.0', regions: ['nyc3', 'sfo2', 'sfo3', 'ams3', 'sgp1', 'lon1', 'fra1', 'tor1', 'blr1', 'syd1', 'atl1'], configDir: '/tmp', logDir: '/tmp' };
    case 'list_accounts':
      return accounts;
    case 'list_spaces':
      await delay(80);
      return spaces[a.accountId as string] ?? { spaces: [], listDenied: false };
    case 'test_connection':
      await delay(600);
      if ((a.draft as { secretKey: string }).secretKey === 'wrong')
        throw { kind: 'AuthFailed', message: 'The secret key does not match this access key. Check it in your Spaces key list.' };
      return { canListSpaces: true, spaces: 3, message: 'Connected. 3 Spaces found.' };
    case 'list_folder':
      return stream(a.onEvent as ChannelLike, a.bucket as string, a.prefix as string);
    case 'cancel_listing':
      return null;
    case 'preferences':
      await delay(60);
      return structuredClone(settings);
    case 'set_preferences':
      await delay(250);
      return saveSettings(a.settings as Settings);
    case 'last_location':
      return null;
    case 'set_last_location':
    case 'open_log_folder':
      return null;
    default:
      throw { kind: 'Unsupported', message: `The mock backend has no "${cmd}".` };
  }
}, { shouldMockEvents: true });

/** Drive the UI to the state a screenshot wants, as a person would by clicking. */
async function act(): Promise<void> {
  const click = async (selector: string, wait = 300): Promise<void> => {
    await delay(wait);
    document.querySelector<HTMLElement>(selector)?.click();
  };
  const space = params.get('space');
  if (space) {
    await click(`[data-testid="sidebar-space"][data-space="${space}"]`, 400);
    await delay(500);
    document.querySelector<HTMLElement>('[data-testid="file-table"]')?.focus();
    const open = params.get('open');
    if (open) {
      document
        .querySelector<HTMLElement>(`[data-testid="file-row"][data-key="${open}"]`)
        ?.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
      await delay(Number(params.get('wait') ?? '400'));
      const scroll = params.get('scroll');
      const table = document.querySelector<HTMLElement>('[data-testid="file-table"]');
      if (scroll && table) table.scrollTop = Number(scroll);
    }
    const sort = params.get('sort');
    if (sort) document.querySelector<HTMLElement>(`[role="columnheader"].${sort} button`)?.click();
    const select = params.get('select');
    if (select) document.querySelector<HTMLElement>(`[data-testid="file-row"][data-key="${select}"]`)?.click();
  }
  const account = params.get('account');
  if (account) await click(`[data-testid="account"][data-account-name="${account}"]`, 400);
  const dialog = params.get('dialog');
  if (dialog === 'add') await click('[data-testid="add-account"]', 500);
  if (dialog === 'edit') {
    await click('[data-testid="account-menu"]', 500);
    await click('[data-testid="account-edit"]', 100);
    await click('[data-testid="acc-test"]', 100);
  }
  if (dialog === 'menu') await click('[data-testid="account-menu"]', 500);
  if (dialog === 'settings') await click('[data-testid="settings-open"]', 500);
  const drop = params.get('drop');
  if (drop) {
    await delay(300);
    const hooks = (window as unknown as { __spaceport_test: TestHooks }).__spaceport_test;
    await hooks.drop(drop.split(','), params.get('into') ?? undefined);
    await delay(200);
    if (params.get('public')) {
      const radio = document.querySelector<HTMLElement>('[data-testid="upload-acl-public"]');
      radio?.focus();
      radio?.click();
    }
    const cache = params.get('cache');
    const select = document.querySelector<HTMLSelectElement>('[data-testid="upload-cache-control"]');
    if (cache && select) {
      select.value = cache;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }
    if (params.get('go')) {
      await delay(100);
      document.querySelector<HTMLElement>('[data-testid="upload-start"]')?.click();
    }
  }
  const downloadTo = params.get('downloadTo');
  if (downloadTo) {
    await delay(300);
    (window as unknown as { __spaceport_test: TestHooks }).__spaceport_test.downloadTo(downloadTo);
  }
  if (params.get('transfers')) {
    fakeTransfers.seed();
    if (params.get('collapsed')) {
      await delay(100);
      document.querySelector<HTMLElement>('[data-testid="transfer-panel-toggle"]')?.click();
    }
    if (params.get('clear')) {
      await delay(100);
      document.querySelector<HTMLElement>('[data-testid="transfers-clear"]')?.click();
    }
  }
  if (params.get('review')) await click('[data-testid="leftovers-review"]', 1200);
  const dragOver = params.get('dragOver');
  if (dragOver !== null) {
    // What an OS drag looks like mid-way: the folder row under the pointer, or the whole table.
    const { fileDrag } = await import('../lib/stores/fileDrag.svelte');
    fileDrag.hover(dragOver === '' ? null : dragOver);
  }
  if (params.get('toast')) {
    const { toasts } = await import('../lib/stores/toasts.svelte');
    toasts.show('AccessDenied', 'This key may not read "assets-prod". Ask the account owner for read access.');
  }
}

void act();
void actSpaces(params);
void actSync(params);
