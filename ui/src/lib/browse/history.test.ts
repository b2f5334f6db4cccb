import { describe, expect, it } from 'vitest';
import { History } from './history';
import { crumbsOf, folderOf, parentOf, sameLocation, spacesOf } from './location';

describe('History', () => {
  it('goes back and forward, and a new visit drops the forward list', () => {
    const h = new History();
    const a = folderOf('a1', 'b', '');
    const b = folderOf('a1', 'b', 'x/');
    const c = folderOf('a1', 'b', 'x/y/');
    h.push(a);
    h.push(b);
    h.push(c);
    expect(h.back()).toEqual(b);
    expect(h.back()).toEqual(a);
    expect(h.back()).toBeNull();
    expect(h.canForward).toBe(true);
    expect(h.forward()).toEqual(b);
    h.push(spacesOf('a1'));
    expect(h.canForward).toBe(false);
    expect(h.back()).toEqual(b);
  });

  it('does not record the current place twice', () => {
    const h = new History();
    h.push(folderOf('a1', 'b', 'x/'));
    h.push(folderOf('a1', 'b', 'x/'));
    expect(h.canBack).toBe(false);
  });

  it('forgets the places of a removed account', () => {
    const h = new History();
    h.push(spacesOf('a1'));
    h.push(spacesOf('a2'));
    h.push(spacesOf('a1'));
    h.removeWhere((l) => l.accountId === 'a2');
    expect(h.current).toEqual(spacesOf('a1'));
    expect(h.canBack).toBe(false);
    h.removeWhere((l) => l.accountId === 'a1');
    expect(h.current).toBeNull();
  });
});

describe('locations', () => {
  it('goes up one folder, and from a Space root to the account', () => {
    expect(parentOf(folderOf('a1', 'b', 'x/y/'))).toEqual(folderOf('a1', 'b', 'x/'));
    expect(parentOf(folderOf('a1', 'b', 'x/'))).toEqual(folderOf('a1', 'b', ''));
    expect(parentOf(folderOf('a1', 'b', ''))).toEqual(spacesOf('a1'));
    expect(parentOf(spacesOf('a1'))).toBeNull();
  });

  it('makes crumbs for each folder, keeping odd names intact', () => {
    expect(crumbsOf('space', 'a b/Q3 + Q4 & #1?/')).toEqual([
      { label: 'space', prefix: '' },
      { label: 'a b', prefix: 'a b/' },
      { label: 'Q3 + Q4 & #1?', prefix: 'a b/Q3 + Q4 & #1?/' },
    ]);
    expect(crumbsOf('s', '')).toEqual([{ label: 's', prefix: '' }]);
  });

  it('compares places by value', () => {
    expect(sameLocation(folderOf('a', 'b', 'c/'), folderOf('a', 'b', 'c/'))).toBe(true);
    expect(sameLocation(folderOf('a', 'b', 'c/'), folderOf('a', 'b', ''))).toBe(false);
    expect(sameLocation(spacesOf('a'), folderOf('a', 'b', ''))).toBe(false);
    expect(sameLocation(null, null)).toBe(true);
  });
});
