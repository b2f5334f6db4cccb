// The folder browser without any DOM: where we are, the history, the streamed listing of the
// current folder, the sort and the selection. Views subscribe through `onChange`.
import type { ListEvent } from '../bindings/ListEvent';
import { AppError, cancelListing, listFolder, newListingId, toAppError } from '../ipc';
import { FolderRows } from './folderRows';
import { History } from './history';
import { parentOf, sameLocation, type FolderLocation, type Location } from './location';
import { moveIndex, type Move } from './selection';
import { DEFAULT_SORT, nextSort, type SortKey, type SortSpec } from './sort';

export type ListingStatus = 'idle' | 'loading' | 'done' | 'error';

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
  #selectedKey: string | null = null;
  #selectedIndex: number | null = null;
  #settled: Promise<void> = Promise.resolve();
  #generation = 0;
  #onChange: () => void;

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
  get selectedKey(): string | null {
    return this.#selectedKey;
  }
  /** Counts listings started (including refreshes), so views can tell a new one began. */
  get generation(): number {
    return this.#generation;
  }
  /** Resolves when the current listing has ended, whichever way. For tests and Refresh. */
  get settled(): Promise<void> {
    return this.#settled;
  }

  /** Row index of the selection, or -1 when nothing (listed yet) is selected. */
  get selectedIndex(): number {
    if (this.#selectedKey === null) return -1;
    if (this.#selectedIndex === null) this.#selectedIndex = this.#rows.indexOf(this.#selectedKey);
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

  /** List the current folder again, keeping the selection when the row still exists. */
  refresh(): Promise<void> {
    const loc = this.#location;
    if (!loc || loc.kind !== 'folder') return this.#settled;
    this.#leave();
    return this.#list(loc, this.#selectedKey);
  }

  setSort(key: SortKey): void {
    this.#sort = nextSort(this.#sort, key);
    this.#rows.setSort(this.#sort);
    this.#selectedIndex = null;
    this.#onChange();
  }

  select(key: string | null): void {
    this.#selectedKey = key;
    this.#selectedIndex = null;
    this.#onChange();
  }

  selectIndex(i: number): void {
    const row = this.#rows.at(i);
    if (row) this.select(row.key);
  }

  move(move: Move, pageRows: number): number {
    const i = moveIndex(this.selectedIndex, move, this.#rows.length, pageRows);
    if (i >= 0) this.selectIndex(i);
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
    this.#selectedKey = null;
    this.#selectedIndex = null;
    this.#onChange();
  }

  #go(loc: Location, select: string | null): Promise<void> {
    this.#leave();
    this.#location = loc;
    if (loc.kind === 'folder') return this.#list(loc, select);
    this.#rows = new FolderRows(this.#sort);
    this.#status = 'idle';
    this.#error = null;
    this.#selectedKey = null;
    this.#selectedIndex = null;
    this.#settled = Promise.resolve();
    this.#onChange();
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

  #list(loc: FolderLocation, select: string | null): Promise<void> {
    const id = newListingId();
    this.#listingId = id;
    this.#generation += 1;
    this.#rows = new FolderRows(this.#sort);
    this.#status = 'loading';
    this.#error = null;
    this.#selectedKey = select;
    this.#selectedIndex = null;
    this.#onChange();

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
        this.#selectedIndex = null;
        this.#onChange();
      } else {
        finish();
      }
    };

    this.#settled = listFolder({
      accountId: loc.accountId,
      bucket: loc.bucket,
      prefix: loc.prefix,
      listingId: id,
      onEvent,
    }).then(
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
