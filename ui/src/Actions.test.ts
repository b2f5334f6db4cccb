// Selection, the context menu and toolbar actions, new folder, rename, delete and move/copy,
// clicked through the whole App over the scripted backend.
import { beforeEach, describe, expect, it } from 'vitest';
import { file, flush, folder } from './test/backend';
import { $$, byTestId, useApp } from './test/app';
import { ONE_SPACE, openSpace } from './test/objects';

const start = useApp();
beforeEach(() => localStorage.clear());

const row = (key: string): HTMLElement | undefined => $$('[data-testid="file-row"]').find((r) => r.dataset.key === key);
const selected = (): string[] => $$('[data-testid="file-row"][aria-selected="true"]').map((r) => r.dataset.key ?? '');

async function click(key: string, mods: MouseEventInit = {}): Promise<void> {
  row(key)?.dispatchEvent(new MouseEvent('click', { bubbles: true, ...mods }));
  await flush();
}

async function key(k: string, mods: KeyboardEventInit = {}): Promise<void> {
  byTestId('file-table')?.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...mods }));
  await flush();
}

const ROWS = [folder('', 'photos'), file('', 'a.txt'), file('', 'b.txt'), file('', 'c.txt'), file('', 'd.txt')];

describe('selection', () => {
  it('selects with click, Shift+click, Ctrl+click, Ctrl+A and Escape', async () => {
    const be = await start(ONE_SPACE);
    await openSpace(be, ROWS);
    expect(byTestId('file-table')?.getAttribute('aria-multiselectable')).toBe('true');
    await click('a.txt');
    expect(selected()).toEqual(['a.txt']);
    await click('c.txt', { shiftKey: true });
    expect(selected()).toEqual(['a.txt', 'b.txt', 'c.txt']);
    await click('photos/', { ctrlKey: true });
    expect(selected()).toEqual(['photos/', 'a.txt', 'b.txt', 'c.txt']);
    await click('b.txt', { metaKey: true });
    expect(selected()).toEqual(['photos/', 'a.txt', 'c.txt']);
    await click('d.txt');
    expect(selected()).toEqual(['d.txt']);
    await key('a', { ctrlKey: true });
    expect(selected()).toEqual(['photos/', 'a.txt', 'b.txt', 'c.txt', 'd.txt']);
    await key('Escape');
    expect(selected()).toEqual([]);
  });

  it('moves with the arrows and extends with Shift+arrows', async () => {
    const be = await start(ONE_SPACE);
    await openSpace(be, ROWS);
    await click('a.txt');
    await key('ArrowDown');
    expect(selected()).toEqual(['b.txt']);
    await key('ArrowDown', { shiftKey: true });
    await key('ArrowDown', { shiftKey: true });
    expect(selected()).toEqual(['b.txt', 'c.txt', 'd.txt']);
    await key('ArrowUp', { shiftKey: true });
    expect(selected()).toEqual(['b.txt', 'c.txt']);
    // The keyboard was on c.txt: a plain arrow leaves the range for the row above it.
    await key('ArrowUp');
    expect(selected()).toEqual(['b.txt']);
  });
});
