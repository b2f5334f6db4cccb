// Folder sync clicked through the whole App over the scripted backend: Set up sync, the
// plan and Start, the pairs' status and activity from `sync` broadcasts, Pause, Resume and
// Remove, and failures shown as the backend words them.
import { beforeEach, describe, expect, it } from 'vitest';
import type { NewSyncPair } from './lib/bindings/NewSyncPair';
import type { SyncPlan } from './lib/bindings/SyncPlan';
import { folder, file, flush, type Args } from './test/backend';
import { $$, byTestId, type, useApp } from './test/app';
import { ONE_SPACE, openSpace, settle, text } from './test/objects';
import { deferred, typeInto } from './test/spaces';
import { broadcast, DEFAULT_OPTIONS, enterFolder, inPair, openSyncView, pairRow, pairState, plan } from './test/sync';

const start = useApp();
beforeEach(() => localStorage.clear());

const input = (id: string): HTMLInputElement => byTestId(id) as HTMLInputElement;

function submit(dialog: string): void {
  byTestId(dialog)?.querySelector('form')?.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
}

/** The backend's side of a new pair: add answers with the pair in Setup, preview with `p`. */
function setupBackend(p: SyncPlan | Promise<SyncPlan>): Record<string, (args: Args) => unknown> {
  return {
    ...ONE_SPACE,
    add_sync_pair: (args) => {
      const n = args.pair as NewSyncPair;
      return pairState('p9', { status: { state: 'setup' } }, { ...n, id: 'p9', agreed: false });
    },
    preview_sync_pair: () => p,
    start_sync_pair: () => null,
  };
}

