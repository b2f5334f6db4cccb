// A file's versions (list, download, restore, delete) and a folder's deleted files (show,
// undelete), clicked through the whole App over the scripted backend.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DeletedFile } from './lib/bindings/DeletedFile';
import type { ObjectVersion } from './lib/bindings/ObjectVersion';
import type { OpReport } from './lib/bindings/OpReport';
import { file, flush, type Args } from './test/backend';
import { $, $$, byTestId, useApp } from './test/app';
import { ONE_SPACE, openSpace, settle, text } from './test/objects';
import { deferred, progress } from './test/spaces';

const start = useApp();
beforeEach(() => localStorage.clear());

const at = (day: number): number => new Date(2026, 10, day, 9, 30).getTime();
const version = (versionId: string, day: number, over: Partial<ObjectVersion> = {}): ObjectVersion => ({
  key: 'a.txt',
  versionId,
  lastModified: at(day),
  size: 2048,
  etag: 'e',
  isLatest: false,
  isDeleteMarker: false,
  ...over,
});
const VERSIONS: ObjectVersion[] = [
  version('v3', 20, { isLatest: true, size: 4096 }),
  version('dm1', 15, { isDeleteMarker: true, size: 0, etag: null }),
  version('v1', 10),
];

function rightClick(el: Element | null | undefined): void {
  el?.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: 50, clientY: 50 }));
}

const row = (id: string): HTMLElement | null => $(`[data-testid="version-row"][data-version="${id}"]`);
const inRow = (id: string, testid: string): HTMLButtonElement | null => row(id)?.querySelector(`[data-testid="${testid}"]`) ?? null;

async function openVersions(): Promise<void> {
  rightClick($('[data-testid="file-row"][data-key="a.txt"]'));
  await settle();
  byTestId('action-versions')?.click();
  await settle();
  expect(byTestId('versions-dialog')).not.toBeNull();
}

