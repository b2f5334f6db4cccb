// Permissions (the column, Make public / private for files and folders) and the metadata
// dialog, clicked through the whole App over the scripted backend.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MetaSummary } from './lib/bindings/MetaSummary';
import type { OpReport } from './lib/bindings/OpReport';
import { file, folder, flush } from './test/backend';
import { $, $$, byTestId, type, useApp } from './test/app';
import { objectInfoOf, ONE_SPACE, openSpace, selectRow, settle, text } from './test/objects';

const start = useApp();
beforeEach(() => localStorage.clear());

const done = (n: number, over: Partial<OpReport> = {}): OpReport => ({ done: n, skipped: 0, failed: [], cancelled: false, ...over });

describe('permissions', () => {
  it('reads the Permission column for the files on screen only', async () => {
    const be = await start({
      ...ONE_SPACE,
      object_acls: (a) => (a.keys as string[]).map((key) => ({ key, acl: key === 'b.txt' ? 'publicRead' : 'private' })),
    });
    await openSpace(be, [folder('', 'photos'), file('', 'a.txt'), file('', 'b.txt')]);
    await settle(200);
    expect(be.callsOf('object_acls')).toEqual([{ accountId: 'a1', bucket: 's', keys: ['a.txt', 'b.txt'] }]);
    expect($$('[data-testid="row-acl"]').map((c) => [c.dataset.acl, text(c)])).toEqual([
      ['private', 'Private'],
      ['publicRead', 'Public'],
    ]);
  });

  it('makes one file public at once, says so and reads its permission again', async () => {
    const be = await start({
      ...ONE_SPACE,
      object_acls: (a) => (a.keys as string[]).map((key) => ({ key, acl: 'private' })),
      object_info: (a) => objectInfoOf(a.key as string),
      object_preview: () => ({ kind: 'none', reason: 'No preview.' }),
      set_acl: () => done(1),
    });
    await openSpace(be, [file('', 'a b.txt')]);
    byTestId('info-toggle')?.click();
    await selectRow('a b.txt');
    await settle(200);
    byTestId('info-make-public')?.click();
    await settle(150);
    const call = be.callsOf('set_acl')[0]!;
    expect([call.accountId, call.bucket, call.items, call.acl]).toEqual(['a1', 's', ['a b.txt'], 'publicRead']);
    expect(byTestId('permissions-dialog')).toBeNull();
    expect(text(byTestId('toast'))).toContain('Made “a b.txt” public.');
    // The permission is read again after the change; on a loaded machine that takes longer than 150 ms.
    await vi.waitFor(() => expect(be.callsOf('object_acls').length).toBe(2));
  });

  it('confirms a folder with its object count, then lists what failed', async () => {
    const be = await start({
      ...ONE_SPACE,
      object_acls: () => [],
      count_selection: () => ({ files: 0, folders: 1, objects: 1204, bytes: 0 }),
      set_acl: () => done(1203, { failed: [{ key: 'photos/x.jpg', message: 'Access denied for this file.' }] }),
    });
    await openSpace(be, [folder('', 'photos')]);
    byTestId('info-toggle')?.click();
    await selectRow('photos/');
    byTestId('info-make-public')?.click();
    await settle();
    expect(be.callsOf('count_selection')[0]?.items).toEqual(['photos/']);
    expect(text(byTestId('permissions-question'))).toBe('Make every file under photos/ public? 1,204 objects');
    expect(be.callsOf('set_acl')).toEqual([]);
    byTestId('permissions-ok')?.click();
    await settle();
    expect(be.callsOf('set_acl')[0]?.items).toEqual(['photos/']);
    expect(text(byTestId('permissions-report'))).toBe('Made 1,203 files public.');
    expect($$('[data-testid="op-failure"]').map(text)).toEqual(['photos/x.jpg — Access denied for this file.']);
  });

  it('says clearly when the server has no ACLs', async () => {
    const be = await start({
      ...ONE_SPACE,
      object_acls: () => [],
      object_info: (a) => objectInfoOf(a.key as string),
      object_preview: () => ({ kind: 'none', reason: 'No preview.' }),
      set_acl: () => {
        throw { kind: 'Unsupported', message: 'This server does not support per-file permissions (ACLs).' };
      },
    });
    await openSpace(be, [file('', 'a.txt')]);
    byTestId('info-toggle')?.click();
    await selectRow('a.txt');
    await settle(200);
    byTestId('info-make-public')?.click();
    await settle();
    expect(byTestId('permissions-error')?.dataset.kind).toBe('Unsupported');
    expect(text(byTestId('permissions-error'))).toBe(
      'Permissions are not available here. This server does not support per-file permissions (ACLs).',
    );
  });
});

