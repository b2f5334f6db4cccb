// Back/forward history, like a web browser's: opening a new place drops the forward list.
import { sameLocation, type Location } from './location';

export class History {
  #entries: Location[] = [];
  #index = -1;

  get current(): Location | null {
    return this.#entries[this.#index] ?? null;
  }

  get canBack(): boolean {
    return this.#index > 0;
  }

  get canForward(): boolean {
    return this.#index < this.#entries.length - 1;
  }

  /** Record a visit; visiting the current place again records nothing. */
  push(loc: Location): void {
    if (sameLocation(this.current, loc)) return;
    this.#entries = this.#entries.slice(0, this.#index + 1);
    this.#entries.push(loc);
    this.#index = this.#entries.length - 1;
  }

  back(): Location | null {
    if (!this.canBack) return null;
    this.#index -= 1;
    return this.current;
  }

  forward(): Location | null {
    if (!this.canForward) return null;
    this.#index += 1;
    return this.current;
  }

  /** Drop places that no longer exist (a removed account), keeping the position sensible. */
  removeWhere(gone: (loc: Location) => boolean): void {
    const cur = this.current;
    const kept: Location[] = [];
    let index = -1;
    this.#entries.forEach((loc, i) => {
      if (gone(loc)) return;
      // Collapse neighbours that became equal once the entries between them went.
      if (kept.length > 0 && sameLocation(kept[kept.length - 1] ?? null, loc)) {
        if (i <= this.#index) index = kept.length - 1;
        return;
      }
      kept.push(loc);
      if (i <= this.#index) index = kept.length - 1;
    });
    this.#entries = kept;
    this.#index = cur !== null && !gone(cur) ? index : Math.min(index, kept.length - 1);
  }

  clear(): void {
    this.#entries = [];
    this.#index = -1;
  }
}
