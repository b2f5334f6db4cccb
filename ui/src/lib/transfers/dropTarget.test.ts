import { afterEach, describe, expect, it, vi } from 'vitest';
import { folderRowAt } from './dropTarget';

afterEach(() => {
  document.body.innerHTML = '';
});

function at(el: Element | null): void {
  // jsdom has no layout: say which element the point hits.
  document.elementFromPoint = vi.fn(() => el);
}

describe('folderRowAt', () => {
  it('finds the folder row under the point, from any of its cells', () => {
    document.body.innerHTML = `
      <div data-testid="file-table">
        <div data-testid="file-row" data-kind="folder" data-key="docs/"><span id="cell">docs</span></div>
        <div data-testid="file-row" data-kind="file" data-key="a.txt"><span id="file">a.txt</span></div>
        <div id="empty"></div>
      </div>`;
    at(document.getElementById('cell'));
    expect(folderRowAt(10, 20)).toBe('docs/');
    expect(document.elementFromPoint).toHaveBeenCalledWith(10, 20);
  });

  it('means the folder on screen over a file row, empty space or nothing', () => {
    document.body.innerHTML = `<div data-testid="file-row" data-kind="file" data-key="a.txt"><span id="file">a</span></div><div id="empty"></div>`;
    at(document.getElementById('file'));
    expect(folderRowAt(1, 1)).toBeNull();
    at(document.getElementById('empty'));
    expect(folderRowAt(1, 1)).toBeNull();
    at(null);
    expect(folderRowAt(1, 1)).toBeNull();
  });
});
