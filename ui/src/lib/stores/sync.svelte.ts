// The sync pairs as the Sync view shows them: listed at start, then kept current by the
// backend's `sync` broadcasts (each one a pair's whole state). Also whether the view is shown.
import type { NewSyncPair } from '../bindings/NewSyncPair';
import type { SyncPairState } from '../bindings/SyncPairState';
import * as ipc from '../ipc';
import { toasts } from './toasts.svelte';

export class SyncStore {
  pairs = $state<SyncPairState[]>([]);
  loaded = $state(false);
  /** The Sync view is in the main area (instead of the folder or the Spaces). */
  shown = $state(false);
  /** Pairs removed here: a broadcast sent before the removal must not bring one back. */
  #removed = new Set<string>();
  #unlisten: (() => void) | null = null;

  /** Listen first, then list: a broadcast that overtakes the listing is the newer news. */
  async connect(): Promise<void> {
    if (this.#unlisten) return;
    try {
      this.#unlisten = await ipc.onSync((s) => this.receive(s));
      const listed = await ipc.listSyncPairs();
      const seen = new Set(this.pairs.map((p) => p.pair.id));
      this.pairs = [...this.pairs, ...listed.filter((s) => !seen.has(s.pair.id))];
    } catch (err) {
      toasts.error(err);
    } finally {
      this.loaded = true;
    }
  }

  disconnect(): void {
    this.#unlisten?.();
    this.#unlisten = null;
  }

  /** One `sync` broadcast: the pair's state replaces the one held, or is added. */
  receive(state: SyncPairState): void {
    const id = state.pair.id;
    if (this.#removed.has(id)) return;
    const i = this.pairs.findIndex((p) => p.pair.id === id);
    if (i < 0) this.pairs.push(state);
    else this.pairs[i] = state;
  }

  get(id: string): SyncPairState | undefined {
    return this.pairs.find((p) => p.pair.id === id);
  }

  /** Pairs stopped by an error, for the sidebar's mark. */
  get failing(): number {
    return this.pairs.filter((p) => p.status.state === 'error').length;
  }

  show(): void {
    this.shown = true;
  }

  hide(): void {
    this.shown = false;
  }

  /** Save a new pair; rejects with an AppError for the dialog. */
  async add(pair: NewSyncPair): Promise<SyncPairState> {
    const state = await ipc.addSyncPair(pair);
    this.receive(state);
    return state;
  }

  pause(id: string): Promise<void> {
    return this.#run(() => ipc.pauseSyncPair(id));
  }

  resume(id: string): Promise<void> {
    return this.#run(() => ipc.resumeSyncPair(id));
  }

  /** Forget the pair (nothing in the Space or the folder is touched); rejects with an AppError. */
  async remove(id: string): Promise<void> {
    await ipc.removeSyncPair(id);
    this.#removed.add(id);
    this.pairs = this.pairs.filter((p) => p.pair.id !== id);
  }

  async #run(command: () => Promise<void>): Promise<void> {
    try {
      await command();
    } catch (err) {
      toasts.error(err);
    }
  }
}

export const sync = new SyncStore();
