// Uploads, downloads and the transfer panel, clicked through the whole App over the scripted
// backend: what each button sends to the backend, and what each event shows.
import { describe, expect, it, vi } from 'vitest';
import type { Account } from './lib/bindings/Account';
import type { Entry } from './lib/bindings/Entry';
import type { StagedFile } from './lib/bindings/StagedFile';
import { file, flush, folder, transfer, type Args, type Backend, type Handler } from './test/backend';
import { $, $$, byTestId, type, useApp } from './test/app';

const WORK: Account = { id: 'a1', name: 'Work', provider: { type: 'digitalocean', region: 'ams3' }, accessKeyId: 'AK', addedSpaces: [] };
const HOME: Account = { ...WORK, id: 'a2', name: 'Home', accessKeyId: 'AK2' };
const SPACES: Record<string, string> = { a1: 's', a2: 'h' };

const start = useApp();

/** Stages like the backend: a path ending in "dir" is a folder with two files in a tree. */
function stage(a: Args): StagedFile[] {
  const prefix = a.prefix as string;
  return (a.paths as string[]).flatMap((p) => {
    const name = p.split('/').pop() ?? p;
    if (name.endsWith('dir')) {
      return [
        { local: `${p}/a.txt`, key: `${prefix}${name}/a.txt`, size: 5, contentType: 'text/plain' },
        { local: `${p}/sub/b.png`, key: `${prefix}${name}/sub/b.png`, size: 7, contentType: 'image/png' },
      ];
    }
    const type = name.endsWith('.pdf') ? 'application/pdf' : name.endsWith('.txt') ? 'text/plain' : 'application/octet-stream';
    return [{ local: p, key: prefix + name, size: 100, contentType: type }];
  });
}

function handlers(extra: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    list_accounts: () => [WORK, HOME],
    list_spaces: (a) => ({
      spaces: [{ name: SPACES[a.accountId as string] ?? 'x', created: 0, region: 'ams3', addedByName: false }],
      listDenied: false,
    }),
    stage_upload: stage,
    start_uploads: (a) => (a.files as unknown[]).map((_, i) => 100 + i),
    ...extra,
  };
}

/** Click a Space in the sidebar and finish its listing with `entries`. */
async function openSpace(be: Backend, space: string, entries: Entry[]): Promise<void> {
  $(`[data-testid="sidebar-space"][data-space="${space}"]`)?.click();
  await flush();
  const l = be.listings[be.listings.length - 1]!;
  l.page(entries);
  l.done();
  l.resolve();
  await flush();
}

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await flush();
}

const stagedKeys = (): (string | undefined)[] => $$('[data-testid="staged-row"]').map((r) => r.dataset.key);
const row = (id: number): HTMLElement | null => $(`[data-testid="transfer-row"][data-id="${id}"]`);
const hooks = async (): Promise<typeof import('./lib/testHooks').testHooks> => (await import('./lib/testHooks')).testHooks;