describe('set up sync', () => {
  it('starts from the folder on screen, sends the form, shows the plan with its counts, and Start runs it', async () => {
    const preview = deferred<SyncPlan>();
    const be = await start(setupBackend(preview.promise));
    await openSpace(be, [folder('', 'docs'), file('', 'x.txt')]);
    // Into docs/: the form's default folder in the Space.
    await enterFolder(be, 'docs/');

    await openSyncView();
    expect(byTestId('sync-view')).not.toBeNull();
    expect(byTestId('file-table')).toBeNull();
    expect(byTestId('sidebar-sync')?.getAttribute('aria-current')).toBe('page');
    expect(text(byTestId('sync-empty'))).toContain('No folder is synced yet.');
    byTestId('sync-setup')?.click();
    await settle();

    expect(input('sync-setup-local').value).toBe('');
    expect((byTestId('sync-setup-account') as HTMLSelectElement).value).toBe('a1');
    expect((byTestId('sync-setup-bucket') as HTMLSelectElement).value).toBe('s');
    expect(input('sync-setup-prefix').value).toBe('docs/');
    expect(input('sync-setup-delete-remote').checked).toBe(false);
    expect(input('sync-setup-acl-private').checked).toBe(true);
    expect((byTestId('sync-setup-cache-control') as HTMLSelectElement).value).toBe('');
    expect((byTestId('sync-setup-ignore') as HTMLTextAreaElement).value).toBe(DEFAULT_OPTIONS.ignore.join('\n'));
    expect(input('sync-setup-checksums').checked).toBe(false);

    // Nothing is sent without a folder.
    submit('sync-setup-dialog');
    await settle();
    expect(text(byTestId('sync-setup-problem'))).toBe('Choose the folder on this computer to sync.');
    expect(be.callsOf('add_sync_pair')).toEqual([]);

    type('sync-setup-local', ' /home/me/Photos ');
    type('sync-setup-prefix', 'photos');
    input('sync-setup-acl-public').click();
    type('sync-setup-cache-control', 'max-age=86400');
    typeInto(byTestId('sync-setup-ignore'), '.git\n\n*.raw\n.git\n');
    input('sync-setup-checksums').click();
    await flush();
    byTestId('sync-setup-create')?.click();
    await settle();

    expect(be.callsOf('add_sync_pair')).toEqual([
      {
        pair: {
          local: '/home/me/Photos',
          accountId: 'a1',
          bucket: 's',
          prefix: 'photos/',
          options: { deleteRemote: false, acl: 'publicRead', cacheControl: 'max-age=86400', ignore: ['.git', '*.raw'], compareChecksums: true },
        },
      },
    ]);
    // The pair is listed at once, waiting for its plan; the plan is being compared.
    expect(byTestId('sync-setup-dialog')).toBeNull();
    expect(text(inPair('p9', 'sync-pair-status'))).toBe('Waiting for you to review the plan');
    expect(byTestId('sync-plan-state')?.dataset.state).toBe('previewing');
    expect(text(byTestId('sync-plan-progress'))).toContain('Comparing the folder with the Space');
    const previewArgs = be.callsOf('preview_sync_pair');
    expect(previewArgs.length).toBe(1);
    expect(previewArgs[0]?.pairId).toBe('p9');
    expect(typeof previewArgs[0]?.opId).toBe('string');

    preview.resolve(plan());
    await settle();
    const summary = byTestId('sync-plan-summary');
    expect(text(summary)).toBe('3 to upload (1.0 MB), 9,001 unchanged, 12 only in the Space (kept)');
    expect(summary?.dataset.uploads).toBe('3');
    expect(summary?.dataset.deletes).toBe('0');
    expect($$('[data-testid="sync-plan-upload"]').map((li) => li.dataset.path)).toEqual(['a.txt', 'notes/b.md', 'c.jpg']);
    expect(byTestId('sync-plan-deletes')).toBeNull();
    expect(be.callsOf('start_sync_pair')).toEqual([]);

    byTestId('sync-plan-start')?.click();
    await settle();
    expect(be.callsOf('start_sync_pair')).toEqual([{ pairId: 'p9' }]);
    expect(byTestId('sync-plan-dialog')).toBeNull();
    expect(text(byTestId('toast'))).toBe('Syncing /home/me/Photos to s/photos/.');
  });

  it('keeps deleting in the Space off unless asked, and warns when it is on', async () => {
    const be = await start(setupBackend(plan()));
    await openSyncView();
    byTestId('sync-setup')?.click();
    await settle();
    expect(input('sync-setup-delete-remote').checked).toBe(false);
    expect(text(byTestId('sync-setup-delete-warning'))).toBe('Off: files deleted here stay in the Space.');
    input('sync-setup-delete-remote').click();
    await flush();
    expect(text(byTestId('sync-setup-delete-warning'))).toContain('is deleted in the Space as well');
    input('sync-setup-delete-remote').click();
    await flush();
    type('sync-setup-local', '/home/me/work');
    byTestId('sync-setup-create')?.click();
    await settle();
    const sent = be.callsOf('add_sync_pair')[0]?.pair as NewSyncPair;
    expect(sent.options).toEqual(DEFAULT_OPTIONS);
    // At the Space's top when no folder was open.
    expect(sent.prefix).toBe('');
  });

  it('shows the deletes in red with their count, and Start asks first, naming it', async () => {
    const withDeletes = plan({ deletes: ['old/1.txt', 'old/2.txt'], keptRemote: 0 });
    const be = await start(setupBackend(withDeletes));
    await openSyncView();
    byTestId('sync-setup')?.click();
    await settle();
    type('sync-setup-local', '/home/me/site');
    input('sync-setup-delete-remote').click();
    await flush();
    byTestId('sync-setup-create')?.click();
    await settle();
    expect((be.callsOf('add_sync_pair')[0]?.pair as NewSyncPair).options.deleteRemote).toBe(true);
    expect(text(byTestId('sync-plan-summary'))).toBe('3 to upload (1.0 MB), 2 to delete, 9,001 unchanged');
    expect(byTestId('sync-plan-summary')?.dataset.deletes).toBe('2');
    expect($$('[data-testid="sync-plan-delete"]').map((li) => li.dataset.path)).toEqual(['old/1.txt', 'old/2.txt']);

    byTestId('sync-plan-start')?.click();
    await settle();
    expect(be.callsOf('start_sync_pair')).toEqual([]);
    expect(text(byTestId('sync-plan-confirm'))).toBe(
      'Start the sync and delete 2 files in s/? Their local files are gone. This cannot be undone.',
    );
    byTestId('sync-plan-confirm-back')?.click();
    await settle();
    expect(byTestId('sync-plan-confirm')).toBeNull();
    expect(be.callsOf('start_sync_pair')).toEqual([]);

    byTestId('sync-plan-start')?.click();
    await settle();
    expect(text(byTestId('sync-plan-confirm-ok'))).toBe('Start and delete 2');
    byTestId('sync-plan-confirm-ok')?.click();
    await settle();
    expect(be.callsOf('start_sync_pair')).toEqual([{ pairId: 'p9' }]);
  });

  it('caps a long plan with "and N more"', async () => {
    const many = plan({
      uploads: Array.from({ length: 250 }, (_, i) => ({ path: `f${i}.bin`, size: 10, reason: 'new' as const })),
      uploadBytes: 2500,
    });
    await start(setupBackend(many));
    await openSyncView();
    byTestId('sync-setup')?.click();
    await settle();
    type('sync-setup-local', '/data');
    byTestId('sync-setup-create')?.click();
    await settle();
    expect(text(byTestId('sync-plan-summary'))).toBe('250 to upload (2.4 KB), 9,001 unchanged, 12 only in the Space (kept)');
    expect($$('[data-testid="sync-plan-upload"]').length).toBe(200);
    expect(text(byTestId('sync-plan-uploads-more'))).toBe('…and 50 more');
  });

  it('Not now leaves the pair waiting; Review plan compares again', async () => {
    let previews = 0;
    const be = await start({
      ...ONE_SPACE,
      list_sync_pairs: () => [pairState('p1', { status: { state: 'setup' } }, { agreed: false })],
      preview_sync_pair: () => {
        previews += 1;
        return plan({ unchanged: previews });
      },
      start_sync_pair: () => null,
    });
    await openSyncView();
    expect(text(inPair('p1', 'sync-pair-status'))).toBe('Waiting for you to review the plan');
    expect(inPair('p1', 'sync-pair-pause')).toBeNull();
    inPair('p1', 'sync-pair-review')?.click();
    await settle();
    expect(be.callsOf('preview_sync_pair').map((a) => a.pairId)).toEqual(['p1']);
    expect(text(byTestId('sync-plan-summary'))).toContain('1 unchanged');
    byTestId('sync-plan-later')?.click();
    await settle();
    expect(byTestId('sync-plan-dialog')).toBeNull();
    expect(be.callsOf('start_sync_pair')).toEqual([]);
    expect(pairRow('p1')?.dataset.state).toBe('setup');

    inPair('p1', 'sync-pair-review')?.click();
    await settle();
    expect(be.callsOf('preview_sync_pair').length).toBe(2);
    expect(text(byTestId('sync-plan-summary'))).toContain('2 unchanged');
  });
});