describe('versions', () => {
  it('lists the versions with date, size, latest and delete markers, from the row menu', async () => {
    const be = await start({ ...ONE_SPACE, object_acls: () => [], list_versions: () => VERSIONS });
    await openSpace(be, [file('', 'a.txt')]);
    await openVersions();
    expect(text($('[data-testid="versions-dialog"] h2'))).toBe('Versions of “a.txt”');
    expect(be.callsOf('list_versions')).toEqual([{ accountId: 'a1', bucket: 's', key: 'a.txt' }]);
    const rows = $$('[data-testid="version-row"]').map((r) => [
      r.dataset.version,
      text(r.querySelector('[data-testid="version-size"]')),
      $$('[data-testid="version-tag"]').filter((t) => r.contains(t)).map(text),
      Array.from(r.querySelectorAll('button'), (b) => b.dataset.testid),
    ]);
    expect(rows).toEqual([
      ['v3', '4.0 KB', ['Latest'], ['version-download', 'version-delete']],
      ['dm1', '—', ['Delete marker'], ['version-delete']],
      ['v1', '2.0 KB', [], ['version-download', 'version-restore', 'version-delete']],
    ]);
    expect(text(row('v1')?.querySelector('[data-testid="version-date"]'))).toContain('2026');
    expect(byTestId('versions-only-one')).toBeNull();
  });

  it('restores an older version, then reads the versions and the folder again', async () => {
    let restored = false;
    const be = await start({
      ...ONE_SPACE,
      object_acls: () => [],
      list_versions: () => (restored ? [version('v4', 21, { isLatest: true }), ...VERSIONS.map((v) => ({ ...v, isLatest: false }))] : VERSIONS),
      restore_version: () => {
        restored = true;
        return 'v4';
      },
    });
    await openSpace(be, [file('', 'a.txt')]);
    await openVersions();
    inRow('v1', 'version-restore')?.click();
    await settle();
    expect(be.callsOf('restore_version')).toEqual([{ accountId: 'a1', bucket: 's', key: 'a.txt', versionId: 'v1' }]);
    expect(text(byTestId('toast'))).toMatch(/^Restored the version of .+2026.+: it is the latest “a\.txt” now\.$/);
    expect(be.callsOf('list_versions').length).toBe(2);
    expect($$('[data-testid="version-row"]').map((r) => [r.dataset.version, r.dataset.latest])).toEqual([
      ['v4', 'true'],
      ['v3', 'false'],
      ['dm1', 'false'],
      ['v1', 'false'],
    ]);
    expect(be.listings.length).toBe(2);
  });

  it('deletes a version only after its row asks, and Cancel keeps it', async () => {
    const be = await start({ ...ONE_SPACE, object_acls: () => [], list_versions: () => VERSIONS, delete_version: () => null });
    await openSpace(be, [file('', 'a.txt')]);
    await openVersions();
    inRow('v1', 'version-delete')?.click();
    await flush();
    expect(text(row('v1')?.querySelector('[data-testid="version-confirm"]'))).toBe('Delete for good? Cancel Delete');
    inRow('v1', 'version-confirm-cancel')?.click();
    await flush();
    expect(row('v1')?.querySelector('[data-testid="version-confirm"]')).toBeNull();
    expect(be.callsOf('delete_version')).toEqual([]);

    inRow('dm1', 'version-delete')?.click();
    await flush();
    expect(text(row('dm1')?.querySelector('[data-testid="version-confirm"]'))).toBe('Delete this marker? Cancel Delete');
    inRow('dm1', 'version-confirm-delete')?.click();
    await settle();
    expect(be.callsOf('delete_version')).toEqual([{ accountId: 'a1', bucket: 's', key: 'a.txt', versionId: 'dm1' }]);
    expect(text(byTestId('toast'))).toMatch(/^Deleted the delete marker of .+2026.+\.$/);
    expect(be.callsOf('list_versions').length).toBe(2);
  });

  it('downloads a version where the Save dialog says, or not at all when it is cancelled', async () => {
    let dest: string | null = '/home/me/a (v1).txt';
    const be = await start({
      ...ONE_SPACE,
      object_acls: () => [],
      list_versions: () => VERSIONS,
      'plugin:dialog|save': () => dest,
      download_version: () => 2048,
    });
    await openSpace(be, [file('', 'a.txt')]);
    await openVersions();
    inRow('v1', 'version-download')?.click();
    await settle();
    expect(be.callsOf('plugin:dialog|save')).toEqual([{ options: { title: 'Save this version of “a.txt”', defaultPath: 'a.txt' } }]);
    expect(be.callsOf('download_version')).toEqual([{ accountId: 'a1', bucket: 's', key: 'a.txt', versionId: 'v1', dest: '/home/me/a (v1).txt' }]);
    expect(text(byTestId('toast'))).toMatch(/^Saved the version of .+ \(2\.0 KB\) to \/home\/me\/a \(v1\)\.txt\.$/);
    dest = null;
    inRow('v3', 'version-download')?.click();
    await settle();
    expect(be.callsOf('download_version').length).toBe(1);
  });

  it('says why a version could not be restored, by its kind', async () => {
    const be = await start({
      ...ONE_SPACE,
      object_acls: () => [],
      list_versions: () => VERSIONS,
      restore_version: () => {
        throw { kind: 'Unsupported', message: 'This version of "a.txt" is larger than 5 GB. Download it and upload it again.' };
      },
    });
    await openSpace(be, [file('', 'a.txt')]);
    await openVersions();
    inRow('v1', 'version-restore')?.click();
    await settle();
    expect(byTestId('versions-dialog')).not.toBeNull();
    expect(text(byTestId('toast'))).toContain('This version of "a.txt" is larger than 5 GB.');
    expect(be.callsOf('list_versions').length).toBe(1);
  });
});

const DELETED: DeletedFile[] = [
  { key: 'old.txt', name: 'old.txt', markerVersionId: 'm1', deletedAt: at(18) },
  { key: 'notes.md', name: 'notes.md', markerVersionId: 'm2', deletedAt: at(19) },
];

