import { describe, expect, it } from 'vitest';
import {
  cdnDomainProblem,
  contentTypeProblem,
  CUSTOM,
  durationSecs,
  expiryText,
  formatRemaining,
  newDurationForm,
  uploadNameProblem,
} from './share';

describe('link durations', () => {
  it('takes the preset choices as seconds', () => {
    expect(durationSecs(newDurationForm())).toEqual({ secs: 3600 });
    expect(durationSecs({ ...newDurationForm(), choice: '21600' })).toEqual({ secs: 21600 });
  });

  it('checks a custom duration: a number, at least a minute, at most 7 days', () => {
    const custom = (amount: string, unit: 'minutes' | 'hours' | 'days') => durationSecs({ choice: CUSTOM, customAmount: amount, customUnit: unit });
    expect(custom('90', 'minutes')).toEqual({ secs: 5400 });
    expect(custom('1.5', 'hours')).toEqual({ secs: 5400 });
    expect(custom('7', 'days')).toEqual({ secs: 604800 });
    expect(custom('7.5', 'days')).toEqual({ error: 'A link can last at most 7 days.' });
    expect(custom('0', 'hours')).toEqual({ error: 'A link must last at least 1 minute.' });
    expect(custom('two', 'hours')).toEqual({ error: 'Enter a number, like 2 or 1.5.' });
    expect(custom('-1', 'hours')).toEqual({ error: 'Enter a number, like 2 or 1.5.' });
  });
});

describe('expiry countdown', () => {
  it('reads as two units at most', () => {
    expect(formatRemaining((5 * 3600 + 12 * 60 + 40) * 1000)).toBe('5 h 12 min');
    expect(formatRemaining(3 * 86400 * 1000 + 4 * 3600 * 1000)).toBe('3 d 4 h');
    expect(formatRemaining(6 * 3600 * 1000)).toBe('6 h');
    expect(formatRemaining(59 * 1000)).toBe('59 s');
  });

  it('says expired once past, and never for public URLs', () => {
    expect(expiryText({ expiresAt: 10_000 + 5 * 60_000 }, 10_000)).toBe('expires in 5 min');
    expect(expiryText({ expiresAt: 10_000 }, 10_000)).toBe('expired');
    expect(expiryText({ expiresAt: null }, 10_000)).toBe('never expires');
  });
});

describe('form checks', () => {
  it('upload link names', () => {
    expect(uploadNameProblem('report + 100% #1?.pdf')).toBeNull();
    expect(uploadNameProblem('sub/dir/a.txt')).toBeNull();
    expect(uploadNameProblem('  ')).toMatch(/Type the name/);
    expect(uploadNameProblem('dir/')).toMatch(/folder name/);
    expect(uploadNameProblem('/a')).toMatch(/cannot start/);
    expect(uploadNameProblem('a/../b')).toMatch(/“\.\.”/);
  });

  it('content types', () => {
    expect(contentTypeProblem('')).toBeNull();
    expect(contentTypeProblem('text/plain; charset=utf-8')).toBeNull();
    expect(contentTypeProblem('application/vnd.api+json')).toBeNull();
    expect(contentTypeProblem('pdf')).toMatch(/like image\/png/);
  });

  it('CDN domains', () => {
    expect(cdnDomainProblem('')).toBeNull();
    expect(cdnDomainProblem('cdn.example.com')).toBeNull();
    expect(cdnDomainProblem('https://cdn.example.com')).toMatch(/without https/);
    expect(cdnDomainProblem('cdn example')).toMatch(/domain name/);
  });
});