describe('staged upload', () => {
  it('sends the staged files with the chosen permission, Cache-Control, Content-Types and conflict policy', async () => {
    const be = await start(
      handlers({ 'plugin:dialog|open': () => ['/home/me/report.pdf', '/home/me/notes.txt', '/home/me/raw.dat'] }),
    );
    await openSpace(be, 's', [folder('', 'docs')]);
    byTestId('upload-files')?.click();
    await settle();
    expect(be.callsOf('plugin:dialog|open')).toEqual([{ options: { multiple: true, title: 'Upload files' } }]);
    expect(be.callsOf('stage_upload')).toEqual([
      { paths: ['/home/me/report.pdf', '/home/me/notes.txt', '/home/me/raw.dat'], prefix: '' },
    ]);
    expect(byTestId('upload-target')?.textContent).toContain('Upload to s/');
    expect(stagedKeys()).toEqual(['report.pdf', 'notes.txt', 'raw.dat']);
    expect(byTestId('upload-summary')?.dataset.count).toBe('3');
    expect(byTestId('upload-summary')?.textContent).toContain('3 files, 300 B');
    expect((byTestId('upload-acl-private') as HTMLInputElement).checked).toBe(true);

    $('[data-testid="staged-row"][data-key="raw.dat"] [data-testid="staged-remove"]')?.click();
    const ct = $<HTMLInputElement>('[data-testid="staged-row"][data-key="notes.txt"] [data-testid="staged-content-type"]')!;
    ct.value = 'text/markdown; charset=utf-8';
    ct.dispatchEvent(new Event('change', { bubbles: true }));
    byTestId('upload-acl-public')?.click();
    type('upload-cache-control', 'max-age=86400');
    type('upload-conflict', 'keepBoth');
    await flush();
    expect(byTestId('upload-summary')?.dataset.count).toBe('2');
    expect(byTestId('upload-start')?.textContent).toContain('Upload 2 files');

    byTestId('upload-start')?.click();
    await settle();
    expect(be.callsOf('start_uploads')).toEqual([
      {
        accountId: 'a1',
        bucket: 's',
        files: [
          { local: '/home/me/report.pdf', key: 'report.pdf', size: 100, contentType: 'application/pdf' },
          { local: '/home/me/notes.txt', key: 'notes.txt', size: 100, contentType: 'text/markdown; charset=utf-8' },
        ],
        options: { acl: 'publicRead', cacheControl: 'max-age=86400', contentType: null },
        conflict: 'keepBoth',
      },
    ]);
    expect(byTestId('upload-dialog')).toBeNull();
  });

  it('takes a custom Cache-Control, and refuses to send an empty one', async () => {
    const be = await start(handlers());
    await openSpace(be, 's', []);
    await (await hooks()).drop(['/home/me/a.txt']);
    await settle();
    type('upload-cache-control', 'custom');
    await flush();
    byTestId('upload-start')?.click();
    await settle();
    expect(byTestId('upload-cache-error')?.textContent).toContain('Type a Cache-Control value');
    expect(be.callsOf('start_uploads')).toHaveLength(0);
    type('upload-cache-custom', 'public, max-age=600');
    byTestId('upload-start')?.click();
    await settle();
    expect(be.callsOf('start_uploads')[0]?.options).toEqual({ acl: 'private', cacheControl: 'public, max-age=600', contentType: null });
    expect(be.callsOf('start_uploads')[0]?.conflict).toBe('overwrite');
  });

  it('remembers "new uploads are public" per account', async () => {
    const be = await start(handlers());
    await openSpace(be, 's', []);
    const drop = (await hooks()).drop;
    await drop(['/home/me/a.txt']);
    await settle();
    const box = byTestId('upload-default-public') as HTMLInputElement;
    expect(box.checked).toBe(false);
    box.click();
    await flush();
    expect((byTestId('upload-acl-public') as HTMLInputElement).checked).toBe(true);
    byTestId('upload-cancel')?.click();
    await flush();
    expect(byTestId('upload-dialog')).toBeNull();

    // The next batch for the same account starts public and sends it.
    await drop(['/home/me/b.txt']);
    await settle();
    expect((byTestId('upload-acl-public') as HTMLInputElement).checked).toBe(true);
    expect((byTestId('upload-default-public') as HTMLInputElement).checked).toBe(true);
    byTestId('upload-start')?.click();
    await settle();
    expect(be.callsOf('start_uploads')[0]?.options).toMatchObject({ acl: 'publicRead' });

    // Another account keeps its own default.
    await openSpace(be, 'h', []);
    await drop(['/home/me/c.txt']);
    await settle();
    expect((byTestId('upload-acl-private') as HTMLInputElement).checked).toBe(true);
    expect((byTestId('upload-default-public') as HTMLInputElement).checked).toBe(false);
    byTestId('upload-start')?.click();
    await settle();
    expect(be.callsOf('start_uploads')[1]).toMatchObject({ accountId: 'a2', bucket: 'h', options: { acl: 'private' } });
  });

  it('shows why staging failed or found nothing, and keeps the dialog for other files', async () => {
    const be = await start(
      handlers({
        stage_upload: (a) => {
          const first = (a.paths as string[])[0];
          if (first === '/locked') throw { kind: 'Io', message: 'Could not read /locked: permission denied.' };
          if (first === '/empty') return [];
          return stage(a);
        },
      }),
    );
    await openSpace(be, 's', []);
    await (await hooks()).drop(['/locked']);
    await settle();
    expect(byTestId('upload-stage-error')?.textContent).toContain('Could not read /locked');
    expect((byTestId('upload-start') as HTMLButtonElement).disabled).toBe(true);
    await (await hooks()).drop(['/empty']);
    await settle();
    expect(byTestId('upload-stage-error')?.textContent).toContain('Empty folders are not uploaded.');
    await (await hooks()).drop(['/home/me/ok.txt']);
    await settle();
    expect(byTestId('upload-stage-error')).toBeNull();
    expect(stagedKeys()).toEqual(['ok.txt']);
  });
});