describe('the Sync view', () => {
  it('shows each pair, and follows sync broadcasts: progress, activity newest first, errors', async () => {
    const watching = pairState('p1', { lastSyncMs: Date.now() - 5 * 60_000 }, { local: '/home/me/Photos', prefix: 'photos/' });
    await start({ ...ONE_SPACE, list_sync_pairs: () => [watching] });
    await openSyncView();
    expect(text(inPair('p1', 'sync-pair-local'))).toBe('/home/me/Photos');
    expect(text(inPair('p1', 'sync-pair-target'))).toBe('s/photos/');
    expect(text(inPair('p1', 'sync-pair-status'))).toBe('Watching');
    expect(text(inPair('p1', 'sync-pair-last'))).toBe('Last sync 5 min ago');
    expect(inPair('p1', 'sync-pair-activity')).toBeNull();

    await broadcast({ ...watching, status: { state: 'syncing', done: 12, total: 40 } });
    expect(text(inPair('p1', 'sync-pair-status'))).toBe('Syncing 12 of 40');
    expect(inPair('p1', 'sync-pair-status')?.dataset.state).toBe('syncing');

    const at = Date.now();
    await broadcast({
      ...watching,
      status: { state: 'watching', failed: 1 },
      lastSyncMs: at,
      activity: [
        { atMs: at, action: 'failed', path: 'locked.jpg', bytes: 0, message: 'Access denied: this key may not write here.' },
        { atMs: at - 1000, action: 'deleted', path: 'old.txt', bytes: 0, message: null },
        { atMs: at - 2000, action: 'uploaded', path: 'new.jpg', bytes: 2048, message: null },
      ],
      lastOutcome: { uploaded: 1, deleted: 1, failed: 1, bytes: 2048 },
    });
    expect(text(inPair('p1', 'sync-pair-status'))).toBe('Watching; 1 file failed and will be tried again');
    expect(text(inPair('p1', 'sync-pair-last'))).toBe('Last sync just now');
    const items = Array.from(pairRow('p1')?.querySelectorAll<HTMLElement>('[data-testid="sync-activity"]') ?? []);
    expect(items.map((li) => [li.dataset.action, li.dataset.path])).toEqual([
      ['failed', 'locked.jpg'],
      ['deleted', 'old.txt'],
      ['uploaded', 'new.jpg'],
    ]);
    expect(text(items[0]?.querySelector('[data-testid="sync-activity-reason"]'))).toBe('Access denied: this key may not write here.');
    expect(text(items[2])).toContain('2.0 KB');

    await broadcast({ ...watching, status: { state: 'error', kind: 'NotFound', message: 'The folder /home/me/Photos is gone.' } });
    const status = inPair('p1', 'sync-pair-status');
    expect(text(status)).toBe('The folder /home/me/Photos is gone.');
    expect(status?.dataset.kind).toBe('NotFound');
    expect(byTestId('sidebar-sync-errors')).not.toBeNull();

    // A pair made elsewhere (the CLI does not broadcast; a second window does) joins the list.
    await broadcast(pairState('p2'));
    expect($$('[data-testid="sync-pair"]').map((r) => r.dataset.pairId)).toEqual(['p1', 'p2']);
  });

  it('Pause and Resume call their commands; Remove asks first and says nothing is deleted', async () => {
    const be = await start({
      ...ONE_SPACE,
      list_sync_pairs: () => [pairState('p1'), pairState('p2', { status: { state: 'paused' } }, { paused: true })],
      pause_sync_pair: () => null,
      resume_sync_pair: () => null,
      remove_sync_pair: () => null,
    });
    await openSyncView();
    expect(inPair('p1', 'sync-pair-resume')).toBeNull();
    expect(text(inPair('p2', 'sync-pair-status'))).toBe('Paused');
    inPair('p1', 'sync-pair-pause')?.click();
    await settle();
    expect(be.callsOf('pause_sync_pair')).toEqual([{ pairId: 'p1' }]);
    inPair('p2', 'sync-pair-resume')?.click();
    await settle();
    expect(be.callsOf('resume_sync_pair')).toEqual([{ pairId: 'p2' }]);

    inPair('p1', 'sync-pair-remove')?.click();
    await settle();
    expect(text(byTestId('confirm-dialog'))).toContain(
      'Stop syncing /home/me/p1 to s/backup/? Nothing in the Space or in the folder is deleted',
    );
    byTestId('confirm-cancel')?.click();
    await settle();
    expect(be.callsOf('remove_sync_pair')).toEqual([]);
    expect(pairRow('p1')).not.toBeNull();

    inPair('p1', 'sync-pair-remove')?.click();
    await settle();
    byTestId('confirm-ok')?.click();
    await settle();
    expect(be.callsOf('remove_sync_pair')).toEqual([{ pairId: 'p1' }]);
    expect(pairRow('p1')).toBeNull();
    expect(pairRow('p2')).not.toBeNull();
    // A broadcast sent before the removal does not bring it back.
    await broadcast(pairState('p1'));
    expect(pairRow('p1')).toBeNull();
  });

  it('leaves the Sync view for an account or a Space clicked in the sidebar', async () => {
    const be = await start({ ...ONE_SPACE });
    await openSyncView();
    expect(byTestId('sync-view')).not.toBeNull();
    await openSpace(be, [file('', 'x.txt')]);
    expect(byTestId('sync-view')).toBeNull();
    expect(byTestId('file-table')).not.toBeNull();
    expect(byTestId('sidebar-sync')?.getAttribute('aria-current')).toBeNull();
  });
});

