import { describe, expect, it } from 'vitest';
import type { TransferInfo } from '../bindings/TransferInfo';
import { folderOf, spacesOf, type Location } from '../browse/location';
import { FolderRefresher, landsIn, REFRESH_DELAY_MS, REFRESH_MAX_WAIT_MS, type Timers } from './refresh';

function done(key: string, over: Partial<TransferInfo> = {}): TransferInfo {
  return { id: 1, direction: 'upload', accountId: 'a', bucket: 'b', key, local: '/x', size: 1, done: 1, state: { state: 'done' }, ...over };
}

/** A hand-wound clock: timers fire only when the test advances time. */
class FakeTimers implements Timers {
  t = 0;
  #next = 1;
  #pending = new Map<number, { at: number; fn: () => void }>();
  now = (): number => this.t;
  set = (fn: () => void, ms: number): unknown => {
    const id = this.#next++;
    this.#pending.set(id, { at: this.t + ms, fn });
    return id;
  };
  clear = (handle: unknown): void => {
    this.#pending.delete(handle as number);
  };
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.#pending.entries()].filter(([, p]) => p.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.#pending.delete(due[0]);
      this.t = due[1].at;
      due[1].fn();
    }
    this.t = end;
  }
}

describe('landsIn', () => {
  const here = folderOf('a', 'b', 'photos/');

  it('is true for uploads into the folder shown or a folder below it', () => {
    expect(landsIn(done('photos/x.jpg'), here)).toBe(true);
    expect(landsIn(done('photos/2024/x.jpg'), here)).toBe(true);
    expect(landsIn(done('x.jpg'), folderOf('a', 'b', ''))).toBe(true);
  });

  it('is false elsewhere, for downloads, and outside a folder view', () => {
    expect(landsIn(done('photosets/x.jpg'), here)).toBe(false);
    expect(landsIn(done('x.jpg'), here)).toBe(false);
    expect(landsIn(done('photos/x.jpg', { bucket: 'other' }), here)).toBe(false);
    expect(landsIn(done('photos/x.jpg', { accountId: 'z' }), here)).toBe(false);
    expect(landsIn(done('photos/x.jpg', { direction: 'download' }), here)).toBe(false);
    expect(landsIn(done('photos/x.jpg'), spacesOf('a'))).toBe(false);
    expect(landsIn(done('photos/x.jpg'), null)).toBe(false);
  });
});

describe('FolderRefresher', () => {
  function setup(loc: Location | null): { r: FolderRefresher; timers: FakeTimers; count: () => number; go: (l: Location) => void } {
    let where = loc;
    let refreshes = 0;
    const timers = new FakeTimers();
    const r = new FolderRefresher(
      () => where,
      () => (refreshes += 1),
      timers,
    );
    return { r, timers, count: () => refreshes, go: (l) => (where = l) };
  }

  it('lists once for a burst of 1,000 uploads into the folder shown', () => {
    const { r, timers, count } = setup(folderOf('a', 'b', ''));
    for (let i = 0; i < 1000; i++) {
      r.finished(done(`f${i}`));
      timers.advance(1);
    }
    expect(count()).toBe(0);
    timers.advance(REFRESH_DELAY_MS);
    expect(count()).toBe(1);
    timers.advance(60_000);
    expect(count()).toBe(1);
  });

  it('waits for a quiet moment after the last upload', () => {
    const { r, timers, count } = setup(folderOf('a', 'b', ''));
    r.finished(done('one'));
    timers.advance(REFRESH_DELAY_MS - 100);
    r.finished(done('two'));
    timers.advance(REFRESH_DELAY_MS - 100);
    expect(count()).toBe(0);
    timers.advance(100);
    expect(count()).toBe(1);
  });

  it('still refreshes now and then during a long steady stream', () => {
    const { r, timers, count } = setup(folderOf('a', 'b', ''));
    for (let t = 0; t < 20_000; t += 200) {
      r.finished(done(`f${t}`));
      timers.advance(200);
    }
    expect(count()).toBeGreaterThanOrEqual(Math.floor(20_000 / REFRESH_MAX_WAIT_MS) - 1);
    expect(count()).toBeLessThanOrEqual(Math.ceil(20_000 / REFRESH_MAX_WAIT_MS));
  });

  it('ignores uploads that land elsewhere', () => {
    const { r, timers, count } = setup(folderOf('a', 'b', 'docs/'));
    r.finished(done('photos/x.jpg'));
    r.finished(done('docs/x.jpg', { direction: 'download' }));
    timers.advance(10_000);
    expect(count()).toBe(0);
  });

  it('drops the refresh when the user has gone to another folder meanwhile', () => {
    const { r, timers, count, go } = setup(folderOf('a', 'b', 'docs/'));
    r.finished(done('docs/x.jpg'));
    go(folderOf('a', 'b', 'photos/'));
    timers.advance(10_000);
    expect(count()).toBe(0);
  });
});
