// Work an earlier session left unfinished, clicked through the whole App over the scripted
// backend: interrupted transfers offered at start, and unfinished multipart uploads found by
// the background check. What each button sends, what shows, what goes, and that nothing is
// thrown away without a confirmation.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Account } from './lib/bindings/Account';
import type { LeftoverUpload } from './lib/bindings/LeftoverUpload';
import { flush, interruptedTransfer, leftoverUpload, transfer, type Args, type Handler } from './test/backend';
import { $, $$, byTestId, useApp } from './test/app';

const MB = 1024 * 1024;
const WORK: Account = { id: 'a1', name: 'Work', provider: { type: 'digitalocean', region: 'ams3' }, accessKeyId: 'AK', addedSpaces: [] };
const HOME: Account = { ...WORK, id: 'a2', name: 'Home', accessKeyId: 'AK2' };
const SPACES: Record<string, string[]> = { a1: ['photos', 'docs'], a2: ['home'] };

const start = useApp();

afterEach(() => {
  vi.restoreAllMocks();
});

function handlers(extra: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    list_accounts: () => [WORK, HOME],
    list_spaces: (a) => ({
      spaces: (SPACES[a.accountId as string] ?? []).map((name) => ({ name, created: 0, region: 'ams3', addedByName: false })),
      listDenied: false,
    }),
    ...extra,
  };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 4; i++) await flush();
}

const text = (el: Element | null | undefined): string => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const toastTexts = (): string[] => $$('[data-testid="toast"]').map((t) => text(t));

// ---- Interrupted transfers ----

const BIG = interruptedTransfer('j1', { key: 'videos/keynote.mov', local: '/home/me/keynote.mov', size: 3 * 1024 * MB, done: 1024 * MB });
const DB = interruptedTransfer('j2', { key: 'db/dump.sql.gz', local: '/home/me/dump.sql.gz', size: 600 * MB, done: 200 * MB });
const DL = interruptedTransfer('j3', {
  direction: 'download',
  bucket: 'photos',
  key: 'exports/all.zip',
  local: '/home/me/Downloads/all.zip',
  size: 424 * MB,
  done: 24 * MB,
});

const irow = (id: string): HTMLElement | null => $(`[data-testid="interrupted-row"][data-id="${id}"]`);
const inRow = (id: string, testid: string): HTMLElement | null =>
  $(`[data-testid="interrupted-row"][data-id="${id}"] [data-testid="${testid}"]`);
const irows = (): (string | undefined)[] => $$('[data-testid="interrupted-row"]').map((r) => r.dataset.id);

