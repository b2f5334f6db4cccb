import { describe, expect, it } from 'vitest';
import { agoText, cleanupSummary, outcomeText, planSummary, statusText, statusTone } from './describe';
import { folderPrefix, ignoreLines, newPairOf, newSetupForm } from './setupForm';

describe('how sync reads', () => {
  it('words every status, an error by its own message', () => {
    expect(statusText({ state: 'setup' })).toBe('Waiting for you to review the plan');
    expect(statusText({ state: 'syncing', done: 1204, total: 4000 })).toBe('Syncing 1,204 of 4,000');
    expect(statusText({ state: 'watching', failed: 0 })).toBe('Watching');
    expect(statusText({ state: 'watching', failed: 2 })).toBe('Watching; 2 files failed and will be tried again');
    expect(statusText({ state: 'paused' })).toBe('Paused');
    expect(statusText({ state: 'error', kind: 'Network', message: 'The server did not answer.' })).toBe('The server did not answer.');
    expect(statusTone({ state: 'error', kind: 'Io', message: 'x' })).toBe('error');
    expect(statusTone({ state: 'watching', failed: 0 })).toBe('ok');
  });

  it('sums a plan up, leaving out the parts that are zero except uploads and unchanged', () => {
    const up = { path: 'a', size: 1, reason: 'new' as const };
    expect(planSummary({ uploads: [up], deletes: ['x', 'y', 'z'], unchanged: 9001, keptRemote: 0, uploadBytes: 3.2 * 1024 ** 3 })).toBe(
      '1 to upload (3.2 GB), 3 to delete, 9,001 unchanged',
    );
    expect(planSummary({ uploads: [], deletes: [], unchanged: 0, keptRemote: 12, uploadBytes: 0 })).toBe(
      '0 to upload (0 B), 0 unchanged, 12 only in the Space (kept)',
    );
    expect(outcomeText({ uploaded: 3, deleted: 0, failed: 1, bytes: 2048 })).toBe('3 uploaded, 1 failed (2.0 KB)');
    expect(cleanupSummary({ cutoffMs: 0, count: 0, bytes: 0, files: [], kept: 1 }, 1)).toBe('No files are older than 1 day; 1 newer stays.');
  });

  it('says recent times as ago, older ones as dates', () => {
    const date = (ms: number): string => `on ${ms}`;
    expect(agoText(1000, 10_000, date)).toBe('just now');
    expect(agoText(0, 5 * 60_000, date)).toBe('5 min ago');
    expect(agoText(0, 3 * 3_600_000, date)).toBe('3 h ago');
    expect(agoText(0, 30 * 3_600_000, date)).toBe('on 0');
  });
});

describe('the Set up sync form', () => {
  it('turns the textarea into patterns and a typed folder into a prefix', () => {
    expect(ignoreLines(' .git \n\n*.tmp\r\n.git\n')).toEqual(['.git', '*.tmp']);
    expect(folderPrefix('')).toBe('');
    expect(folderPrefix('  /photos ')).toBe('photos/');
    expect(folderPrefix('a/b/')).toBe('a/b/');
  });

  it('sends the defaults, deleting in the Space off, and says what is missing first', () => {
    const form = newSetupForm('a1', 's', 'docs/');
    expect(newPairOf(form)).toEqual({ error: 'Choose the folder on this computer to sync.' });
    form.local = '/home/me/x';
    expect(newPairOf(form)).toEqual({
      pair: {
        local: '/home/me/x',
        accountId: 'a1',
        bucket: 's',
        prefix: 'docs/',
        options: { deleteRemote: false, acl: 'private', cacheControl: null, ignore: ['.git', 'node_modules', '*.tmp', '.DS_Store', '*.swp', '*~', '~$*', '.~lock.*#', '*.part', '*.crdownload'], compareChecksums: false },
      },
    });
    form.cache = 'custom';
    expect(newPairOf(form)).toEqual({ error: 'Type a Cache-Control value, e.g. "public, max-age=600".' });
  });
});
