import { describe, expect, it } from 'vitest';
import { moveForKey, moveIndex } from './selection';
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

  it('leaves other keys alone', () => {
    expect(shortcutFor(key('ArrowLeft'))).toBeNull();
    expect(shortcutFor(key('r'))).toBeNull();
    expect(shortcutFor(key('Backspace', { ctrlKey: true }))).toBeNull();
  });
});
