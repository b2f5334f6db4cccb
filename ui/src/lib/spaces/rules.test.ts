// The Spaces-management form rules, as the core states them.
import { describe, expect, it } from 'vitest';
import type { SpaceUsage } from '../bindings/SpaceUsage';
import { contentsPhrase, isEmptySpace } from './contents';
import { corsProblems, corsRuleOf, listOf, newCorsForm } from './cors';
import { lifecycleProblems, lifecycleRuleOf, newLifecycleForm } from './lifecycle';
import { newSpaceNameProblem } from './names';
import { policyProblem } from './policy';
import { timeAgo, usageBars } from './usage.svelte';

describe('new Space names', () => {
  it('accepts what the core accepts', () => {
    for (const ok of ['abc', 'my-space-1', '0ab', 'a1b2c3', 'a'.repeat(63)]) expect(newSpaceNameProblem(ok, true), ok).toBeNull();
    expect(newSpaceNameProblem('my.site', false)).toBeNull();
  });

  it('names the rule that is broken', () => {
    expect(newSpaceNameProblem('', true)).toBe('A Space name needs at least 3 characters.');
    expect(newSpaceNameProblem('a..b', false)).toBe('A dot in a Space name must stand between letters or digits.');
    expect(newSpaceNameProblem('a.-b', false)).toBe('A dot in a Space name must stand between letters or digits.');
    expect(newSpaceNameProblem('192.168.1.1', false)).toBe('A Space name cannot look like an IP address.');
    expect(newSpaceNameProblem('999.168.1.1', false)).toBeNull();
    expect(newSpaceNameProblem('my.site', true)).toBe('A Space name may contain only lowercase letters, digits and dashes, not ".".');
    expect(newSpaceNameProblem('a_b', false)).toBe('A Space name may contain only lowercase letters, digits, dashes and dots, not "_".');
  });
});

describe('CORS forms', () => {
  it('splits lists on commas, spaces and lines', () => {
    expect(listOf(' a, b\n\nc  d,')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('checks origins, methods, headers and max age', () => {
    const form = { ...newCorsForm(), origins: 'https://a.com\nhttp://*.b.com', headers: '*', maxAge: '0' };
    expect(corsProblems(form)).toEqual({});
    expect(corsProblems({ ...form, origins: 'https://a.com/path' }).origins).toContain('"https://a.com/path" is not an origin');
    expect(corsProblems({ ...form, origins: 'https://*.*.com' }).origins).toContain('is not an origin');
    expect(corsProblems({ ...form, headers: 'a**' }).headers).toBe('"a**" is not a header name (one * at most).');
    expect(corsProblems({ ...form, maxAge: '2147483648' }).maxAge).toBe('A whole number of seconds, such as 3000.');
    expect(corsProblems({ ...form, id: 'x'.repeat(256) }).id).toBe('An ID has at most 255 characters.');
  });

  it('sends methods in S3 order and no empty id', () => {
    const rule = corsRuleOf({ ...newCorsForm(), origins: '*', methods: ['HEAD', 'GET', 'DELETE'], id: '  ' });
    expect(rule).toEqual({ id: null, allowedOrigins: ['*'], allowedMethods: ['GET', 'DELETE', 'HEAD'], allowedHeaders: [], exposeHeaders: [], maxAgeSeconds: null });
  });
});

describe('lifecycle forms', () => {
  it('wants something to do, in whole days from 1', () => {
    const f = { ...newLifecycleForm(), abortDays: '' };
    expect(lifecycleProblems([f])[0]?.rule).toContain('Say what it does');
    expect(lifecycleProblems([{ ...f, noncurrentDays: '-1' }])[0]).toEqual({ noncurrentDays: 'A whole number of days, from 1.' });
    expect(lifecycleRuleOf({ ...f, noncurrentDays: ' 90 ', id: ' old ' })).toEqual({
      id: 'old',
      enabled: true,
      prefix: '',
      expireDays: null,
      abortIncompleteUploadDays: null,
      noncurrentExpireDays: 90,
      otherParts: [],
    });
  });
});

describe('policies', () => {
  it('accepts a blank (removal) and a full statement, with NotAction too', () => {
    expect(policyProblem('  ')).toBeNull();
    expect(policyProblem('{"Statement":[{"Effect":"Deny","NotAction":"s3:*","Resource":"*"}]}')).toBeNull();
    expect(policyProblem('{"Version":"2020-01-01","Statement":[]}')).toBe('The policy is not valid: "Version" must be "2012-10-17".');
    expect(policyProblem('{"Statement":[]}')).toBe('The policy is not valid: it needs a "Statement": one statement or a list of them.');
    expect(policyProblem('{"Statement":[1]}')).toBe('The policy is not valid: statement 1: a statement is a JSON object.');
  });
});

describe('usage', () => {
  const u = (over: Partial<SpaceUsage>): SpaceUsage => ({
    bucket: 's',
    prefix: '',
    objects: 0,
    bytes: 0,
    looseObjects: 0,
    looseBytes: 0,
    folders: [],
    measuredAt: 0,
    cost: { usdPerMonth: 5, storageGib: 0, extraStorageGib: 0, extraTransferGib: 0 },
    ...over,
  });

  it('gives each folder its share of the bytes, or of the objects when nothing has bytes', () => {
    const bars = usageBars(u({ objects: 3, bytes: 3, folders: [{ prefix: 'a/', name: 'a', objects: 2, bytes: 2 }], looseObjects: 1, looseBytes: 1 }));
    expect(bars.map((b) => [b.prefix, b.share])).toEqual([
      ['a/', 66.7],
      [null, 33.3],
    ]);
    const empty = usageBars(u({ objects: 4, folders: [{ prefix: 'a/', name: 'a', objects: 1, bytes: 0 }], looseObjects: 3 }));
    expect(empty.map((b) => b.share)).toEqual([25, 75]);
  });

  it('says how long ago a measure was made', () => {
    expect(timeAgo(0, 30_000)).toBe('just now');
    expect(timeAgo(0, 5 * 60_000)).toBe('5 min ago');
    expect(timeAgo(0, 3 * 3_600_000)).toBe('3 h ago');
    expect(timeAgo(0, 4 * 86_400_000)).toBe('4 days ago');
  });

  it('states what a Space holds', () => {
    const none = { objects: 0, bytes: 0, olderVersions: 0, deleteMarkers: 0, uploads: 0 };
    expect(isEmptySpace(none)).toBe(true);
    expect(isEmptySpace({ ...none, uploads: 1 })).toBe(false);
    expect(contentsPhrase({ ...none, uploads: 1 })).toBe('1 unfinished upload');
    expect(contentsPhrase({ ...none, objects: 1, bytes: 10, deleteMarkers: 3 })).toBe('1 object (10 B) and 3 delete markers');
  });
});
