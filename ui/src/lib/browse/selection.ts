// Keyboard movement through a list of `total` rows, `page` of which fit on screen.

export type Move = 'up' | 'down' | 'home' | 'end' | 'pageUp' | 'pageDown';

export function moveIndex(current: number, move: Move, total: number, page: number): number {
  if (total <= 0) return -1;
  const last = total - 1;
  const step = Math.max(1, page - 1);
  if (current < 0) return move === 'end' ? last : 0;
  switch (move) {
    case 'up':
      return Math.max(0, current - 1);
    case 'down':
      return Math.min(last, current + 1);
    case 'home':
      return 0;
    case 'end':
      return last;
    case 'pageUp':
      return Math.max(0, current - step);
    case 'pageDown':
      return Math.min(last, current + step);
  }
}

const KEYS: Record<string, Move> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  Home: 'home',
  End: 'end',
  PageUp: 'pageUp',
  PageDown: 'pageDown',
};

export function moveForKey(key: string): Move | null {
  return KEYS[key] ?? null;
}

/** What the selection needs of the table's rows. */
export interface RowSource {
  readonly length: number;
  at(i: number): { key: string } | undefined;
  indexOf(key: string): number;
}

/**
 * The rows chosen in a table: a set of keys (so checking a row is O(1) however many rows
 * there are), the anchor a Shift+click or Shift+arrow extends from, and the cursor (the row
 * the keyboard is on). Keys, not indexes: a selection survives a new sort and a refresh.
 */
export class Selection {
  #keys = new Set<string>();
  #anchor: string | null = null;
  #cursor: string | null = null;

  get size(): number {
    return this.#keys.size;
  }
  get anchor(): string | null {
    return this.#anchor;
  }
  /** The row the keyboard is on (the last one clicked or moved to). */
  get cursor(): string | null {
    return this.#cursor;
  }

  has(key: string): boolean {
    return this.#keys.has(key);
  }

  keys(): IterableIterator<string> {
    return this.#keys.values();
  }

  /** A plain click: this row alone (null: nothing). */
  only(key: string | null): void {
    this.#keys.clear();
    if (key !== null) this.#keys.add(key);
    this.#anchor = key;
    this.#cursor = key;
  }

  /** Ctrl/⌘+click: add or remove one row; it becomes the anchor of the next Shift+click. */
  toggle(key: string): void {
    if (this.#keys.has(key)) this.#keys.delete(key);
    else this.#keys.add(key);
    this.#anchor = key;
    this.#cursor = key;
  }

  /** Shift+click or Shift+arrow: every row from the anchor to row `to`, in table order. */
  extend(rows: RowSource, to: number): void {
    const target = rows.at(to);
    if (!target) return;
    const from = this.#anchor === null ? -1 : rows.indexOf(this.#anchor);
    if (from < 0) {
      this.only(target.key);
      return;
    }
    this.#keys.clear();
    const step = to >= from ? 1 : -1;
    for (let i = from; i !== to + step; i += step) {
      const row = rows.at(i);
      if (row) this.#keys.add(row.key);
    }
    this.#cursor = target.key;
  }

  /** Ctrl/⌘+A. */
  all(rows: RowSource): void {
    this.#keys.clear();
    for (let i = 0; i < rows.length; i++) {
      const row = rows.at(i);
      if (row) this.#keys.add(row.key);
    }
    if (this.#cursor === null || !this.#keys.has(this.#cursor)) this.#cursor = rows.at(0)?.key ?? null;
    this.#anchor = this.#cursor;
  }

  /** Escape: nothing chosen; the keyboard stays on its row. */
  clear(): void {
    this.#keys.clear();
    this.#anchor = this.#cursor;
  }
}
