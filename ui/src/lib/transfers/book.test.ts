import { describe, expect, it } from 'vitest';
import type { TransferInfo } from '../bindings/TransferInfo';
import type { TransferState } from '../bindings/TransferState';
import { TransferBook } from './book';
import { windowTitle } from './title';

function t(id: number, state: TransferState['state'], done = 0, size = 1000, over: Partial<TransferInfo> = {}): TransferInfo {
  const s: TransferState = state === 'failed' ? { state, kind: 'Network', message: 'The server did not answer.' } : { state };
  return { id, direction: 'upload', accountId: 'a', bucket: 'b', key: `k${id}`, local: `/l/${id}`, size, done, state: s, ...over };
}

describe('TransferBook', () => {
  it('keeps one row per id, in the order the backend numbered them', () => {
    const b = new TransferBook();
    b.apply(t(2, 'queued'), 0);
    b.apply(t(1, 'queued'), 0);
    b.apply(t(3, 'queued'), 0);
    b.apply(t(2, 'queued', 10), 1);
    expect(b.list().map((x) => [x.id, x.state.state, x.done])).toEqual([
      [1, 'queued', 0],
      [2, 'queued', 10],
      [3, 'queued', 0],
    ]);
    expect(b.at(1)?.id).toBe(2);
    expect(b.at(3)).toBeUndefined();
    expect(b.length).toBe(3);
  });

  it('puts failures first, then what moves, then what waits, and finished ones last', () => {
    const b = new TransferBook();
    const states = ['done', 'queued', 'running', 'cancelled', 'failed', 'paused', 'running', 'queued'] as const;
    states.forEach((s, i) => b.apply(t(i + 1, s), 0));
    expect(b.list().map((x) => x.id)).toEqual([5, 3, 7, 6, 2, 8, 1, 4]);
    expect(Array.from({ length: 8 }, (_, i) => b.at(i)?.id)).toEqual(b.list().map((x) => x.id));
    // A row moves only when its state changes, and lands in its group by id.
    b.apply(t(2, 'running', 5), 1);
    b.apply(t(3, 'running', 50), 1);
    expect(b.list().map((x) => x.id)).toEqual([5, 2, 3, 7, 6, 8, 1, 4]);
  });

  it('returns the state a transfer had, or null for a new one', () => {
    const b = new TransferBook();
    expect(b.apply(t(1, 'queued'), 0)).toBeNull();
    expect(b.apply(t(1, 'running'), 1)).toEqual({ state: 'queued' });
  });

  it('totals bytes and states as events arrive, leaving cancelled ones out', () => {
    const b = new TransferBook();
    b.apply(t(1, 'running', 250, 1000), 0);
    b.apply(t(2, 'queued', 0, 3000), 0);
    b.apply(t(3, 'failed', 100, 1000), 0);
    b.apply(t(4, 'cancelled', 500, 5000), 0);
    b.apply(t(5, 'done', 0, 2000), 0);
    const x = b.totals();
    expect(x.count).toBe(5);
    expect(x.active).toBe(2);
    expect(x.states).toEqual({ queued: 1, running: 1, paused: 0, done: 1, failed: 1, cancelled: 1 });
    expect(x.bytes).toBe(1000 + 3000 + 1000 + 2000);
    // A done transfer counts whole even if its last report said less.
    expect(x.doneBytes).toBe(250 + 0 + 100 + 2000);

    b.apply(t(1, 'done', 1000, 1000), 1);
    b.apply(t(4, 'queued', 0, 5000), 1);
    const y = b.totals();
    expect(y.states.cancelled).toBe(0);
    expect(y.bytes).toBe(1000 + 3000 + 1000 + 5000 + 2000);
    expect(y.doneBytes).toBe(1000 + 100 + 2000);
    // 3,100 of 12,000 bytes is 25.8%: the title rounds down.
    expect(windowTitle(y)).toBe('Spaceport — 25% (2 transfers)');
  });

  it('gives a running transfer a speed and a time left', () => {
    const b = new TransferBook();
    b.apply(t(1, 'running', 0, 10_000_000), 0);
    for (let i = 1; i <= 20; i++) b.apply(t(1, 'running', i * 150_000, 10_000_000), i * 150);
    expect(b.rate(1, 3000)).toBeCloseTo(1_000_000, 0);
    expect(b.eta(1, 3000)).toBeCloseTo(7, 1);
    b.apply(t(1, 'paused', 3_000_000, 10_000_000), 3100);
    expect(b.rate(1, 3100)).toBeNull();
  });

  it('does not read the parts a resumed upload already had as speed', () => {
    const b = new TransferBook();
    b.apply(t(1, 'running', 0, 100_000_000), 0);
    b.apply(t(1, 'running', 1_000_000, 100_000_000), 1000);
    b.apply(t(1, 'paused', 1_000_000, 100_000_000), 1100);
    // Resume: the backend starts counting at zero, then reports the finished parts at once.
    b.apply(t(1, 'queued', 0, 100_000_000), 5000);
    b.apply(t(1, 'running', 0, 100_000_000), 5001);
    b.apply(t(1, 'running', 40_000_000, 100_000_000), 5010);
    expect(b.rate(1, 5010)).toBeNull();
    b.apply(t(1, 'running', 41_000_000, 100_000_000), 6010);
    expect(b.rate(1, 6010)).toBeCloseTo(1_000_000, 0);
    expect(b.overallRate(6010)).toBeLessThan(2_000_000);
  });

  it('counts small files that start and finish between reports in the overall speed', () => {
    const b = new TransferBook();
    for (let i = 1; i <= 50; i++) b.apply(t(i, 'queued', 0, 100_000), 0);
    // Two files a tenth of a second: 2 MB/s, though no single file is ever seen moving.
    for (let i = 1; i <= 40; i++) {
      const at = i * 50;
      b.apply(t(i, 'running', 0, 100_000), at - 25);
      b.apply(t(i, 'done', 100_000, 100_000), at);
    }
    expect(b.rate(40, 2000)).toBeNull();
    const r = b.overallRate(2000) ?? 0;
    expect(r).toBeGreaterThan(1_400_000);
    expect(r).toBeLessThan(2_600_000);
    const eta = b.overallEta(2000) ?? 0;
    expect(eta).toBeGreaterThan(10 * 100_000 / 2_600_000);
    expect(eta).toBeLessThan(10 * 100_000 / 1_400_000);
  });

  it('has no overall speed when nothing is moving', () => {
    const b = new TransferBook();
    b.apply(t(1, 'running', 0), 0);
    b.apply(t(1, 'done', 1000), 1000);
    expect(b.overallRate(1000)).toBeNull();
    expect(windowTitle(b.totals())).toBe('Spaceport');
  });

  it('replaces its rows with a fresh listing and adds only unknown ones from a late listing', () => {
    const b = new TransferBook();
    b.apply(t(1, 'done', 1000), 0);
    b.apply(t(2, 'running', 500), 0);
    b.apply(t(3, 'cancelled'), 0);
    b.replaceAll([t(2, 'running', 600)], 1);
    expect(b.list().map((x) => [x.id, x.done])).toEqual([[2, 600]]);
    expect(b.totals()).toMatchObject({ count: 1, bytes: 1000, doneBytes: 600 });

    // An event overtook the listing: the listing's older copy of id 2 must not win.
    b.apply(t(2, 'done', 1000), 2);
    b.addMissing([t(2, 'running', 700), t(4, 'queued')], 3);
    expect(b.list().map((x) => [x.id, x.state.state])).toEqual([
      [4, 'queued'],
      [2, 'done'],
    ]);
  });
});

describe('windowTitle', () => {
  it('shows the percentage and the number still running or waiting', () => {
    const b = new TransferBook();
    b.apply(t(1, 'running', 420, 1000), 0);
    expect(windowTitle(b.totals())).toBe('Spaceport — 42% (1 transfer)');
    b.apply(t(2, 'running', 999, 1000), 0);
    b.apply(t(3, 'paused', 0, 0), 0);
    expect(windowTitle(b.totals())).toBe('Spaceport — 70% (2 transfers)');
  });

  it('never says 100% before every byte is through', () => {
    const b = new TransferBook();
    b.apply(t(1, 'running', 999_999, 1_000_000), 0);
    expect(windowTitle(b.totals())).toBe('Spaceport — 99% (1 transfer)');
  });
});