describe('show deleted files', () => {
  it('lists the folder’s deleted files from its menu and brings one back', async () => {
    let gone = DELETED;
    const be = await start({
      ...ONE_SPACE,
      object_acls: () => [],
      deleted_files: () => gone,
      undelete_files: (a) => {
        const files = a.files as DeletedFile[];
        gone = gone.filter((f) => !files.some((x) => x.key === f.key));
        return { done: files.length, skipped: 0, failed: [], cancelled: false } satisfies OpReport;
      },
    });
    await openSpace(be, [file('', 'a.txt')]);
    expect(byTestId('deleted-files')).toBeNull();
    rightClick(byTestId('file-table'));
    await settle();
    byTestId('action-showDeleted')?.click();
    await settle();
    expect(be.callsOf('deleted_files')).toEqual([{ accountId: 'a1', bucket: 's', prefix: '' }]);
    expect($$('[data-testid="deleted-file"]').map((r) => r.dataset.key)).toEqual(['old.txt', 'notes.md']);
    expect(text($('[data-testid="deleted-file"][data-key="old.txt"]'))).toMatch(/^old\.txt deleted .+2026.+ Undelete$/);

    $('[data-testid="deleted-file"][data-key="old.txt"] [data-testid="deleted-undelete"]')?.click();
    await settle();
    expect(be.callsOf('undelete_files')[0]).toMatchObject({ accountId: 'a1', bucket: 's', files: [DELETED[0]] });
    expect(text(byTestId('toast'))).toBe('“old.txt” is back.');
    // The folder is listed again (the file is back in it), and so are the deleted files.
    expect(be.listings.length).toBe(2);
    expect(be.callsOf('deleted_files').length).toBeGreaterThanOrEqual(2);
    await settle();
    expect($$('[data-testid="deleted-file"]').map((r) => r.dataset.key)).toEqual(['notes.md']);

    rightClick(byTestId('file-table'));
    await settle();
    expect(byTestId('action-showDeleted')).toBeNull();
    byTestId('action-hideDeleted')?.click();
    await settle();
    expect(byTestId('deleted-files')).toBeNull();
  });

  it('undeletes the picked files with progress', async () => {
    const undo = deferred<OpReport>();
    let args: Args = {};
    const be = await start({
      ...ONE_SPACE,
      object_acls: () => [],
      deleted_files: () => DELETED,
      undelete_files: (a) => {
        args = a;
        return undo.promise;
      },
    });
    await openSpace(be, [file('', 'a.txt')]);
    const { deletedView } = await import('./lib/spaces/deleted.svelte');
    deletedView.set(true);
    await settle();
    const undelete = byTestId('deleted-undelete-picked') as HTMLButtonElement;
    expect(undelete.disabled).toBe(true);
    for (const box of $$('[data-testid="deleted-file"] input[type="checkbox"]')) box.click();
    await flush();
    expect(text(undelete)).toBe('Undelete 2 files');
    undelete.click();
    await settle();
    expect(args.files).toEqual(DELETED);
    progress(args, 0, { phase: 'deleting', done: 1, total: 2, failed: 0 });
    await settle();
    expect(text(byTestId('op-progress'))).toBe('Undeleting 1 of 2');
    undo.resolve({ done: 2, skipped: 0, failed: [], cancelled: false });
    await settle();
    expect(text(byTestId('toast'))).toBe('2 files are back.');
    expect(byTestId('op-progress')).toBeNull();
    expect(be.listings.length).toBe(2);
  });

  it('says so when the folder has no deleted files', async () => {
    const be = await start({ ...ONE_SPACE, object_acls: () => [], deleted_files: () => [] });
    await openSpace(be, [file('', 'a.txt')]);
    const { deletedView } = await import('./lib/spaces/deleted.svelte');
    deletedView.set(true);
    await settle();
    expect(text(byTestId('deleted-none'))).toBe(
      'No deleted files here. Files deleted while versioning is on can be brought back; versioning is in the Space’s settings.',
    );
  });
});
