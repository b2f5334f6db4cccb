import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import {
  AppError,
  addSpace,
  cancelListing,
  cancelTransfer,
  clearFinishedTransfers,
  listFolder,
  onTransfer,
  pauseTransfer,
  pickFiles,
  pickFolder,
  pickFolders,
  resumeTransfer,
  stageUpload,
  startDownloads,
  startUploads,
  testConnection,
  toAppError,
  updateAccount,
} from './ipc';
import type { ListEvent } from './bindings/ListEvent';
import type { TransferInfo } from './bindings/TransferInfo';
import { file, flush, installBackend, transfer } from '../test/backend';

afterEach(() => clearMocks());

describe('toAppError', () => {
  it('keeps the kind and message of an ErrorPayload', () => {
    const e = toAppError({ kind: 'AuthFailed', message: 'The secret key does not match.' });
    expect(e).toBeInstanceOf(AppError);
    expect(e.kind).toBe('AuthFailed');
    expect(e.message).toBe('The secret key does not match.');
  });

  it('treats unknown kinds, strings and thrown Errors as Internal', () => {
    expect(toAppError({ kind: 'Weird', message: 'x' }).kind).toBe('Internal');
    const s = toAppError('command list_foo not found');
    expect([s.kind, s.message]).toEqual(['Internal', 'command list_foo not found']);
    const err = toAppError(new TypeError('boom'));
    expect([err.kind, err.message]).toEqual(['Internal', 'boom']);
    expect(toAppError(undefined).message.length).toBeGreaterThan(0);
  });

  it('returns an AppError unchanged', () => {
    const e = new AppError('Network', 'Offline.');
    expect(toAppError(e)).toBe(e);
  });
});

describe('commands', () => {
  it('reject with an AppError carrying the backend kind and message', async () => {
    mockIPC(() => {
      throw { kind: 'AccessDenied', message: 'This key may not read "x".' };
    });
    const p = addSpace('a1', 'x');
    await expect(p).rejects.toBeInstanceOf(AppError);
    await expect(p).rejects.toMatchObject({ kind: 'AccessDenied', message: 'This key may not read "x".' });
  });

  it('send camelCase argument names that Tauri maps to the Rust parameters', async () => {
    const be = installBackend({
      test_connection: () => ({ canListSpaces: true, spaces: 2, message: 'Connected. 2 Spaces found.' }),
      update_account: (a) => ({ id: a.id, ...(a.draft as object), addedSpaces: [] }),
    });
    const draft = {
      name: 'Work',
      provider: { type: 'digitalocean' as const, region: 'ams3' },
      accessKeyId: 'AK',
      secretKey: '',
    };
    const report = await testConnection(draft, 'a1');
    expect(report.message).toBe('Connected. 2 Spaces found.');
    await updateAccount('a1', draft);
    await cancelListing('L1');
    expect(be.calls.map((c) => c.cmd)).toEqual(['test_connection', 'update_account', 'cancel_listing']);
    expect(be.calls[0]?.args).toEqual({ draft, accountId: 'a1' });
    expect(be.calls[1]?.args).toEqual({ id: 'a1', draft });
    expect(be.calls[2]?.args).toEqual({ listingId: 'L1' });
  });

  it('list_folder streams events through a Channel, in index order', async () => {
    const be = installBackend();
    const got: ListEvent[] = [];
    const p = listFolder({ accountId: 'a1', bucket: 'b', prefix: 'p/', listingId: 'L', onEvent: (e) => got.push(e) });
    await flush();
    const l = be.listings[0];
    expect(l?.args).toMatchObject({ accountId: 'a1', bucket: 'b', prefix: 'p/', listingId: 'L' });
    l?.page([file('p/', 'a.txt', 3)]);
    l?.done();
    l?.resolve();
    await p;
    expect(got).toEqual([
      { event: 'page', entries: [file('p/', 'a.txt', 3)] },
      { event: 'done', folders: 0, files: 1, bytes: 3 },
    ]);
  });

  it('list_folder rejections become AppErrors too', async () => {
    const be = installBackend();
    const p = listFolder({ accountId: 'a1', bucket: 'b', prefix: '', listingId: 'L', onEvent: () => {} });
    await flush();
    be.listings[0]?.reject({ kind: 'NotFound', message: 'The Space "b" does not exist.' });
    await expect(p).rejects.toMatchObject({ kind: 'NotFound', message: 'The Space "b" does not exist.' });
  });
});

describe('transfer commands', () => {
  it('send the argument names the Rust commands take', async () => {
    const be = installBackend({
      stage_upload: () => [],
      start_uploads: () => [1, 2],
      start_downloads: () => [3],
      pause_transfer: () => null,
      resume_transfer: () => null,
      cancel_transfer: () => null,
      clear_finished_transfers: () => null,
    });
    const files = [{ local: '/a', key: 'p/a', size: 1, contentType: 'text/plain' }];
    const options = { acl: 'publicRead' as const, cacheControl: 'no-cache', contentType: null };
    const selection = [{ key: 'p/', kind: 'folder' as const, size: 0 }];
    await stageUpload(['/a', '/dir'], 'p/');
    expect(await startUploads({ accountId: 'a1', bucket: 'b', files, options, conflict: 'skip' })).toEqual([1, 2]);
    expect(await startDownloads({ accountId: 'a1', bucket: 'b', selection, dest: '/tmp', conflict: 'keepBoth' })).toEqual([3]);
    await pauseTransfer(1);
    await resumeTransfer(1);
    await cancelTransfer(2);
    await clearFinishedTransfers();
    expect(be.calls).toEqual([
      { cmd: 'stage_upload', args: { paths: ['/a', '/dir'], prefix: 'p/' } },
      { cmd: 'start_uploads', args: { accountId: 'a1', bucket: 'b', files, options, conflict: 'skip' } },
      { cmd: 'start_downloads', args: { accountId: 'a1', bucket: 'b', selection, dest: '/tmp', conflict: 'keepBoth' } },
      { cmd: 'pause_transfer', args: { id: 1 } },
      { cmd: 'resume_transfer', args: { id: 1 } },
      { cmd: 'cancel_transfer', args: { id: 2 } },
      { cmd: 'clear_finished_transfers', args: {} },
    ]);
  });

  it('hear `transfer` events until told to stop', async () => {
    const be = installBackend();
    const got: TransferInfo[] = [];
    const stop = await onTransfer((t) => got.push(t));
    await be.transfer(transfer(1));
    await be.transfer(transfer(1, { state: { state: 'running' }, done: 10 }));
    stop();
    await flush();
    await be.transfer(transfer(1, { state: { state: 'done' }, done: 1000 }));
    expect(got.map((t) => [t.state.state, t.done])).toEqual([
      ['queued', 0],
      ['running', 10],
    ]);
  });
});

describe('native dialogs', () => {
  it('ask the dialog plugin for files, folders or one folder, and read a cancel as nothing', async () => {
    const answers: unknown[] = [['/a', '/b'], null, '/dest', null];
    const be = installBackend({ 'plugin:dialog|open': () => answers.shift() });
    expect(await pickFiles()).toEqual(['/a', '/b']);
    expect(await pickFolders()).toEqual([]);
    expect(await pickFolder('Download to')).toBe('/dest');
    expect(await pickFolder('Download to')).toBeNull();
    expect(be.callsOf('plugin:dialog|open')).toEqual([
      { options: { multiple: true, title: 'Upload files' } },
      { options: { directory: true, multiple: true, title: 'Upload folders' } },
      { options: { directory: true, title: 'Download to' } },
      { options: { directory: true, title: 'Download to' } },
    ]);
  });
});