describe('dropping files', () => {
  it('stages into the folder on screen, or into the folder row given, with the tree kept', async () => {
    const be = await start(handlers());
    await openSpace(be, 's', [folder('', 'docs'), file('', 'x.txt')]);
    const drop = (await hooks()).drop;

    await drop(['/home/me/photodir']);
    await settle();
    expect(be.callsOf('stage_upload')).toEqual([{ paths: ['/home/me/photodir'], prefix: '' }]);
    expect(stagedKeys()).toEqual(['photodir/a.txt', 'photodir/sub/b.png']);
    byTestId('upload-cancel')?.click();
    await flush();

    await drop(['/home/me/photodir'], 'docs/');
    await settle();
    expect(be.callsOf('stage_upload')[1]).toEqual({ paths: ['/home/me/photodir'], prefix: 'docs/' });
    expect(byTestId('upload-target')?.textContent).toContain('s/docs/');
    // Shown relative to the target folder.
    expect($('[data-testid="staged-row"]')?.textContent).toContain('photodir/a.txt');

    // A second drop while the dialog is open joins the same batch and target.
    await drop(['/home/me/more.txt'], 'elsewhere/');
    await settle();
    expect(be.callsOf('stage_upload')[2]).toEqual({ paths: ['/home/me/more.txt'], prefix: 'docs/' });
    expect(stagedKeys()).toEqual(['docs/photodir/a.txt', 'docs/photodir/sub/b.png', 'docs/more.txt']);
    byTestId('upload-start')?.click();
    await settle();
    expect((be.callsOf('start_uploads')[0]?.files as StagedFile[]).map((f) => f.key)).toEqual([
      'docs/photodir/a.txt',
      'docs/photodir/sub/b.png',
      'docs/more.txt',
    ]);
  });

  it('lights up the folder row under the pointer and drops into it, through the same handler', async () => {
    const be = await start(handlers());
    await openSpace(be, 's', [folder('', 'docs'), file('', 'x.txt')]);
    const { handleFileDrag } = await import('./lib/transferActions');
    const cell = $('[data-testid="file-row"][data-key="docs/"] .text');
    const fileCell = $('[data-testid="file-row"][data-key="x.txt"] .text');
    let under: Element | null = fileCell;
    document.elementFromPoint = vi.fn(() => under);

    handleFileDrag({ type: 'enter', x: 5, y: 40 });
    await flush();
    expect(byTestId('drop-here')).not.toBeNull();
    under = cell;
    handleFileDrag({ type: 'over', x: 5, y: 60 });
    await flush();
    expect(byTestId('drop-here')).toBeNull();
    expect($('[data-testid="file-row"][data-key="docs/"]')?.classList.contains('drop-into')).toBe(true);

    handleFileDrag({ type: 'drop', paths: ['/home/me/a.txt'], x: 5, y: 60 });
    await settle();
    expect($('.drop-into')).toBeNull();
    expect(be.callsOf('stage_upload')).toEqual([{ paths: ['/home/me/a.txt'], prefix: 'docs/' }]);
    expect(stagedKeys()).toEqual(['docs/a.txt']);
  });

  it('asks for a Space first when none is open', async () => {
    const be = await start(handlers());
    await (await hooks()).drop(['/home/me/a.txt']);
    await settle();
    expect(be.callsOf('stage_upload')).toHaveLength(0);
    expect(byTestId('upload-dialog')).toBeNull();
    expect(byTestId('toast')?.textContent).toContain('Open a Space first');
  });

  it('opens the file picker with Ctrl+U', async () => {
    const be = await start(handlers({ 'plugin:dialog|open': () => null }));
    await openSpace(be, 's', []);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'u', ctrlKey: true, bubbles: true }));
    await settle();
    expect(be.callsOf('plugin:dialog|open')).toEqual([{ options: { multiple: true, title: 'Upload files' } }]);
    expect(byTestId('upload-dialog')).toBeNull();
  });
});

