// When uploads land in the folder on screen, list it again — but once for a burst, not once
// per file: 1,000 small uploads finishing over a minute cost a handful of listings.
import type { TransferInfo } from '../bindings/TransferInfo';
import { sameLocation, type Location } from '../browse/location';

/** Quiet time after the last finished upload before the folder is listed again. */
export const REFRESH_DELAY_MS = 500;
/** A steady stream of finishing uploads still refreshes the view at least this often. */
export const REFRESH_MAX_WAIT_MS = 5000;

/** Does this upload show up in `loc`: its key is in the folder or in a folder below it? */
export function landsIn(info: TransferInfo, loc: Location | null): boolean {
  if (!loc || loc.kind !== 'folder') return false;
  return (
    info.direction === 'upload' &&
    info.accountId === loc.accountId &&
    info.bucket === loc.bucket &&
    info.key.startsWith(loc.prefix)
  );
}

export interface Timers {
  now(): number;
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  now: () => Date.now(),
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class FolderRefresher {
  #where: () => Location | null;
  #refresh: () => void;
  #timers: Timers;
  #timer: unknown = null;
  #firstAt = 0;
  #pending: Location | null = null;

  constructor(where: () => Location | null, refresh: () => void, timers: Timers = realTimers) {
    this.#where = where;
    this.#refresh = refresh;
    this.#timers = timers;
  }

  /** Tell about a transfer that has just finished. */
  finished(info: TransferInfo): void {
    const loc = this.#where();
    if (!landsIn(info, loc)) return;
    this.#pending = loc;
    const now = this.#timers.now();
    if (this.#timer === null) this.#firstAt = now;
    else this.#timers.clear(this.#timer);
    const wait = Math.min(REFRESH_DELAY_MS, Math.max(0, this.#firstAt + REFRESH_MAX_WAIT_MS - now));
    this.#timer = this.#timers.set(() => this.#fire(), wait);
  }

  cancel(): void {
    if (this.#timer !== null) this.#timers.clear(this.#timer);
    this.#timer = null;
  }

  #fire(): void {
    this.#timer = null;
    // The user may have gone elsewhere meanwhile; the folder they left is listed on return anyway.
    if (sameLocation(this.#where(), this.#pending)) this.#refresh();
    this.#pending = null;
  }
}
