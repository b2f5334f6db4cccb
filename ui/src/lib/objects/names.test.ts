import { describe, expect, it } from 'vitest';
import { baseName, describeItems, itemsPhrase, nameProblem, parentPrefix } from './names';

describe('nameProblem', () => {
  it('refuses what the core refuses, with a sentence to show', () => {
    expect(nameProblem('', 'folder')).toBe('A folder name cannot be empty.');
    expect(nameProblem('   ', 'folder')).toBe('A folder name cannot be empty.');
    expect(nameProblem('a/b', 'folder')).toBe('A folder name cannot contain "/" (it separates folders).');
    expect(nameProblem('.', 'file')).toBe('A file name cannot be "." or "..".');
    expect(nameProblem('..', 'folder')).toBe('A folder name cannot be "." or "..".');
    expect(nameProblem('a\tb', 'file')).toBe('A file name cannot contain control characters.');
    expect(nameProblem(' a', 'file')).toBe('A file name cannot start or end with a space.');
  });

  it('takes spaces inside, unicode and + % # ?', () => {
    for (const ok of ['a b', 'naïve café', '東京', 'a+b%c#d?e', '...x', 'x.']) expect(nameProblem(ok, 'file')).toBeNull();
  });
});

describe('key helpers', () => {
  it('names and parents of files and folders', () => {
    expect(baseName('a/b/c.txt')).toBe('c.txt');
    expect(baseName('a/b/')).toBe('b');
    expect(baseName('top')).toBe('top');
    expect(parentPrefix('a/b/c.txt')).toBe('a/b/');
    expect(parentPrefix('a/b/')).toBe('a/');
    expect(parentPrefix('top/')).toBe('');
  });

  it('describes a selection', () => {
    expect(describeItems(3, 2)).toBe('3 files and 2 folders');
    expect(describeItems(1, 0)).toBe('1 file');
    expect(describeItems(0, 1204)).toBe('1,204 folders');
    expect(itemsPhrase(['a/photos/'])).toBe('“photos”');
    expect(itemsPhrase(['a.txt', 'b/', 'c.txt'])).toBe('2 files and 1 folder');
  });
});

describe('deleteQuestion', () => {
  const c = (files: number, folders: number, objects: number) => ({ files, folders, objects, bytes: 0 });
  it('names one file, one folder, or counts a mix', async () => {
    const { deleteQuestion } = await import('./ops.svelte');
    expect(deleteQuestion(['a/b c.txt'], c(1, 0, 1))).toBe('Delete “b c.txt”? This cannot be undone.');
    expect(deleteQuestion(['photos/'], c(0, 1, 1502))).toBe(
      'Delete the folder “photos”? 1,502 objects in all will be deleted. This cannot be undone.',
    );
    expect(deleteQuestion(['x/', 'y/'], c(0, 2, 0))).toBe('Delete 2 folders? The folders are empty. This cannot be undone.');
    expect(deleteQuestion(['a', 'b', 'c/'], c(2, 1, 1))).toBe('Delete 2 files and 1 folder? 1 object will be deleted. This cannot be undone.');
  });
});
