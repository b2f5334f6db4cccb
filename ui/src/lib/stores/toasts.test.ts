import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUTO_HIDE_MS, toasts } from './toasts.svelte';
import { AppError } from '../ipc';

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  toasts.clear();
  vi.useRealTimers();
});

describe('toasts', () => {
  it('hide by themselves after about 8 seconds', () => {
    toasts.error(new AppError('Network', 'The server did not answer.'));
    toasts.info('Saved.');
    expect(toasts.items.map((t) => t.kind)).toEqual(['Network', 'info']);
    vi.advanceTimersByTime(AUTO_HIDE_MS - 1);
    expect(toasts.items).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(toasts.items).toHaveLength(0);
  });

  it('keep credential and permission errors until dismissed', () => {
    const a = toasts.error({ kind: 'AuthFailed', message: 'Wrong secret.' });
    toasts.error({ kind: 'AccessDenied', message: 'No access.' });
    vi.advanceTimersByTime(AUTO_HIDE_MS * 10);
    expect(toasts.items.map((t) => t.message)).toEqual(['Wrong secret.', 'No access.']);
    if (a !== null) toasts.dismiss(a);
    expect(toasts.items.map((t) => t.kind)).toEqual(['AccessDenied']);
  });

  it('show nothing for a cancellation', () => {
    expect(toasts.error({ kind: 'Cancelled', message: 'Cancelled.' })).toBeNull();
    expect(toasts.items).toHaveLength(0);
  });
});