describe('metadata', () => {
  const summary: MetaSummary = {
    objects: 2,
    headers: { 'content-type': 'text/plain', 'cache-control': null, 'x-amz-meta-owner': 'ana' },
  };

  it('shows mixed values and sends only what was edited', async () => {
    const be = await start({ ...ONE_SPACE, object_acls: () => [], meta_summary: () => summary, set_meta: () => done(2) });
    await openSpace(be, [folder('', 'docs')]);
    byTestId('info-toggle')?.click();
    await selectRow('docs/');
    byTestId('info-edit-meta')?.click();
    await settle();
    expect(be.callsOf('meta_summary')[0]?.items).toEqual(['docs/']);
    const fieldOf = (name: string) => $(`[data-testid="meta-field"][data-name="${name}"]`) as HTMLInputElement;
    expect(fieldOf('content-type').value).toBe('text/plain');
    expect(fieldOf('cache-control').placeholder).toBe('Mixed');
    expect(fieldOf('cache-control').value).toBe('');
    expect((byTestId('meta-save') as HTMLButtonElement).disabled).toBe(true);
    expect(text(byTestId('meta-save'))).toBe('Save to 2 files');

    type('meta-cache-preset', 'max-age=86400');
    await flush();
    expect(fieldOf('cache-control').value).toBe('max-age=86400');
    byTestId('meta-pair-add')?.click();
    await flush();
    const names = $$('[data-testid="meta-pair-name"]') as HTMLInputElement[];
    const values = $$('[data-testid="meta-pair-value"]') as HTMLInputElement[];
    names[1]!.value = 'Project';
    names[1]!.dispatchEvent(new Event('input', { bubbles: true }));
    values[1]!.value = 'moon';
    values[1]!.dispatchEvent(new Event('input', { bubbles: true }));
    await flush();
    byTestId('meta-save')?.click();
    await settle();
    expect(be.callsOf('set_meta')[0]?.patch).toEqual({
      set: { 'cache-control': 'max-age=86400', 'x-amz-meta-project': 'moon' },
      remove: [],
    });
    expect(byTestId('meta-dialog')).toBeNull();
    expect(text(byTestId('toast'))).toContain('Saved the metadata of 2 files.');
  });

  it('refuses non-ASCII values and bad names before sending', async () => {
    const be = await start({ ...ONE_SPACE, object_acls: () => [], meta_summary: () => summary, set_meta: () => done(1) });
    await openSpace(be, [file('', 'a.txt')]);
    byTestId('info-toggle')?.click();
    await selectRow('a.txt');
    const { openMetadata } = await import('./lib/objects/info.svelte');
    openMetadata();
    await settle();
    const lang = $('[data-testid="meta-field"][data-name="content-language"]') as HTMLInputElement;
    lang.value = 'français';
    lang.dispatchEvent(new Event('input', { bubbles: true }));
    await flush();
    expect($$('[data-testid="meta-problem"]').map(text)).toEqual(['Only plain ASCII characters: no accents, emoji or line breaks.']);
    expect((byTestId('meta-save') as HTMLButtonElement).disabled).toBe(true);
    expect(be.callsOf('set_meta')).toEqual([]);
  });
});
