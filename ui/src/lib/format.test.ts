import { describe, expect, it } from 'vitest';
import { extensionOf, formatDate, formatDuration, formatRate, formatSize, plural, typeLabel, visibleName } from './format';

describe('formatSize', () => {
  it('shows bytes, then one decimal in base 1024', () => {
    expect(formatSize(0)).toBe('0 B');
    expect(formatSize(1)).toBe('1 B');
    expect(formatSize(1023)).toBe('1023 B');
    expect(formatSize(1024)).toBe('1.0 KB');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(12.3 * 1024 * 1024)).toBe('12.3 MB');
    expect(formatSize(512 * 1024 * 1024)).toBe('512 MB');
    expect(formatSize(5 * 1024 ** 3)).toBe('5.0 GB');
  });

  it('handles sizes past a terabyte', () => {
    expect(formatSize(1024 ** 4)).toBe('1.0 TB');
    expect(formatSize(5 * 1024 ** 4)).toBe('5.0 TB');
    expect(formatSize(3.5 * 1024 ** 5)).toBe('3.5 PB');
  });

  it('moves to the next unit when rounding reaches 1024', () => {
    expect(formatSize(1024 * 1024 - 1)).toBe('1.0 MB');
  });

  it('never shows a negative or NaN size', () => {
    expect(formatSize(-5)).toBe('0 B');
    expect(formatSize(Number.NaN)).toBe('0 B');
  });
});

describe('formatDate', () => {
  it('formats epoch milliseconds as a short date and 24-hour time', () => {
    const ms = Date.UTC(2026, 10, 22, 14, 3);
    expect(formatDate(ms, { locale: 'en-US', timeZone: 'UTC' })).toBe('Nov 22, 2026, 14:03');
  });

  it('uses the given time zone (local time by default)', () => {
    const ms = Date.UTC(2026, 10, 22, 23, 30);
    expect(formatDate(ms, { locale: 'en-US', timeZone: 'Asia/Tokyo' })).toBe('Nov 23, 2026, 08:30');
  });

  it('shows an em dash when there is no date', () => {
    expect(formatDate(null)).toBe('—');
    expect(formatDate(undefined)).toBe('—');
  });
});

describe('typeLabel', () => {
  it('names common types from the extension, case-insensitively', () => {
    expect(typeLabel('photo.PNG', 'file')).toBe('PNG image');
    expect(typeLabel('a.jpeg', 'file')).toBe('JPEG image');
    expect(typeLabel('notes.txt', 'file')).toBe('Text');
    expect(typeLabel('report.pdf', 'file')).toBe('PDF document');
    expect(typeLabel('backup.tar.gz', 'file')).toBe('Gzip archive');
  });

  it('falls back to "File" and calls folders "Folder"', () => {
    expect(typeLabel('Makefile', 'file')).toBe('File');
    expect(typeLabel('.env', 'file')).toBe('File');
    expect(typeLabel('odd.', 'file')).toBe('File');
    expect(typeLabel('data.xyz123', 'file')).toBe('File');
    expect(typeLabel('photos.png', 'folder')).toBe('Folder');
  });

  it('reads the extension of names with unicode and URL-special characters', () => {
    expect(extensionOf('Q3 + Q4 & forecast?.xlsx')).toBe('xlsx');
    expect(typeLabel('100% done #2.md', 'file')).toBe('Markdown');
    expect(typeLabel('東京の写真.JPG', 'file')).toBe('JPEG image');
    expect(typeLabel('naïve café.txt', 'file')).toBe('Text');
  });
});

describe('visibleName', () => {
  it('keeps names exactly as stored, never URL-encoded', () => {
    for (const n of ['a b  c.txt', 'Q3 + Q4 & more?.txt', '100% #1.md', 'naïve café', '東京', '😀 smile.png']) {
      expect(visibleName(n)).toBe(n);
    }
  });

  it('draws control characters as visible symbols', () => {
    expect(visibleName('line\nbreak\t.txt')).toBe('line\u240abreak\u2409.txt');
    expect(visibleName('')).toBe('(empty name)');
  });
});

describe('plural', () => {
  it('chooses the word and groups thousands', () => {
    expect(plural(1, 'file', 'files')).toBe('1 file');
    expect(plural(0, 'file', 'files')).toBe('0 files');
    expect(plural(100000, 'item', 'items')).toBe('100,000 items');
  });
});

describe('formatRate and formatDuration', () => {
  it('read like a transfer dialog', () => {
    expect(formatRate(2.4 * 1024 * 1024)).toBe('2.4 MB/s');
    expect(formatDuration(0.2)).toBe('1 s');
    expect(formatDuration(59)).toBe('59 s');
    expect(formatDuration(60)).toBe('1 min');
    expect(formatDuration(125)).toBe('2 min 5 s');
    expect(formatDuration(1800)).toBe('30 min');
    expect(formatDuration(4800)).toBe('1 h 20 min');
    expect(formatDuration(7200)).toBe('2 h');
    expect(formatDuration(3 * 86400)).toBe('3 days');
    expect(formatDuration(Number.NaN)).toBe('—');
  });
});
