// Makes the DOM-free Browser reactive: every change bumps a counter the getters read, so a
// page of 1,000 rows costs one counter write rather than 1,000 proxied array pushes.
import { Browser } from '../browse/browser';
import { rememberLocation } from '../browse/lastLocation';
import type { FolderRows } from '../browse/folderRows';
import type { Location } from '../browse/location';
import type { SortSpec } from '../browse/sort';
import type { ListingStatus, SearchSpec } from '../browse/browser';
import type { AppError } from '../ipc';

export class BrowserStore {
  #version = $state(0);
  readonly core: Browser;

  constructor() {
    this.core = new Browser(() => {
      this.#version += 1;
      rememberLocation(this.core.location);
    });
  }

  /** Read it inside a derivation to recompute whenever anything here changed. */
  get version(): number {
    return this.#version;
  }
  get location(): Location | null {
    void this.#version;
    return this.core.location;
  }
  get rows(): FolderRows {
    void this.#version;
    return this.core.rows;
  }
  get sort(): SortSpec {
    void this.#version;
    return this.core.sort;
  }
  get status(): ListingStatus {
    void this.#version;
    return this.core.status;
  }
  get error(): AppError | null {
    void this.#version;
    return this.core.error;
  }
  get filter(): string {
    void this.#version;
    return this.core.filter;
  }
  get search(): SearchSpec | null {
    void this.#version;
    return this.core.search;
  }
  get canBack(): boolean {
    void this.#version;
    return this.core.canBack;
  }
  get canForward(): boolean {
    void this.#version;
    return this.core.canForward;
  }
  get canUp(): boolean {
    void this.#version;
    return this.core.canUp;
  }
  get selectedKey(): string | null {
    void this.#version;
    return this.core.selectedKey;
  }
  /** The listed rows chosen, as bulk actions take them (keys; folders end in "/"). */
  get selectedItems(): string[] {
    void this.#version;
    return this.core.selectedItems;
  }
  /** Read by each row on screen: O(1), and redrawn whenever the selection changes. */
  isSelected(key: string): boolean {
    void this.#version;
    return this.core.isSelected(key);
  }
  get generation(): number {
    void this.#version;
    return this.core.generation;
  }
  get selectedIndex(): number {
    void this.#version;
    return this.core.selectedIndex;
  }
}

export const browser = new BrowserStore();