describe('download', () => {
  it('asks for a folder, then sends the selection, destination and conflict policy', async () => {
    const be = await start(
      handlers({ 'plugin:dialog|open': () => '/home/me/Downloads', start_downloads: () => [7, 8] }),
    );
    await openSpace(be, 's', [folder('', 'docs'), file('', 'report.pdf', 2048)]);
    const button = byTestId('download') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    $('[data-testid="file-row"][data-key="docs/"]')?.click();
    await flush();
    expect(button.disabled).toBe(false);
    button.click();
    await settle();
    expect(be.callsOf('plugin:dialog|open')).toEqual([{ options: { directory: true, title: 'Download to' } }]);
    expect(byTestId('download-dest')?.dataset.dest).toBe('/home/me/Downloads');
    type('download-conflict', 'skip');
    byTestId('download-start')?.click();
    await settle();
    expect(be.callsOf('start_downloads')).toEqual([
      {
        accountId: 'a1',
        bucket: 's',
        selection: [{ key: 'docs/', kind: 'folder', size: 0 }],
        dest: '/home/me/Downloads',
        conflict: 'skip',
      },
    ]);
    expect(byTestId('download-dialog')).toBeNull();
  });

  it('does nothing when the folder dialog is cancelled', async () => {
    const be = await start(handlers({ 'plugin:dialog|open': () => null }));
    await openSpace(be, 's', [file('', 'report.pdf', 2048)]);
    $('[data-testid="file-row"][data-key="report.pdf"]')?.click();
    await flush();
    byTestId('download')?.click();
    await settle();
    expect(byTestId('download-dialog')).toBeNull();
  });

  it('takes the destination from the test hook and overwrites by default', async () => {
    const be = await start(handlers({ start_downloads: () => [1] }));
    await openSpace(be, 's', [file('', 'report.pdf', 2048)]);
    $('[data-testid="file-row"][data-key="report.pdf"]')?.click();
    await flush();
    (await hooks()).downloadTo('/tmp/dl');
    await flush();
    expect(byTestId('download-what')?.textContent).toBe('report.pdf');
    byTestId('download-start')?.click();
    await settle();
    expect(be.callsOf('start_downloads')).toEqual([
      {
        accountId: 'a1',
        bucket: 's',
        selection: [{ key: 'report.pdf', kind: 'file', size: 2048 }],
        dest: '/tmp/dl',
        conflict: 'overwrite',
      },
    ]);
  });
});

