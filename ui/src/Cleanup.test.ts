// The cleanup rule clicked through the whole App over the scripted backend: preview, the
// confirmation with its count, the delete with the preview's cutoff, progress and Stop, the
// report with its failures, and errors as the backend words them.
import { beforeEach, describe, expect, it } from 'vitest';
import type { CleanupPreview } from './lib/bindings/CleanupPreview';
import type { OpReport } from './lib/bindings/OpReport';
import { file, folder } from './test/backend';
import { $, $$, byTestId, type, useApp } from './test/app';
import { ONE_SPACE, openSpace, settle, text } from './test/objects';
import { deferred, progress } from './test/spaces';
import { enterFolder, openSyncView } from './test/sync';

const start = useApp();
beforeEach(() => localStorage.clear());

const CUTOFF = Date.UTC(2026, 10, 1, 12, 0);

const PREVIEW: CleanupPreview = {
  cutoffMs: CUTOFF,
  count: 1204,
  bytes: 3 * 1024 * 1024,
  files: [
    { key: 'logs/2025-01-01.log', size: 2048, lastModified: Date.UTC(2025, 0, 1) },
    { key: 'logs/2025-02-01.log', size: 4096, lastModified: Date.UTC(2025, 1, 1) },
  ],
  kept: 87,
};

async function openFromSyncView(): Promise<void> {
  await openSyncView();
  byTestId('sync-cleanup')?.click();
  await settle();
  expect(byTestId('cleanup-dialog')).not.toBeNull();
}

function submit(): void {
  byTestId('cleanup-dialog')?.querySelector('form')?.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
}