describe('interrupted transfers', () => {
  it('asks the journal at start, after the live list, and shows what each one had moved', async () => {
    const be = await start(handlers({ interrupted_transfers: () => [BIG, DB, DL] }));
    const order = be.calls.map((c) => c.cmd).filter((c) => c === 'list_transfers' || c === 'interrupted_transfers');
    expect(order).toEqual(['list_transfers', 'interrupted_transfers']);
    expect(be.callsOf('interrupted_transfers')).toEqual([{}]);

    const panel = byTestId('interrupted-panel');
    expect(panel?.dataset.count).toBe('3');
    expect(text(byTestId('interrupted-summary'))).toBe(
      '3 transfers were interrupted when Spaceport closed — 1.2 GB of 4.0 GB already moved',
    );
    expect(irows()).toEqual(['j1', 'j2', 'j3']);
    expect(irow('j1')?.dataset.key).toBe('videos/keynote.mov');
    expect(irow('j1')?.dataset.direction).toBe('upload');
    expect(irow('j3')?.dataset.direction).toBe('download');
    expect(text(irow('j1'))).toContain('keynote.mov · to s');
    expect(text(irow('j1'))).toContain('1.0 GB of 3.0 GB');
    expect(text(irow('j3'))).toContain('all.zip · from photos');
    expect(text(irow('j3'))).toContain('24.0 MB of 424 MB');
    // Nothing was resumed or thrown away on its own.
    expect(be.callsOf('resume_interrupted')).toEqual([]);
    expect(be.callsOf('discard_interrupted')).toEqual([]);
    // The live panel is not involved until something is resumed.
    expect(byTestId('transfer-panel')).toBeNull();
  });

  it('shows nothing when no transfer was interrupted', async () => {
    await start(handlers());
    expect(byTestId('interrupted-panel')).toBeNull();
  });

  it('resumes one: it leaves the list, and its live transfer shows as a normal row', async () => {
    const be = await start(handlers({ interrupted_transfers: () => [BIG, DB], resume_interrupted: () => 41 }));
    inRow('j2', 'interrupted-resume')?.click();
    await settle();
    expect(be.callsOf('resume_interrupted')).toEqual([{ id: 'j2' }]);
    expect(irows()).toEqual(['j1']);
    expect(text(byTestId('interrupted-summary'))).toBe(
      '1 transfer was interrupted when Spaceport closed — 1.0 GB of 3.0 GB already moved',
    );

    await be.transfer(transfer(41, { key: DB.key, local: DB.local, size: DB.size, done: DB.done, state: { state: 'queued' } }));
    await flush();
    const live = $('[data-testid="transfer-row"][data-id="41"]');
    expect(live?.dataset.key).toBe('db/dump.sql.gz');
    expect(live?.dataset.done).toBe(String(200 * MB));
    expect(byTestId('transfer-panel')?.dataset.expanded).toBe('true');
  });

  it('resumes all in the listed order, and the panel goes away', async () => {
    let next = 50;
    const be = await start(handlers({ interrupted_transfers: () => [BIG, DB, DL], resume_interrupted: () => next++ }));
    byTestId('interrupted-resume-all')?.click();
    await settle();
    expect(be.callsOf('resume_interrupted')).toEqual([{ id: 'j1' }, { id: 'j2' }, { id: 'j3' }]);
    expect(byTestId('interrupted-panel')).toBeNull();
    expect(be.callsOf('discard_interrupted')).toEqual([]);
  });

  it('discards one only once confirmed', async () => {
    const be = await start(handlers({ interrupted_transfers: () => [BIG, DL], discard_interrupted: () => null }));
    inRow('j1', 'interrupted-discard')?.click();
    await flush();
    expect(text(byTestId('confirm-dialog'))).toContain('Discard the upload of “keynote.mov” to s? The 1.0 GB already uploaded are removed');
    byTestId('confirm-cancel')?.click();
    await flush();
    expect(byTestId('confirm-dialog')).toBeNull();
    expect(be.callsOf('discard_interrupted')).toEqual([]);
    expect(irows()).toEqual(['j1', 'j3']);

    inRow('j3', 'interrupted-discard')?.click();
    await flush();
    expect(text(byTestId('confirm-dialog'))).toContain('Discard the download of “all.zip”? The partial file (24.0 MB) is deleted');
    byTestId('confirm-ok')?.click();
    await settle();
    expect(be.callsOf('discard_interrupted')).toEqual([{ id: 'j3' }]);
    expect(byTestId('confirm-dialog')).toBeNull();
    expect(irows()).toEqual(['j1']);
    expect(be.callsOf('resume_interrupted')).toEqual([]);
  });

  it('discards all only once confirmed, telling how much is thrown away', async () => {
    const be = await start(handlers({ interrupted_transfers: () => [BIG, DB, DL], discard_interrupted: () => null }));
    byTestId('interrupted-discard-all')?.click();
    await flush();
    expect(text(byTestId('confirm-dialog'))).toContain('Discard all 3 interrupted transfers? The 1.2 GB already moved are thrown away');
    byTestId('confirm-cancel')?.click();
    await flush();
    expect(be.callsOf('discard_interrupted')).toEqual([]);
    expect(irows()).toEqual(['j1', 'j2', 'j3']);

    byTestId('interrupted-discard-all')?.click();
    await flush();
    byTestId('confirm-ok')?.click();
    await settle();
    expect(be.callsOf('discard_interrupted')).toEqual([{ id: 'j1' }, { id: 'j2' }, { id: 'j3' }]);
    expect(byTestId('interrupted-panel')).toBeNull();
    expect(byTestId('confirm-dialog')).toBeNull();
  });

  it('shows the backend’s message when resuming or discarding fails, and keeps the item', async () => {
    const be = await start(
      handlers({
        interrupted_transfers: () => [BIG, DB],
        resume_interrupted: () => {
          throw { kind: 'Io', message: 'Could not read /home/me/keynote.mov: it was moved or deleted.' };
        },
        discard_interrupted: () => {
          throw { kind: 'Network', message: 'Could not reach the server to remove the partial upload.' };
        },
      }),
    );
    inRow('j1', 'interrupted-resume')?.click();
    await settle();
    expect(toastTexts()).toEqual(['Could not read /home/me/keynote.mov: it was moved or deleted.']);
    expect(irows()).toEqual(['j1', 'j2']);

    inRow('j2', 'interrupted-discard')?.click();
    await flush();
    byTestId('confirm-ok')?.click();
    await settle();
    expect(be.callsOf('discard_interrupted')).toEqual([{ id: 'j2' }]);
    expect(toastTexts()).toContain('Could not reach the server to remove the partial upload.');
    expect(irows()).toEqual(['j1', 'j2']);
  });

  it('drops an item the journal no longer has, and resume all reports one failure once', async () => {
    const be = await start(
      handlers({
        interrupted_transfers: () => [BIG, DB, DL],
        resume_interrupted: (a: Args) => {
          if (a.id === 'j1') throw { kind: 'NotFound', message: 'That interrupted transfer is no longer in the journal.' };
          if (a.id === 'j2') throw { kind: 'AccessDenied', message: 'This key may not write to "s".' };
          return 9;
        },
      }),
    );
    byTestId('interrupted-resume-all')?.click();
    await settle();
    expect(be.callsOf('resume_interrupted')).toEqual([{ id: 'j1' }, { id: 'j2' }, { id: 'j3' }]);
    // j1 is gone from the journal, j3 was resumed: only the one that failed stays.
    expect(irows()).toEqual(['j2']);
    expect(toastTexts()).toEqual(['This key may not write to "s".']);
  });

  it('tells why the journal could not be read', async () => {
    await start(
      handlers({
        interrupted_transfers: () => {
          throw { kind: 'Io', message: 'Could not read the transfer journal.' };
        },
      }),
    );
    expect(toastTexts()).toEqual(['Could not read the transfer journal.']);
    expect(byTestId('interrupted-panel')).toBeNull();
  });
});