describe('failures', () => {
  it('shows the backend message when the pair cannot be added, and keeps the form', async () => {
    await start({
      ...ONE_SPACE,
      add_sync_pair: () => {
        throw { kind: 'NotFound', message: 'The folder /nope does not exist. Choose an existing folder.' };
      },
    });
    await openSyncView();
    byTestId('sync-setup')?.click();
    await settle();
    type('sync-setup-local', '/nope');
    byTestId('sync-setup-create')?.click();
    await settle();
    const error = byTestId('sync-setup-error');
    expect(text(error)).toBe('The folder /nope does not exist. Choose an existing folder.');
    expect(error?.dataset.kind).toBe('NotFound');
    expect(input('sync-setup-local').value).toBe('/nope');
    expect(byTestId('sync-plan-dialog')).toBeNull();
  });

  it('shows a failed preview, a refused start and a refused pause by their messages', async () => {
    let fail = true;
    await start({
      ...ONE_SPACE,
      list_sync_pairs: () => [pairState('p1', { status: { state: 'setup' } }, { agreed: false }), pairState('p2')],
      preview_sync_pair: () => {
        if (fail) throw { kind: 'AccessDenied', message: 'This key may not list "s".' };
        return plan();
      },
      start_sync_pair: () => {
        throw { kind: 'Conflict', message: 'Look at the plan first, then start the sync.' };
      },
      pause_sync_pair: () => {
        throw { kind: 'Io', message: 'Could not save the sync pairs: the disk is full.' };
      },
    });
    await openSyncView();
    inPair('p1', 'sync-pair-review')?.click();
    await settle();
    expect(byTestId('sync-plan-state')?.dataset.state).toBe('failed');
    expect(text(byTestId('sync-plan-error'))).toBe('This key may not list "s".');
    expect(byTestId('sync-plan-start')).toBeNull();

    fail = false;
    byTestId('sync-plan-retry')?.click();
    await settle();
    byTestId('sync-plan-start')?.click();
    await settle();
    expect(byTestId('sync-plan-error')?.dataset.kind).toBe('Conflict');
    expect(text(byTestId('sync-plan-error'))).toBe('Look at the plan first, then start the sync.');
    expect(byTestId('sync-plan-dialog')).not.toBeNull();
    byTestId('sync-plan-later')?.click();
    await settle();

    inPair('p2', 'sync-pair-pause')?.click();
    await settle();
    expect(text(byTestId('toast'))).toBe('Could not save the sync pairs: the disk is full.');
  });
});
