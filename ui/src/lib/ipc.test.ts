import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { AppError, addSpace, cancelListing, listFolder, testConnection, toAppError, updateAccount } from './ipc';
import type { ListEvent } from './bindings/ListEvent';
import { file, flush, installBackend } from '../test/backend';

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
