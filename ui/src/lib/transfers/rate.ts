// Speed from successive byte counts. Progress arrives in bursts (every ~150 ms, a whole part
// at a time, or only at the end for a small file), so the raw rate jumps around; an
// exponential moving average over a few seconds gives a speed and an ETA that read calmly.

/** How many milliseconds of history the average mostly reflects. */
export const SMOOTHING_MS = 3000;
/** The first speed is an average over at least this long, not one burst's. */
export const WARMUP_MS = 1000;
/** Past this long without news, the shown speed fades instead of freezing at its last value. */
export const STALL_MS = 2000;

export class RateMeter {
  #rate: number | null = null;
  #lastDone = 0;
  #lastAt: number | null = null;
  readonly #tau: number;

  constructor(smoothingMs = SMOOTHING_MS) {
    this.#tau = smoothingMs;
  }

  /** Record that `done` bytes were transferred at time `at` (milliseconds). */
  sample(done: number, at: number): void {
    if (this.#lastAt === null || done < this.#lastDone) {
      // First news, or a restart (resume counts from zero again): a new baseline.
      this.#rate = null;
      this.#lastDone = done;
      this.#lastAt = at;
      return;
    }
    const dt = at - this.#lastAt;
    // Two reports in the same millisecond: let the next one cover both. Likewise until the
    // first estimate has a long enough window behind it.
    if (dt <= 0 || (this.#rate === null && dt < WARMUP_MS)) return;
    const instant = ((done - this.#lastDone) * 1000) / dt;
    // Weight by elapsed time, so an irregular stream of reports averages the same as a steady one.
    const weight = 1 - Math.exp(-dt / this.#tau);
    this.#rate = this.#rate === null ? instant : this.#rate + weight * (instant - this.#rate);
    this.#lastDone = done;
    this.#lastAt = at;
  }

  /** Bytes per second as of `now`; null until reports span WARMUP_MS. */
  rateAt(now: number): number | null {
    if (this.#rate === null || this.#lastAt === null) return null;
    const quiet = now - this.#lastAt - STALL_MS;
    return quiet > 0 ? this.#rate * Math.exp(-quiet / this.#tau) : this.#rate;
  }

  reset(): void {
    this.#rate = null;
    this.#lastAt = null;
    this.#lastDone = 0;
  }
}

/** Seconds until `remaining` bytes are through at `rate`; null when that cannot be told. */
export function etaSeconds(remaining: number, rate: number | null): number | null {
  if (rate === null || rate < 1) return null;
  return Math.max(0, remaining) / rate;
}
