// The folder browser without any DOM: where we are, the history, the streamed listing of the
// current folder, the sort and the selection. Views subscribe through `onChange`.
import type { ListEvent } from '../bindings/ListEvent';
import { AppError, cancelListing, listFolder, newListingId, searchSpace, toAppError } from '../ipc';
import { FolderRows } from './folderRows';
import { History } from './history';
import { parentOf, sameLocation, type FolderLocation, type Location } from './location';
import { moveIndex, Selection, type Move } from './selection';
import { DEFAULT_SORT, nextSort, type SortKey, type SortSpec } from './sort';

export type ListingStatus = 'idle' | 'loading' | 'done' | 'error';

/** A search (names containing `text`, under `prefix`) shown in place of the folder's rows. */
export interface SearchSpec {
  text: string;
  prefix: string;
}

export interface OpenOptions {
  /** Select this key once it is listed (going up selects the folder we came from). */
  select?: string | null;
}

export class Browser {
  #history = new History();
  #location: Location | null = null;
  #rows = new FolderRows();
  #sort: SortSpec = DEFAULT_SORT;
  #status: ListingStatus = 'idle';
  #error: AppError | null = null;
  #listingId: string | null = null;
  #selection = new Selection();
  #selectedIndex: number | null = null;
  #selectedItems: string[] | null = null;
  #settled: Promise<void> = Promise.resolve();
  #generation = 0;
  #onChange: () => void;
  #filter = '';
  #search: SearchSpec | null = null;

  constructor(onChange: () => void = () => {}) {
    this.#onChange = onChange;
  }

