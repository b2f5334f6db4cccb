// The filter and search bar without the DOM: where a search looks, how its state reads, and
// the pause before a typed filter is sent.
import type { SearchSpec } from '../browse/browser';

export type SearchScope = 'space' | 'folder';

/** Typing pauses this long before the filter is sent to the server. */
export const FILTER_DELAY_MS = 300;

/** Where a search looks: the whole Space, or the folder on screen and everything below it. */
export function scopePrefix(scope: SearchScope, folderPrefix: string): string {
  return scope === 'space' ? '' : folderPrefix;
}

/** "Searching “beach” in the whole Space… 12 found" / "3 files in photos/ and below contain “beach”". */
export function searchSummary(search: SearchSpec, found: number, running: boolean): string {
  const where = search.prefix === '' ? 'the whole Space' : `${search.prefix} and below`;
  const n = found.toLocaleString('en-US');
  if (running) return `Searching ${where} for “${search.text}”… ${n} found`;
  if (found === 0) return `Nothing in ${where} has “${search.text}” in its name.`;
  return `${n} ${found === 1 ? 'file' : 'files'} in ${where} with “${search.text}” in the name`;
}

/** Calls `fn` once input has paused for `ms`; `now` runs it at once, `cancel` drops it. */
export class Debounced {
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly fn: () => void,
    private readonly ms: number,
  ) {}

  schedule(): void {
    this.cancel();
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.fn();
    }, this.ms);
  }

  now(): void {
    this.cancel();
    this.fn();
  }

  cancel(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
