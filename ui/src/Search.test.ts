// The filter and search bar over the whole App: a server-side "begins with" filter sent as
// typing pauses, and a search streamed into the table, stopped, and left with Escape.
import { beforeEach, describe, expect, it } from 'vitest';
import { file, flush } from './test/backend';
import { $, $$, byTestId, type, useApp } from './test/app';
import { ONE_SPACE, openSpace, settle, text } from './test/objects';

const start = useApp();
beforeEach(() => localStorage.clear());

const keys = (): string[] => $$('[data-testid="file-row"]').map((r) => r.dataset.key ?? '');

describe('filter', () => {
  it('lists the folder again with the typed prefix once typing pauses, and a full key finds its file', async () => {
    const be = await start({ ...ONE_SPACE, object_acls: () => [] });
    await openSpace(be, [file('', 'a.txt')]);
    type('filter-input', 'deep/er');
    type('filter-input', 'deep/er/x 1.txt');
    await settle();
    expect(be.listings).toHaveLength(1);
    await settle(350);
    expect(be.listings).toHaveLength(2);
    expect(be.listings[1]!.args).toMatchObject({ prefix: '', filter: 'deep/er/x 1.txt' });
    be.listings[1]!.page([{ ...file('', 'x'), key: 'deep/er/x 1.txt', name: 'deep/er/x 1.txt' }]);
    be.listings[1]!.done();
    be.listings[1]!.resolve();
    await flush();
    expect(keys()).toEqual(['deep/er/x 1.txt']);

    // Escape clears it at once.
    byTestId('filter-input')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    await flush();
    expect(be.listings[2]!.args).toMatchObject({ prefix: '', filter: null });
  });
});

describe('search', () => {
  it('streams matches with their full keys, stops, and Escape returns to the folder', async () => {
    const be = await start({ ...ONE_SPACE, object_acls: () => [], search_space: () => new Promise(() => {}) });
    await openSpace(be, [file('', 'a.txt')]);
    type('search-input', 'beach');
    $('[data-testid="find-bar"] form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await flush();
    const call = be.callsOf('search_space')[0]!;
    expect([call.accountId, call.bucket, call.prefix, call.text]).toEqual(['a1', 's', '', 'beach']);
    const channel = call.onEvent as { id: number };
    const internals = (window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, d: unknown) => void } }).__TAURI_INTERNALS__;
    internals.runCallback(channel.id, {
      index: 0,
      message: { event: 'page', entries: [{ ...file('', 'x'), key: 'photos/2024/beach 1.jpg', name: 'photos/2024/beach 1.jpg' }] },
    });
    await flush();
    expect(keys()).toEqual(['photos/2024/beach 1.jpg']);
    expect(text(byTestId('search-status'))).toContain('Searching the whole Space for “beach”… 1 found');

    byTestId('search-stop')?.click();
    await flush();
    expect(be.callsOf('cancel_listing').at(-1)).toEqual({ listingId: call.listingId });
    expect(byTestId('search-status')?.dataset.state).toBe('done');

    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    await flush();
    expect(byTestId('search-status')).toBeNull();
    expect(be.listings.at(-1)!.args).toMatchObject({ prefix: '', filter: null });
  });
});