// ---- Leftover multipart uploads ----

const OLD = leftoverUpload('photos', 'raw/IMG_0001.CR3', { uploadId: 'u1', size: 40 * MB, initiated: '2026-03-14T02:00:11Z' });
const OLDER = leftoverUpload('photos', 'raw/IMG_0002.CR3', { uploadId: 'u2', size: 5 * MB, initiated: null });
const HOMEBAK = leftoverUpload('home', 'backup.tar', { uploadId: 'u3', size: 1 * MB });

interface Pending {
  args: Args;
  resolve: (value: LeftoverUpload[]) => void;
  reject: (err: unknown) => void;
}

const lrows = (): [string | undefined, string | undefined][] =>
  $$('[data-testid="leftover-row"]').map((r) => [r.dataset.key, r.dataset.uploadId]);
const lrow = (uploadId: string): HTMLElement | null => $(`[data-testid="leftover-row"][data-upload-id="${uploadId}"]`);
const tick = (uploadId: string): HTMLInputElement | null =>
  $<HTMLInputElement>(`[data-testid="leftover-row"][data-upload-id="${uploadId}"] [data-testid="leftover-select"]`);

/** Leftovers by account and Space, as find_leftover_uploads answers. */
function finder(found: Record<string, LeftoverUpload[]>): Handler {
  return (a) => found[`${a.accountId as string}/${a.bucket as string}`] ?? [];
}