describe('transfer panel', () => {
  const failed = transfer(4, {
    key: 'big.iso',
    size: 4000,
    done: 1000,
    state: { state: 'failed', kind: 'Network', message: 'The connection dropped three times. Check your network and retry.' },
  });

  it('lists transfers from the start and from events, and shows itself for a new one', async () => {
    const be = await start(
      handlers({
        list_transfers: () => [transfer(1, { state: { state: 'done' }, done: 1000 }), transfer(2, { state: { state: 'running' }, done: 500 })],
      }),
    );
    const panel = byTestId('transfer-panel');
    expect(panel?.dataset.expanded).toBe('false');
    expect(byTestId('transfer-summary')?.dataset.count).toBe('2');
    expect(byTestId('transfer-total')?.getAttribute('aria-valuenow')).toBe('75');
    expect(document.title).toBe('Spaceport — 75% (1 transfer)');

    await be.transfer(transfer(3, { direction: 'download', key: 'docs/a.pdf', size: 2000 }));
    await flush();
    expect(panel?.dataset.expanded).toBe('true');
    // What moves comes first, finished ones last.
    expect($$('[data-testid="transfer-row"]').map((r) => [r.dataset.id, r.dataset.state, r.dataset.direction])).toEqual([
      ['2', 'running', 'upload'],
      ['3', 'queued', 'download'],
      ['1', 'done', 'upload'],
    ]);
    expect(row(3)?.dataset.key).toBe('docs/a.pdf');
    expect(document.title).toBe('Spaceport — 37% (2 transfers)');

    await be.transfer(transfer(2, { state: { state: 'running' }, done: 900 }));
    await be.transfer(transfer(3, { direction: 'download', key: 'docs/a.pdf', size: 2000, state: { state: 'running' }, done: 1000 }));
    await flush();
    expect(row(2)?.dataset.done).toBe('900');
    expect(row(2)?.textContent).toContain('900 B of 1000 B');
    expect(byTestId('transfer-summary')?.dataset.done).toBe(String(1000 + 900 + 1000));
    expect(document.title).toBe('Spaceport — 72% (2 transfers)');

    await be.transfer(failed);
    await flush();
    expect(row(4)?.dataset.state).toBe('failed');
    expect($('[data-testid="transfer-row"][data-id="4"] [data-testid="transfer-error"]')?.textContent).toBe(
      'The connection dropped three times. Check your network and retry.',
    );

    byTestId('transfer-panel-toggle')?.click();
    await flush();
    expect(panel?.dataset.expanded).toBe('false');
    expect(row(1)).toBeNull();
  });

  it('pauses, resumes, retries and cancels single transfers', async () => {
    const be = await start(
      handlers({
        list_transfers: () => [
          transfer(1, { state: { state: 'running' } }),
          transfer(2, { state: { state: 'paused' } }),
          failed,
          transfer(5, { state: { state: 'done' } }),
        ],
        pause_transfer: () => null,
        resume_transfer: () => null,
        cancel_transfer: () => null,
      }),
    );
    byTestId('transfer-panel-toggle')?.click();
    await flush();
    const inRow = (id: number, testid: string): HTMLElement | null => $(`[data-testid="transfer-row"][data-id="${id}"] [data-testid="${testid}"]`);
    expect(inRow(1, 'transfer-resume')).toBeNull();
    expect(inRow(5, 'transfer-pause')).toBeNull();
    expect(inRow(5, 'transfer-cancel')).toBeNull();
    inRow(1, 'transfer-pause')?.click();
    inRow(2, 'transfer-resume')?.click();
    inRow(4, 'transfer-resume')?.click();
    inRow(2, 'transfer-cancel')?.click();
    await flush();
    expect(be.calls.filter((c) => c.cmd.endsWith('_transfer')).map((c) => [c.cmd, c.args.id])).toEqual([
      ['pause_transfer', 1],
      ['resume_transfer', 2],
      ['resume_transfer', 4],
      ['cancel_transfer', 2],
    ]);
  });

  it('pauses and resumes everything by looping over the items, and cancels all only once confirmed', async () => {
    const be = await start(
      handlers({
        list_transfers: () => [
          transfer(1, { state: { state: 'running' } }),
          transfer(2, { state: { state: 'queued' } }),
          transfer(3, { state: { state: 'paused' } }),
          failed,
          transfer(5, { state: { state: 'done' } }),
          transfer(6, { state: { state: 'cancelled' } }),
        ],
        pause_transfer: () => null,
        resume_transfer: () => null,
        cancel_transfer: () => null,
      }),
    );
    const ids = (cmd: string): unknown[] => be.callsOf(cmd).map((a) => a.id);
    byTestId('transfers-pause-all')?.click();
    await flush();
    expect(ids('pause_transfer')).toEqual([2, 1]);
    byTestId('transfers-resume-all')?.click();
    await flush();
    expect(ids('resume_transfer')).toEqual([4, 3]);

    byTestId('transfers-cancel-all')?.click();
    await flush();
    expect(byTestId('confirm-dialog')?.textContent).toContain('Cancel all 3 unfinished transfers?');
    byTestId('confirm-cancel')?.click();
    await flush();
    expect(ids('cancel_transfer')).toEqual([]);
    byTestId('transfers-cancel-all')?.click();
    await flush();
    byTestId('confirm-ok')?.click();
    await settle();
    expect(ids('cancel_transfer')).toEqual([2, 1, 3]);
    expect(byTestId('confirm-dialog')).toBeNull();
  });

  it('clears finished transfers and lists again', async () => {
    let list = [transfer(1, { state: { state: 'done' } }), transfer(2, { state: { state: 'running' } }), transfer(3, { state: { state: 'cancelled' } })];
    const be = await start(
      handlers({
        list_transfers: () => list,
        clear_finished_transfers: () => {
          list = list.filter((t) => t.state.state === 'running');
          return null;
        },
      }),
    );
    expect(byTestId('transfer-summary')?.dataset.count).toBe('3');
    byTestId('transfers-clear')?.click();
    await settle();
    expect(be.callsOf('clear_finished_transfers')).toHaveLength(1);
    expect(byTestId('transfer-summary')?.dataset.count).toBe('1');
    expect((byTestId('transfers-clear') as HTMLButtonElement).disabled).toBe(true);
  });

  it('opens a finished upload in its folder with the file selected', async () => {
    const be = await start(
      handlers({ list_transfers: () => [transfer(1, { bucket: 's', key: 'docs/report.pdf', state: { state: 'done' }, done: 1000 })] }),
    );
    await openSpace(be, 's', [folder('', 'docs')]);
    byTestId('transfer-panel-toggle')?.click();
    await flush();
    $('[data-testid="transfer-row"][data-id="1"] [data-testid="transfer-reveal"]')?.click();
    await flush();
    const l = be.listings[be.listings.length - 1]!;
    expect(l.args).toMatchObject({ accountId: 'a1', bucket: 's', prefix: 'docs/' });
    l.page([file('docs/', 'report.pdf', 1000)]);
    await flush();
    expect($('[data-testid="file-row"][aria-selected="true"]')?.dataset.key).toBe('docs/report.pdf');
  });

  it('refreshes the folder on screen once after uploads land in it, and not for others', async () => {
    const be = await start(handlers());
    await openSpace(be, 's', []);
    const before = be.listings.length;
    for (let i = 1; i <= 20; i++) await be.transfer(transfer(i, { bucket: 's', key: `f${i}`, state: { state: 'running' } }));
    await be.transfer(transfer(50, { bucket: 'other', key: 'f', state: { state: 'running' } }));
    for (let i = 1; i <= 20; i++) await be.transfer(transfer(i, { bucket: 's', key: `f${i}`, state: { state: 'done' }, done: 1000 }));
    await flush();
    expect(be.listings.length).toBe(before);
    await new Promise((r) => setTimeout(r, 650));
    await flush();
    expect(be.listings.length).toBe(before + 1);
    expect(be.listings[before]?.args).toMatchObject({ bucket: 's', prefix: '' });

    await be.transfer(transfer(50, { bucket: 'other', key: 'f', state: { state: 'done' }, done: 1000 }));
    await new Promise((r) => setTimeout(r, 650));
    await flush();
    expect(be.listings.length).toBe(before + 1);
  });
});
