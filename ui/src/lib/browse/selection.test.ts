import { describe, expect, it } from 'vitest';
import { moveForKey, moveIndex, Selection, type RowSource } from './selection';
import { shortcutFor, type KeyLike } from '../shortcuts';

describe('moveIndex', () => {
  it('starts at the first row, or the last for End', () => {
    expect(moveIndex(-1, 'down', 10, 5)).toBe(0);
    expect(moveIndex(-1, 'up', 10, 5)).toBe(0);
    expect(moveIndex(-1, 'end', 10, 5)).toBe(9);
    expect(moveIndex(-1, 'down', 0, 5)).toBe(-1);
  });

  it('moves and stops at the ends', () => {
    expect(moveIndex(3, 'up', 10, 5)).toBe(2);
    expect(moveIndex(0, 'up', 10, 5)).toBe(0);
    expect(moveIndex(9, 'down', 10, 5)).toBe(9);
    expect(moveIndex(5, 'home', 10, 5)).toBe(0);
    expect(moveIndex(5, 'end', 10, 5)).toBe(9);
  });

  it('pages by one screen less a row', () => {
    expect(moveIndex(0, 'pageDown', 100, 20)).toBe(19);
    expect(moveIndex(50, 'pageUp', 100, 20)).toBe(31);
    expect(moveIndex(95, 'pageDown', 100, 20)).toBe(99);
  });

  it('maps keys to moves', () => {
    expect(moveForKey('ArrowDown')).toBe('down');
    expect(moveForKey('PageUp')).toBe('pageUp');
    expect(moveForKey('a')).toBeNull();
  });
});

describe('shortcutFor', () => {
  const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
    key: k,
    altKey: false,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    ...mods,
  });

  it('knows the navigation keys', () => {
    expect(shortcutFor(key('ArrowLeft', { altKey: true }))).toBe('back');
    expect(shortcutFor(key('ArrowRight', { altKey: true }))).toBe('forward');
    expect(shortcutFor(key('Backspace'))).toBe('up');
    expect(shortcutFor(key('F5'))).toBe('refresh');
    expect(shortcutFor(key('r', { ctrlKey: true }))).toBe('refresh');
    expect(shortcutFor(key('R', { ctrlKey: true, shiftKey: true }))).toBe('refresh');
  });

  it('uploads with Ctrl+U or ⌘U, not with Shift or Alt added', () => {
    expect(shortcutFor(key('u', { ctrlKey: true }))).toBe('upload');
    expect(shortcutFor(key('u', { metaKey: true }))).toBe('upload');
    expect(shortcutFor(key('U', { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(shortcutFor(key('u', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(shortcutFor(key('u'))).toBeNull();
  });

  it('opens the settings with Ctrl+, or ⌘,', () => {
    expect(shortcutFor(key(',', { ctrlKey: true }))).toBe('settings');
    expect(shortcutFor(key(',', { metaKey: true }))).toBe('settings');
    expect(shortcutFor(key(',', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(shortcutFor(key(','))).toBeNull();
  });

  it('makes a new folder with Ctrl+Shift+N or ⌘⇧N only', () => {
    expect(shortcutFor(key('N', { ctrlKey: true, shiftKey: true }))).toBe('newFolder');
    expect(shortcutFor(key('n', { metaKey: true, shiftKey: true }))).toBe('newFolder');
    expect(shortcutFor(key('n', { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(key('N', { ctrlKey: true, shiftKey: true, altKey: true }))).toBeNull();
  });

  it('leaves other keys alone', () => {
    expect(shortcutFor(key('ArrowLeft'))).toBeNull();
    expect(shortcutFor(key('r'))).toBeNull();
    expect(shortcutFor(key('Backspace', { ctrlKey: true }))).toBeNull();
  });
});

describe('Selection', () => {
  const rows = (n: number): RowSource & { keys: string[] } => {
    const keys = Array.from({ length: n }, (_, i) => `k${i}`);
    return { keys, length: n, at: (i) => (i >= 0 && i < n ? { key: keys[i]! } : undefined), indexOf: (k) => keys.indexOf(k) };
  };
  const chosen = (s: Selection): string[] => Array.from(s.keys()).sort();

  it('selects one row on a click, and nothing with null', () => {
    const s = new Selection();
    s.only('k1');
    expect(chosen(s)).toEqual(['k1']);
    expect([s.anchor, s.cursor]).toEqual(['k1', 'k1']);
    s.only(null);
    expect(s.size).toBe(0);
    expect(s.cursor).toBeNull();
  });

  it('extends from the anchor in either direction, replacing the earlier range', () => {
    const r = rows(10);
    const s = new Selection();
    s.only('k3');
    s.extend(r, 6);
    expect(chosen(s)).toEqual(['k3', 'k4', 'k5', 'k6']);
    expect(s.cursor).toBe('k6');
    expect(s.anchor).toBe('k3');
    s.extend(r, 1);
    expect(chosen(s)).toEqual(['k1', 'k2', 'k3']);
    expect(s.cursor).toBe('k1');
  });

  it('extends from the first row clicked when there is no anchor yet', () => {
    const s = new Selection();
    s.extend(rows(5), 2);
    expect(chosen(s)).toEqual(['k2']);
    expect(s.anchor).toBe('k2');
  });

  it('toggles with Ctrl and makes the toggled row the next anchor', () => {
    const r = rows(10);
    const s = new Selection();
    s.only('k1');
    s.toggle('k5');
    s.toggle('k7');
    expect(chosen(s)).toEqual(['k1', 'k5', 'k7']);
    s.toggle('k5');
    expect(chosen(s)).toEqual(['k1', 'k7']);
    expect(s.anchor).toBe('k5');
    s.extend(r, 8);
    expect(chosen(s)).toEqual(['k5', 'k6', 'k7', 'k8']);
  });

  it('selects all and clears, keeping the keyboard on its row', () => {
    const s = new Selection();
    s.only('k4');
    s.all(rows(6));
    expect(s.size).toBe(6);
    expect(s.cursor).toBe('k4');
    s.clear();
    expect(s.size).toBe(0);
    expect(s.cursor).toBe('k4');
    expect(s.has('k4')).toBe(false);
  });

  it('handles 100,000 rows: select all, then a row check is a set lookup', () => {
    const r = rows(100_000);
    const s = new Selection();
    const t0 = performance.now();
    s.all(r);
    s.only('k50000');
    s.extend(r, 99_999);
    expect(s.size).toBe(50_000);
    expect(s.has('k75000')).toBe(true);
    expect(s.has('k49999')).toBe(false);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