  get location(): Location | null {
    return this.#location;
  }
  get rows(): FolderRows {
    return this.#rows;
  }
  get sort(): SortSpec {
    return this.#sort;
  }
  get status(): ListingStatus {
    return this.#status;
  }
  get error(): AppError | null {
    return this.#error;
  }
  get canBack(): boolean {
    return this.#history.canBack;
  }
  get canForward(): boolean {
    return this.#history.canForward;
  }
  get canUp(): boolean {
    return this.#location !== null && parentOf(this.#location) !== null;
  }
  /** The row the keyboard is on: the last one clicked or moved to (null: none). */
  get selectedKey(): string | null {
    return this.#selection.cursor;
  }
  isSelected(key: string): boolean {
    return this.#selection.has(key);
  }
  /** How many keys are chosen (some may not be listed yet while a refresh runs). */
  get selectionSize(): number {
    return this.#selection.size;
  }
  /**
   * The chosen rows that are listed, as bulk actions take them: file keys and folder
   * prefixes (ending in "/"). Cached until the selection or the rows change.
   */
  get selectedItems(): string[] {
    if (this.#selectedItems === null) {
      const out: string[] = [];
      for (const key of this.#selection.keys()) if (this.#rows.has(key)) out.push(key);
      this.#selectedItems = out;
    }
    return this.#selectedItems;
  }
  /** Counts listings started (including refreshes), so views can tell a new one began. */
  get generation(): number {
    return this.#generation;
  }
  /** Resolves when the current listing has ended, whichever way. For tests and Refresh. */
  get settled(): Promise<void> {
    return this.#settled;
  }

  /** The "begins with" filter on the folder's listing ('' for none). */
  get filter(): string {
    return this.#filter;
  }
  /** The search shown instead of the folder's rows, or null. */
  get search(): SearchSpec | null {
    return this.#search;
  }

  /** List the folder again with only the names that begin with `text` (the server filters). */
  setFilter(text: string): Promise<void> {
    const loc = this.#location;
    if (!loc || loc.kind !== 'folder' || (text === this.#filter && this.#search === null)) return this.#settled;
    this.#filter = text;
    this.#search = null;
    this.#leave();
    return this.#list(loc, null);
  }

  /** Show the keys under `prefix` whose names contain `text`, streamed as they are found. */
  startSearch(text: string, prefix: string): Promise<void> {
    const loc = this.#location;
    if (!loc || loc.kind !== 'folder' || text.trim() === '') return this.#settled;
    this.#search = { text: text.trim(), prefix };
    this.#leave();
    return this.#list(loc, null);
  }

  /** Stop searching (a running search is cancelled) and show the folder again. */
  endSearch(): Promise<void> {
    const loc = this.#location;
    if (!loc || loc.kind !== 'folder' || this.#search === null) return this.#settled;
    this.#search = null;
    this.#leave();
    return this.#list(loc, null);
  }

  /** Names in natural order (IMG_2 before IMG_10) or, off, in S3's code point order. */
  setNatural(on: boolean): void {
    if ((this.#sort.natural === true) === on) return;
    this.#sort = { ...this.#sort, natural: on };
    this.#rows.setSort(this.#sort);
    this.#changed();
  }

  /** Stop a running listing or search where it is, keeping the rows found so far. */
  stopListing(): void {
    if (this.#status !== 'loading') return;
    this.#leave();
    this.#status = 'done';
    this.#onChange();
  }

  /** Row index of the selection, or -1 when nothing (listed yet) is selected. */
  get selectedIndex(): number {
    const key = this.#selection.cursor;
    if (key === null) return -1;
    if (this.#selectedIndex === null) this.#selectedIndex = this.#rows.indexOf(key);
    return this.#selectedIndex;
  }

  open(loc: Location, opts: OpenOptions = {}): Promise<void> {
    if (sameLocation(this.#location, loc) && this.#status !== 'error') return this.#settled;
    this.#history.push(loc);
    return this.#go(loc, opts.select ?? null);
  }

  back(): Promise<void> {
    const loc = this.#history.back();
    return loc ? this.#go(loc, null) : this.#settled;
  }

  forward(): Promise<void> {
    const loc = this.#history.forward();
    return loc ? this.#go(loc, null) : this.#settled;
  }

  up(): Promise<void> {
    const from = this.#location;
    const parent = from ? parentOf(from) : null;
    if (!from || !parent) return this.#settled;
    const select = from.kind === 'folder' ? from.prefix || null : null;
    return this.open(parent, { select });
  }

  /** List the current folder again, keeping the selection (rows gone from it drop out). */
  refresh(): Promise<void> {
    const loc = this.#location;
    if (!loc || loc.kind !== 'folder') return this.#settled;
    this.#leave();
    return this.#list(loc, null, true);
  }

  setSort(key: SortKey): void {
    this.#sort = nextSort(this.#sort, key);
    this.#rows.setSort(this.#sort);
    this.#changed();
  }

  /** This row alone (a click); null selects nothing. */
  select(key: string | null): void {
    this.#selection.only(key);
    this.#changed();
  }

  selectIndex(i: number): void {
    const row = this.#rows.at(i);
    if (row) this.select(row.key);
  }

  /** Ctrl/⌘+click. */
  toggleSelected(key: string): void {
    this.#selection.toggle(key);
    this.#changed();
  }

  /** Shift+click: from the anchor to row `i`. */
  extendTo(i: number): void {
    this.#selection.extend(this.#rows, i);
    this.#changed();
  }

  selectAll(): void {
    this.#selection.all(this.#rows);
    this.#changed();
  }

  clearSelection(): void {
    if (this.#selection.size === 0) return;
    this.#selection.clear();
    this.#changed();
  }

  /** Arrow keys and paging; with `extend` (Shift) the selection grows from the anchor. */
  move(move: Move, pageRows: number, extend = false): number {
    const i = moveIndex(this.selectedIndex, move, this.#rows.length, pageRows);
    if (i < 0) return i;
    if (extend) this.extendTo(i);
    else this.selectIndex(i);
    return i;
  }

  /** Open the selected row if it is a folder. */
  openSelected(): Promise<void> {
    const loc = this.#location;
    const row = this.#rows.at(this.selectedIndex);
    if (!loc || loc.kind !== 'folder' || !row || row.kind !== 'folder') return this.#settled;
    return this.open({ ...loc, prefix: row.key });
  }

  /** An account went away: forget its places and leave if we are in one of them. */
  forgetAccount(accountId: string): void {
    this.#history.removeWhere((l) => l.accountId === accountId);
    if (this.#location?.accountId === accountId) {
      const next = this.#history.current;
      if (next) void this.#go(next, null);
      else this.close();
    } else {
      this.#onChange();
    }
  }

  /** Show nothing (no account left). */
  close(): void {
    this.#leave();
    this.#history.clear();
    this.#location = null;
    this.#rows = new FolderRows(this.#sort);
    this.#status = 'idle';
    this.#error = null;
    this.#selection.only(null);
    this.#changed();
  }

  #go(loc: Location, select: string | null): Promise<void> {
    this.#leave();
    // A filter or a search belongs to the place it was made in.
    this.#filter = '';
    this.#search = null;
    this.#location = loc;
    if (loc.kind === 'folder') return this.#list(loc, select);
    this.#rows = new FolderRows(this.#sort);
    this.#status = 'idle';
    this.#error = null;
    this.#selection.only(null);
    this.#settled = Promise.resolve();
    this.#changed();
    return this.#settled;
  }

  /** Stop listening to the running listing and tell the backend to stop it. */
  #leave(): void {
    const id = this.#listingId;
    this.#listingId = null;
    if (id !== null && this.#status === 'loading') {
      // Its rejection (Cancelled) belongs to a listing nobody looks at any more.
      cancelListing(id).catch(() => {});
    }
  }

  /** The selection or the rows changed: forget what was derived from them, tell the views. */
  #changed(): void {
    this.#selectedIndex = null;
    this.#selectedItems = null;
    this.#onChange();
  }

  #list(loc: FolderLocation, select: string | null, keepSelection = false): Promise<void> {
    const id = newListingId();
    this.#listingId = id;
    this.#generation += 1;
    this.#rows = new FolderRows(this.#sort);
    this.#status = 'loading';
    this.#error = null;
    if (!keepSelection) this.#selection.only(select);
    this.#changed();

    const current = (): boolean => this.#listingId === id;
    const finish = (): void => {
      if (!current() || this.#status !== 'loading') return;
      this.#status = 'done';
      this.#onChange();
    };
    const onEvent = (event: ListEvent): void => {
      if (!current()) return;
      if (event.event === 'page') {
        this.#rows.append(event.entries);
        this.#changed();
      } else {
        finish();
      }
    };

    const { accountId, bucket } = loc;
    const search = this.#search;
    const listing = search
      ? searchSpace({ accountId, bucket, prefix: search.prefix, text: search.text, listingId: id, onEvent })
      : listFolder({ accountId, bucket, prefix: loc.prefix, filter: this.#filter || null, listingId: id, onEvent });
    this.#settled = listing.then(
      // The reply may overtake the `done` event on its way; either one ends the listing.
      finish,
      (err: unknown) => {
        if (!current()) return;
        const e = toAppError(err);
        this.#status = e.kind === 'Cancelled' ? 'idle' : 'error';
        this.#error = e.kind === 'Cancelled' ? null : e;
        this.#onChange();
      },
    );
    return this.#settled;
  }
}
