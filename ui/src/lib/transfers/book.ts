// Every transfer the backend reported, keyed by id, with running totals and speeds. No DOM
// and no Svelte: the store feeds it events and reads it back. Totals are kept incrementally,
// so a progress report costs the same with 10 transfers in the list as with 50,000.
//
// Rows are grouped by state so what needs the user is on top: failures, then what is moving,
// paused, waiting, and last what is over. Within a group they keep the order they were added.
import type { TransferInfo } from '../bindings/TransferInfo';
import type { TransferState } from '../bindings/TransferState';
import { etaSeconds, RateMeter } from './rate';
import { canResume, isActive, isDropped, STATE_NAMES, type StateName } from './state';

export interface Totals {
  /** Every transfer in the list. */
  count: number;
  /** How many are in each state. */
  states: Record<StateName, number>;
  /** Queued or running. */
  active: number;
  /** Size of all transfers but the cancelled ones. */
  bytes: number;
  /** Bytes through of those. */
  doneBytes: number;
}

function emptyStates(): Record<StateName, number> {
  const out = {} as Record<StateName, number>;
  for (const s of STATE_NAMES) out[s] = 0;
  return out;
}

function countedBytes(info: TransferInfo): { bytes: number; done: number } {
  if (isDropped(info.state.state)) return { bytes: 0, done: 0 };
  const done = info.state.state === 'done' ? info.size : Math.min(Math.max(info.done, 0), info.size);
  return { bytes: info.size, done };
}

/** The order of the groups in the list. */
export const ROW_ORDER: readonly StateName[] = ['failed', 'running', 'paused', 'queued', 'done', 'cancelled'];

/** Insert into, or remove from, an ascending list of ids. */
function place(ids: number[], id: number, add: boolean): void {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ids[mid] as number) < id) lo = mid + 1;
    else hi = mid;
  }
  if (add) {
    if (ids[lo] !== id) ids.splice(lo, 0, id);
  } else if (ids[lo] === id) {
    ids.splice(lo, 1);
  }
}

function emptyGroups(): Record<StateName, number[]> {
  const out = {} as Record<StateName, number[]>;
  for (const s of STATE_NAMES) out[s] = [];
  return out;
}

interface Item {
  info: TransferInfo;
  meter: RateMeter;
  /**
   * Set when a paused or failed item starts again: its first report carries the bytes an
   * earlier run already moved (finished parts), which must not read as a burst of speed.
   */
  restarted: boolean;
}

export class TransferBook {
  #items = new Map<number, Item>();
  /** Ids per state, each ascending: the order the transfers were added. */
  #groups = emptyGroups();
  #states = emptyStates();
  #bytes = 0;
  #doneBytes = 0;
  /** Bytes still to move for queued and running transfers. */
  #remaining = 0;
  /** Bytes moved by any transfer since the list last fell idle; feeds the overall speed. */
  #moved = 0;
  #overall = new RateMeter();

  get length(): number {
    return this.#items.size;
  }

  /** The transfer at row `i` of the list (see ROW_ORDER). */
  at(i: number): TransferInfo | undefined {
    if (i < 0) return undefined;
    let rest = i;
    for (const state of ROW_ORDER) {
      const ids = this.#groups[state];
      if (rest < ids.length) return this.#items.get(ids[rest] as number)?.info;
      rest -= ids.length;
    }
    return undefined;
  }

  get(id: number): TransferInfo | undefined {
    return this.#items.get(id)?.info;
  }

  /** Every transfer, in list order. */
  list(): TransferInfo[] {
    const out: TransferInfo[] = [];
    for (const state of ROW_ORDER) {
      for (const id of this.#groups[state]) {
        const item = this.#items.get(id);
        if (item) out.push(item.info);
      }
    }
    return out;
  }