describe('clean up old files', () => {
  it('previews, asks with the count, deletes with the preview cutoff, and reports what failed', async () => {
    const run = deferred<OpReport>();
    const be = await start({ ...ONE_SPACE, preview_cleanup: () => PREVIEW, run_cleanup: () => run.promise, cancel_op: () => null });
    await openFromSyncView();
    expect((byTestId('cleanup-account') as HTMLSelectElement).value).toBe('a1');
    expect((byTestId('cleanup-bucket') as HTMLSelectElement).value).toBe('s');
    expect((byTestId('cleanup-prefix') as HTMLInputElement).value).toBe('');
    expect((byTestId('cleanup-days') as HTMLInputElement).value).toBe('30');
    expect(byTestId('cleanup-delete')).toBeNull();

    type('cleanup-prefix', 'logs');
    type('cleanup-days', '7');
    await settle();
    byTestId('cleanup-preview')?.click();
    await settle();
    const asked = be.callsOf('preview_cleanup');
    expect(asked.length).toBe(1);
    expect(asked[0]).toMatchObject({ accountId: 'a1', rule: { bucket: 's', prefix: 'logs/', olderThanDays: 7 } });
    expect(text(byTestId('cleanup-summary'))).toBe('1,204 files (3.0 MB) older than 7 days; 87 newer stay.');
    expect($$('[data-testid="cleanup-file"]').map((li) => li.dataset.key)).toEqual(['logs/2025-01-01.log', 'logs/2025-02-01.log']);
    expect(text(byTestId('cleanup-files-more'))).toBe('…and 1,202 more');

    byTestId('cleanup-delete')?.click();
    await settle();
    expect(text(byTestId('cleanup-confirm'))).toBe('Delete 1,204 files (3.0 MB) from s/logs/? This cannot be undone.');
    expect(be.callsOf('run_cleanup')).toEqual([]);
    byTestId('cleanup-confirm-cancel')?.click();
    await settle();
    expect(byTestId('cleanup-confirm')).toBeNull();
    expect(be.callsOf('run_cleanup')).toEqual([]);

    byTestId('cleanup-delete')?.click();
    await settle();
    byTestId('cleanup-confirm-ok')?.click();
    await settle();
    const ran = be.callsOf('run_cleanup');
    expect(ran.length).toBe(1);
    expect(ran[0]).toMatchObject({ accountId: 'a1', rule: { bucket: 's', prefix: 'logs/', olderThanDays: 7 }, cutoffMs: CUTOFF });
    expect(byTestId('cleanup-state')?.dataset.state).toBe('deleting');
    progress(ran[0]!, 0, { phase: 'deleting', done: 600, total: 1204, failed: 0 });
    await settle();
    expect(text($('[data-testid="op-progress"] .label'))).toBe('Deleting 600 of 1,204');

    run.resolve({ done: 1203, skipped: 0, failed: [{ key: 'logs/locked.log', message: 'Access denied: this key may not delete it.' }], cancelled: false });
    await settle();
    const report = byTestId('cleanup-report');
    expect(text(report)).toBe('Deleted 1,203 files; 1 file could not be deleted and is still there.');
    expect(report?.dataset.failed).toBe('1');
    expect(text(byTestId('op-failure'))).toBe('logs/locked.log — Access denied: this key may not delete it.');
    byTestId('cleanup-close')?.click();
    await settle();
    expect(byTestId('cleanup-dialog')).toBeNull();
  });

  it('Stop cancels the delete by its op id and says what is left', async () => {
    const run = deferred<OpReport>();
    const be = await start({ ...ONE_SPACE, preview_cleanup: () => PREVIEW, run_cleanup: () => run.promise, cancel_op: () => null });
    await openFromSyncView();
    byTestId('cleanup-preview')?.click();
    await settle();
    byTestId('cleanup-delete')?.click();
    await settle();
    byTestId('cleanup-confirm-ok')?.click();
    await settle();
    byTestId('cleanup-stop')?.click();
    await settle();
    const opId = be.callsOf('run_cleanup')[0]?.opId;
    expect(typeof opId).toBe('string');
    expect(be.callsOf('cancel_op')).toEqual([{ opId }]);
    run.resolve({ done: 40, skipped: 0, failed: [], cancelled: true });
    await settle();
    expect(text(byTestId('cleanup-report'))).toBe('Stopped: 40 files were deleted before you stopped it; the rest are still there.');
  });

  it('asks for a new preview once the rule changes, and takes only whole days', async () => {
    const be = await start({ ...ONE_SPACE, preview_cleanup: () => PREVIEW });
    await openFromSyncView();
    type('cleanup-days', '0');
    await settle();
    expect(text(byTestId('cleanup-days-error'))).toBe('Give a whole number of days, 1 or more.');
    expect((byTestId('cleanup-preview') as HTMLButtonElement).disabled).toBe(true);
    type('cleanup-days', '2.5');
    await settle();
    expect((byTestId('cleanup-preview') as HTMLButtonElement).disabled).toBe(true);
    type('cleanup-days', '14');
    await settle();
    expect(byTestId('cleanup-days-error')).toBeNull();
    submit();
    await settle();
    expect(byTestId('cleanup-summary')).not.toBeNull();
    type('cleanup-days', '15');
    await settle();
    expect(byTestId('cleanup-summary')).toBeNull();
    expect(byTestId('cleanup-delete')).toBeNull();
    expect(be.callsOf('preview_cleanup').length).toBe(1);
  });

  it('is in the folder menu, for that folder', async () => {
    const be = await start({ ...ONE_SPACE, preview_cleanup: () => PREVIEW });
    await openSpace(be, [folder('', 'logs'), file('', 'a.txt')]);
    await enterFolder(be, 'logs/');
    byTestId('file-table')?.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: 50, clientY: 50 }));
    await settle();
    byTestId('action-cleanup')?.click();
    await settle();
    expect((byTestId('cleanup-prefix') as HTMLInputElement).value).toBe('logs/');
    byTestId('cleanup-preview')?.click();
    await settle();
    expect(be.callsOf('preview_cleanup')[0]).toMatchObject({ rule: { bucket: 's', prefix: 'logs/', olderThanDays: 30 } });
  });

  it('shows a failure by its message', async () => {
    await start({
      ...ONE_SPACE,
      preview_cleanup: () => {
        throw { kind: 'AccessDenied', message: 'This key may not list "s". Ask the account owner for read access.' };
      },
    });
    await openFromSyncView();
    byTestId('cleanup-preview')?.click();
    await settle();
    const error = byTestId('cleanup-error');
    expect(text(error)).toBe('This key may not list "s". Ask the account owner for read access.');
    expect(error?.dataset.kind).toBe('AccessDenied');
    expect(byTestId('cleanup-delete')).toBeNull();
  });
});