describe('leftover uploads', () => {
  it('checks each listed Space once, one at a time, in the background', async () => {
    const pending: Pending[] = [];
    const be = await start(
      handlers({
        find_leftover_uploads: (args) =>
          new Promise<LeftoverUpload[]>((resolve, reject) => pending.push({ args, resolve, reject })),
      }),
    );
    // One request at a time: the next Space waits for the answer about the previous one.
    expect(pending.map((p) => p.args)).toEqual([{ accountId: 'a1', bucket: 'photos' }]);
    pending[0]!.resolve([OLD, OLDER]);
    await settle();
    expect(pending.map((p) => p.args)).toHaveLength(2);
    pending[1]!.resolve([]);
    await settle();
    pending[2]!.resolve([]);
    await settle();
    expect(pending.map((p) => p.args)).toEqual([
      { accountId: 'a1', bucket: 'photos' },
      { accountId: 'a1', bucket: 'docs' },
      { accountId: 'a2', bucket: 'home' },
    ]);

    const notice = byTestId('leftovers-notice');
    expect(notice?.dataset.count).toBe('2');
    expect(text(notice)).toBe('2 unfinished uploads from other sessions hold 45.0 MB in ‘photos’ (billed until removed) · Review');
    // Nothing is opened or aborted on its own.
    expect(byTestId('leftovers-dialog')).toBeNull();
    expect(be.callsOf('abort_leftover_uploads')).toEqual([]);

    // Listing the Spaces again checks nothing again this session.
    $('[data-testid="account"][data-account-name="Work"] [data-testid="account-menu"]')?.click();
    await flush();
    byTestId('account-refresh')?.click();
    await settle();
    expect(be.callsOf('list_spaces').filter((a) => a.accountId === 'a1')).toHaveLength(2);
    expect(pending).toHaveLength(3);
  });

  it('skips a Space it may not check, quietly, and goes on with the others', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const be = await start(
      handlers({
        find_leftover_uploads: (a) => {
          if (a.bucket === 'photos') throw { kind: 'AccessDenied', message: 'This key may not list uploads in "photos".' };
          return a.bucket === 'home' ? [HOMEBAK] : [];
        },
      }),
    );
    await settle();
    expect(be.callsOf('find_leftover_uploads').map((a) => a.bucket)).toEqual(['photos', 'docs', 'home']);
    expect(byTestId('toast')).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('This key may not list uploads in "photos".');
    expect(text(byTestId('leftovers-notice'))).toContain('1 unfinished upload from other sessions holds 1.0 MB in ‘home’');
  });

  it('shows no notice when nothing is left over', async () => {
    const be = await start(handlers());
    await settle();
    expect(be.callsOf('find_leftover_uploads')).toHaveLength(3);
    expect(byTestId('leftovers-notice')).toBeNull();
  });

  it('reviews them all selected, and aborts the selected ones only once confirmed', async () => {
    const be = await start(
      handlers({
        find_leftover_uploads: finder({ 'a1/photos': [OLD, OLDER], 'a2/home': [HOMEBAK] }),
        abort_leftover_uploads: () => null,
      }),
    );
    await settle();
    expect(text(byTestId('leftovers-notice'))).toContain('3 unfinished uploads from other sessions hold 46.0 MB in 2 Spaces');
    byTestId('leftovers-review')?.click();
    await flush();
    expect(byTestId('leftovers-dialog')).not.toBeNull();
    expect(lrows()).toEqual([
      ['raw/IMG_0001.CR3', 'u1'],
      ['raw/IMG_0002.CR3', 'u2'],
      ['backup.tar', 'u3'],
    ]);
    expect(text(lrow('u1'))).toContain('photos');
    expect(text(lrow('u1'))).toContain('40.0 MB');
    expect(text(lrow('u1'))).toMatch(/2026/);
    expect(text(lrow('u2'))).toContain('—');
    expect([tick('u1')?.checked, tick('u2')?.checked, tick('u3')?.checked]).toEqual([true, true, true]);

    tick('u2')?.click();
    await flush();
    expect(tick('u2')?.checked).toBe(false);
    expect(text(byTestId('leftovers-summary'))).toBe('2 of 3 uploads selected · 41.0 MB of 46.0 MB');

    byTestId('leftovers-abort')?.click();
    await flush();
    expect(text(byTestId('confirm-dialog'))).toContain('Abort 2 unfinished uploads? Their parts (41.0 MB) are deleted from the server');
    byTestId('confirm-cancel')?.click();
    await flush();
    expect(byTestId('confirm-dialog')).toBeNull();
    expect(be.callsOf('abort_leftover_uploads')).toEqual([]);
    expect(byTestId('leftovers-dialog')).not.toBeNull();

    byTestId('leftovers-abort')?.click();
    await flush();
    byTestId('confirm-ok')?.click();
    await settle();
    // Account by account, with the uploads exactly as they were found.
    expect(be.callsOf('abort_leftover_uploads')).toEqual([
      { accountId: 'a1', uploads: [OLD] },
      { accountId: 'a2', uploads: [HOMEBAK] },
    ]);
    expect(byTestId('confirm-dialog')).toBeNull();
    expect(lrows()).toEqual([['raw/IMG_0002.CR3', 'u2']]);
    expect(text(byTestId('leftovers-notice'))).toContain('1 unfinished upload from other sessions holds 5.0 MB in ‘photos’');
    expect(toastTexts()).toContain('Aborted 2 unfinished uploads; 41.0 MB no longer stored.');

    // What was left unticked stays unticked; aborting the last one closes the dialog, and the
    // notice goes.
    expect(tick('u2')?.checked).toBe(false);
    expect((byTestId('leftovers-abort') as HTMLButtonElement).disabled).toBe(true);
    tick('u2')?.click();
    await flush();
    byTestId('leftovers-abort')?.click();
    await flush();
    expect(text(byTestId('confirm-dialog'))).toContain('Abort the unfinished upload of “raw/IMG_0002.CR3”?');
    byTestId('confirm-ok')?.click();
    await settle();
    expect(be.callsOf('abort_leftover_uploads')[2]).toEqual({ accountId: 'a1', uploads: [OLDER] });
    expect(byTestId('leftovers-dialog')).toBeNull();
    expect(byTestId('leftovers-notice')).toBeNull();
  });

  it('disables Abort with nothing selected, and selects all again from the header', async () => {
    await start(handlers({ find_leftover_uploads: finder({ 'a1/photos': [OLD, OLDER] }) }));
    await settle();
    byTestId('leftovers-review')?.click();
    await flush();
    const all = byTestId('leftovers-select-all') as HTMLInputElement;
    expect(all.checked).toBe(true);
    all.click();
    await flush();
    expect([tick('u1')?.checked, tick('u2')?.checked]).toEqual([false, false]);
    expect((byTestId('leftovers-abort') as HTMLButtonElement).disabled).toBe(true);
    // A click on the row (not only its box) ticks it.
    $('[data-upload-id="u2"] .key')?.click();
    await flush();
    expect(tick('u2')?.checked).toBe(true);
    expect(all.indeterminate).toBe(true);
    expect((byTestId('leftovers-abort') as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows why aborting failed and lists what the server still has', async () => {
    let found: LeftoverUpload[] = [OLD, OLDER];
    const be = await start(
      handlers({
        find_leftover_uploads: (a) => (a.bucket === 'photos' ? found : []),
        abort_leftover_uploads: () => {
          // The backend tries every one: the first went, the second did not.
          found = [OLDER];
          throw { kind: 'AccessDenied', message: 'This key may not delete in "photos".' };
        },
      }),
    );
    await settle();
    byTestId('leftovers-review')?.click();
    await flush();
    byTestId('leftovers-abort')?.click();
    await flush();
    byTestId('confirm-ok')?.click();
    await settle();
    expect(be.callsOf('abort_leftover_uploads')).toEqual([{ accountId: 'a1', uploads: [OLD, OLDER] }]);
    expect(toastTexts()).toContain('This key may not delete in "photos".');
    // Checked again: only what is still there is listed.
    expect(be.callsOf('find_leftover_uploads').filter((a) => a.bucket === 'photos')).toHaveLength(2);
    expect(lrows()).toEqual([['raw/IMG_0002.CR3', 'u2']]);
    expect(byTestId('leftovers-dialog')).not.toBeNull();
  });

  it('keeps them: the dialog closes, nothing is aborted, and the notice goes', async () => {
    const be = await start(handlers({ find_leftover_uploads: finder({ 'a1/photos': [OLD] }) }));
    await settle();
    byTestId('leftovers-review')?.click();
    await flush();
    byTestId('leftovers-keep')?.click();
    await flush();
    expect(byTestId('leftovers-dialog')).toBeNull();
    expect(byTestId('leftovers-notice')).toBeNull();
    expect(be.callsOf('abort_leftover_uploads')).toEqual([]);
  });

  it('checks a Space again on demand, from its menu and from the dialog', async () => {
    let found: LeftoverUpload[] = [];
    const be = await start(handlers({ find_leftover_uploads: (a) => (a.bucket === 'docs' ? found : []) }));
    await settle();
    expect(be.callsOf('find_leftover_uploads')).toHaveLength(3);
    expect(byTestId('leftovers-notice')).toBeNull();

    const space = $('[data-testid="sidebar-space"][data-space="docs"]');
    space?.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: 10, clientY: 10 }));
    await flush();
    byTestId('space-check-leftovers')?.click();
    await settle();
    expect(be.callsOf('find_leftover_uploads')[3]).toEqual({ accountId: 'a1', bucket: 'docs' });
    expect(byTestId('leftovers-dialog')?.textContent).toContain('Unfinished uploads in ‘docs’');
    expect(text(byTestId('leftovers-empty'))).toBe('No unfinished uploads in ‘docs’.');

    found = [leftoverUpload('docs', 'big.pdf', { uploadId: 'd1' })];
    byTestId('leftovers-recheck')?.click();
    await settle();
    expect(be.callsOf('find_leftover_uploads')[4]).toEqual({ accountId: 'a1', bucket: 'docs' });
    expect(lrows()).toEqual([['big.pdf', 'd1']]);
    expect(byTestId('leftovers-notice')?.dataset.count).toBe('1');
  });

  it('shows why an on-demand check failed', async () => {
    let online = true;
    await start(
      handlers({
        find_leftover_uploads: () => {
          if (!online) throw { kind: 'Network', message: 'The server did not answer.' };
          return [];
        },
      }),
    );
    await settle();
    online = false;
    const space = $('[data-testid="sidebar-space"][data-space="home"]');
    space?.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true }));
    await flush();
    byTestId('space-check-leftovers')?.click();
    await settle();
    expect(toastTexts()).toEqual(['The server did not answer.']);
  });

  it('forgets what it found for an account that is removed', async () => {
    const be = await start(
      handlers({ find_leftover_uploads: finder({ 'a2/home': [HOMEBAK] }), remove_account: () => null }),
    );
    await settle();
    expect(byTestId('leftovers-notice')?.dataset.count).toBe('1');
    $('[data-testid="account"][data-account-name="Home"] [data-testid="account-menu"]')?.click();
    await flush();
    byTestId('account-remove')?.click();
    await flush();
    byTestId('confirm-ok')?.click();
    await settle();
    expect(be.callsOf('remove_account')).toEqual([{ id: 'a2' }]);
    expect(byTestId('leftovers-notice')).toBeNull();
  });
});