  /** Take in one report. Returns the state the transfer had before, or null when it is new. */
  apply(info: TransferInfo, now: number): TransferState | null {
    const item = this.#items.get(info.id);
    if (!item) {
      const meter = new RateMeter();
      if (info.state.state === 'running') meter.sample(info.done, now);
      this.#items.set(info.id, { info, meter, restarted: false });
      place(this.#groups[info.state.state], info.id, true);
      this.#count(info, 1);
      this.#afterChange(now);
      return null;
    }
    const before = item.info;
    this.#count(before, -1);
    this.#count(info, 1);
    item.info = info;
    const was = before.state.state;
    const is = info.state.state;
    if (was !== is) {
      // Only a change of state moves the row: progress reports leave the list alone.
      place(this.#groups[was], info.id, false);
      place(this.#groups[is], info.id, true);
    }
    if (canResume(was) && isActive(is)) item.restarted = true;

    const baseline = item.restarted && was === 'running' && is === 'running' && info.done > before.done;
    if (baseline) {
      // The first report after a restart carries what an earlier run moved: not speed.
      item.restarted = false;
      item.meter.reset();
      item.meter.sample(info.done, now);
    } else {
      if (was === 'running' && info.done > before.done) this.#moved += info.done - before.done;
      if (is === 'running') item.meter.sample(info.done, now);
    }
    if (is !== 'running') {
      item.meter.reset();
      if (!isActive(is)) item.restarted = false;
    }
    this.#afterChange(now);
    return before.state;
  }

  /** Make the list exactly `list` (after Clear finished, or a fresh listing). */
  replaceAll(list: readonly TransferInfo[], now: number): void {
    const keep = new Set(list.map((t) => t.id));
    for (const [id, item] of this.#items) {
      if (keep.has(id)) continue;
      this.#count(item.info, -1);
      place(this.#groups[item.info.state.state], id, false);
      this.#items.delete(id);
    }
    for (const info of list) this.apply(info, now);
  }

  /** Add what a listing shows that no event has told about yet (events are newer). */
  addMissing(list: readonly TransferInfo[], now: number): void {
    for (const info of list) if (!this.#items.has(info.id)) this.apply(info, now);
  }

  totals(): Totals {
    return {
      count: this.#items.size,
      states: { ...this.#states },
      active: this.#states.queued + this.#states.running,
      bytes: this.#bytes,
      doneBytes: this.#doneBytes,
    };
  }

  /** Smoothed speed of one running transfer, bytes per second. */
  rate(id: number, now: number): number | null {
    const item = this.#items.get(id);
    if (!item || item.info.state.state !== 'running') return null;
    return item.meter.rateAt(now);
  }

  /** Seconds left for one running transfer. */
  eta(id: number, now: number): number | null {
    const item = this.#items.get(id);
    if (!item) return null;
    return etaSeconds(item.info.size - item.info.done, this.rate(id, now));
  }

  /** Speed of everything together: counts small files that start and finish between reports. */
  overallRate(now: number): number | null {
    if (this.#states.running === 0 && this.#states.queued === 0) return null;
    return this.#overall.rateAt(now);
  }

  /** Seconds until every queued and running transfer is through. */
  overallEta(now: number): number | null {
    return etaSeconds(this.#remaining, this.overallRate(now));
  }

  #afterChange(now: number): void {
    if (this.#states.running + this.#states.queued === 0) {
      // Idle: the next batch measures its own speed from scratch.
      this.#overall.reset();
      this.#moved = 0;
    } else {
      this.#overall.sample(this.#moved, now);
    }
  }

  /** Add (1) or take away (-1) a transfer's share of the totals. */
  #count(info: TransferInfo, sign: 1 | -1): void {
    this.#states[info.state.state] += sign;
    const { bytes, done } = countedBytes(info);
    this.#bytes += sign * bytes;
    this.#doneBytes += sign * done;
    if (isActive(info.state.state)) this.#remaining += sign * Math.max(0, info.size - info.done);
  }
}
