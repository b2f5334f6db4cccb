// The transfer panel's state: every transfer by id, fed by list_transfers at start and then
// by the backend's `transfer` events. The bookkeeping lives in the DOM-free TransferBook;
// this store makes it reactive (one counter bump per event) and runs the commands.
import type { TransferInfo } from '../bindings/TransferInfo';
import * as ipc from '../ipc';
import { TransferBook, type Totals } from '../transfers/book';
import { FolderRefresher } from '../transfers/refresh';
import { canCancel, canPause, canResume, type StateName } from '../transfers/state';
import { browser } from './browser.svelte';
import { interrupted } from './interrupted.svelte';
import { toasts } from './toasts.svelte';

/** How often speeds and times left are redrawn while something runs. */
const TICK_MS = 1000;

export class TransferStore {
  readonly book = new TransferBook();
  #version = $state(0);
  /** The panel shows its rows (else only its header). */
  expanded = $state(false);
  /** The clock speeds are read against; ticks while anything is queued or running. */
  now = $state(Date.now());
  #tick: ReturnType<typeof setInterval> | null = null;
  #unlisten: (() => void) | null = null;
  #refresher = new FolderRefresher(
    () => browser.location,
    () => void browser.core.refresh(),
  );

  /** Read it inside a derivation to recompute on any change. */
  get version(): number {
    return this.#version;
  }

  get totals(): Totals {
    void this.#version;
    return this.book.totals();
  }

  get count(): number {
    void this.#version;
    return this.book.length;
  }

  at(i: number): TransferInfo | undefined {
    void this.#version;
    return this.book.at(i);
  }

  rate(id: number): number | null {
    void this.#version;
    return this.book.rate(id, this.now);
  }

  eta(id: number): number | null {
    void this.#version;
    return this.book.eta(id, this.now);
  }

  get overallRate(): number | null {
    void this.#version;
    return this.book.overallRate(this.now);
  }

  get overallEta(): number | null {
    void this.#version;
    return this.book.overallEta(this.now);
  }

  /** Listen first, then list: an event that overtakes the listing is the newer news. */
  async start(): Promise<void> {
    if (this.#unlisten) return;
    try {
      this.#unlisten = await ipc.onTransfer((info) => this.receive(info));
      const list = await ipc.listTransfers();
      this.book.addMissing(list, Date.now());
      this.#changed();
    } catch (err) {
      toasts.error(err);
    }
    // After the live list: the journal's transfers that are not in it were interrupted.
    await interrupted.load();
  }

  stop(): void {
    this.#unlisten?.();
    this.#unlisten = null;
    this.#refresher.cancel();
    this.#setTicking(false);
  }

  /** One `transfer` event. */
  receive(info: TransferInfo): void {
    const now = Date.now();
    this.now = now;
    const before = this.book.apply(info, now);
    // A new transfer shows the panel, so nothing starts out of sight.
    if (before === null && info.state.state !== 'done') this.expanded = true;
    if (info.state.state === 'done' && before !== null && before.state !== 'done') this.#refresher.finished(info);
    this.#changed();
  }

  toggle(): void {
    this.expanded = !this.expanded;
  }

  pause(id: number): Promise<void> {
    return this.#run([id], ipc.pauseTransfer);
  }

  resume(id: number): Promise<void> {
    return this.#run([id], ipc.resumeTransfer);
  }

  cancel(id: number): Promise<void> {
    return this.#run([id], ipc.cancelTransfer);
  }

  /** The backend has no batch commands: each item is paused on its own, queued ones first
   *  (a running one paused first would hand its slot to the next queued one). */
  pauseAll(): Promise<void> {
    return this.#run([...this.#idsIn(['queued']), ...this.#idsIn(['running'])], ipc.pauseTransfer);
  }

  /** Resume what was paused and retry what failed; cancelled items stay cancelled. */
  resumeAll(): Promise<void> {
    return this.#run(this.#idsIn(['paused', 'failed']), ipc.resumeTransfer);
  }

  /** Queued ones first, so none of them takes a slot a cancelled running one frees. */
  cancelAll(): Promise<void> {
    return this.#run([...this.#idsIn(['queued']), ...this.#idsIn(['paused', 'running'])], ipc.cancelTransfer);
  }

  canPauseAny(): boolean {
    return this.#any(canPause);
  }

  canResumeAny(): boolean {
    const s = this.totals.states;
    return s.paused + s.failed > 0;
  }

  canCancelAny(): boolean {
    return this.#any(canCancel);
  }

  /** Drop done and cancelled rows; the backend sends no events for that, so list again. */
  async clearFinished(): Promise<void> {
    try {
      await ipc.clearFinishedTransfers();
      this.book.replaceAll(await ipc.listTransfers(), Date.now());
      this.#changed();
    } catch (err) {
      toasts.error(err);
    }
  }

  #any(allowed: (s: StateName) => boolean): boolean {
    const s = this.totals.states;
    return (Object.keys(s) as StateName[]).some((k) => allowed(k) && s[k] > 0);
  }

  #idsIn(states: StateName[]): number[] {
    return this.#idsWhere((s) => states.includes(s));
  }

  #idsWhere(allowed: (s: StateName) => boolean): number[] {
    return this.book
      .list()
      .filter((t) => allowed(t.state.state))
      .map((t) => t.id);
  }

  async #run(ids: number[], command: (id: number) => Promise<void>): Promise<void> {
    const results = await Promise.allSettled(ids.map((id) => command(id)));
    // An item that finished or was cleared in the meantime is not worth a word.
    const failure = results.find(
      (r): r is PromiseRejectedResult => r.status === 'rejected' && ipc.toAppError(r.reason).kind !== 'NotFound',
    );
    if (failure) toasts.error(failure.reason);
  }

  #changed(): void {
    this.#version += 1;
    this.#setTicking(this.book.totals().active > 0);
  }

  #setTicking(on: boolean): void {
    if (on && this.#tick === null) {
      this.#tick = setInterval(() => {
        this.now = Date.now();
      }, TICK_MS);
    } else if (!on && this.#tick !== null) {
      clearInterval(this.#tick);
      this.#tick = null;
    }
  }
}

export const transfers = new TransferStore();
