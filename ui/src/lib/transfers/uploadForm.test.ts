import { afterEach, describe, expect, it } from 'vitest';
import type { StagedFile } from '../bindings/StagedFile';
import { accountChoice, defaultAcl, defaultPublic, mergeStaged, newForm, relativeName, setDefaultPublic, uploadArgs } from './uploadForm';

const target = { accountId: 'a1', bucket: 'site', prefix: 'img/' };
const files: StagedFile[] = [
  { local: '/home/me/logo.png', key: 'img/logo.png', size: 10, contentType: 'image/png' },
  { local: '/home/me/data', key: 'img/data', size: 20, contentType: 'application/octet-stream' },
];

afterEach(() => localStorage.clear());

describe('uploadArgs', () => {
  it('sends the batch options and each file with its own Content-Type', () => {
    const form = { ...newForm('publicRead'), cache: 'max-age=86400', conflict: 'keepBoth' as const };
    const edited = [files[0] as StagedFile, { ...(files[1] as StagedFile), contentType: ' text/csv ' }];
    expect(uploadArgs(target, edited, form)).toEqual({
      args: {
        accountId: 'a1',
        bucket: 'site',
        files: [files[0], { ...files[1], contentType: 'text/csv' }],
        options: { acl: 'publicRead', cacheControl: 'max-age=86400', contentType: null },
        conflict: 'keepBoth',
      },
    });
  });

  it('sends no Cache-Control for "None" and the typed one for Custom', () => {
    const none = uploadArgs(target, files, newForm('private'));
    expect('args' in none && none.args.options).toEqual({ acl: 'private', cacheControl: null, contentType: null });
    const custom = uploadArgs(target, files, { ...newForm('private'), cache: 'custom', customCache: ' public, max-age=600 ' });
    expect('args' in custom && custom.args.options.cacheControl).toBe('public, max-age=600');
  });

  it('refuses an empty custom Cache-Control, a line break in it, and an empty batch', () => {
    expect(uploadArgs(target, files, { ...newForm('private'), cache: 'custom', customCache: '  ' })).toHaveProperty('error');
    expect(uploadArgs(target, files, { ...newForm('private'), cache: 'custom', customCache: 'a\nb' })).toHaveProperty('error');
    expect(uploadArgs(target, [], newForm('private'))).toEqual({ error: 'Add files to upload first.' });
  });
});

describe('staged list helpers', () => {
  it('shows keys relative to the target folder', () => {
    expect(relativeName('img/2024/a.png', 'img/')).toBe('2024/a.png');
    expect(relativeName('a.png', '')).toBe('a.png');
  });

  it('adds new files at the end and replaces a file staged again in place', () => {
    const again = { ...(files[0] as StagedFile), size: 99 };
    const extra: StagedFile = { local: '/x', key: 'img/x', size: 1, contentType: 'text/plain' };
    expect(mergeStaged(files, [extra, again])).toEqual([again, files[1], extra]);
  });
});

describe('per-account default permission', () => {
  it('is private until set, and remembered per account', () => {
    expect(defaultPublic('a1')).toBe(false);
    expect(defaultAcl('a1')).toBe('private');
    setDefaultPublic('a1', true);
    expect(defaultAcl('a1')).toBe('publicRead');
    expect(defaultAcl('a2')).toBe('private');
    setDefaultPublic('a1', false);
    expect(defaultAcl('a1')).toBe('private');
  });

  it('follows the Preferences default until a choice is made for the account, which then wins', () => {
    localStorage.clear();
    expect(accountChoice('b1')).toBeNull();
    expect(defaultAcl('b1', 'publicRead')).toBe('publicRead');
    expect(defaultPublic('b1', true)).toBe(true);
    setDefaultPublic('b1', false);
    expect(accountChoice('b1')).toBe(false);
    expect(defaultAcl('b1', 'publicRead')).toBe('private');
    setDefaultPublic('b1', true);
    expect(defaultAcl('b1', 'private')).toBe('publicRead');
    expect(defaultAcl('b2', 'publicRead')).toBe('publicRead');
  });
});

describe('a new form from the Preferences default Cache-Control', () => {
  it('picks the matching preset, or Custom with the value', () => {
    expect(newForm('private')).toEqual({ acl: 'private', cache: '', customCache: '', conflict: 'overwrite' });
    expect(newForm('publicRead', 'max-age=86400')).toMatchObject({ acl: 'publicRead', cache: 'max-age=86400', customCache: '' });
    expect(newForm('private', ' no-cache ')).toMatchObject({ cache: 'no-cache', customCache: '' });
    expect(newForm('private', 'public, max-age=600')).toMatchObject({ cache: 'custom', customCache: 'public, max-age=600' });
    expect(newForm('private', null)).toMatchObject({ cache: '', customCache: '' });
  });
});
