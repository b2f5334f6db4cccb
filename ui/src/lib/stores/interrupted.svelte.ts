// Transfers a crash, quit or restart interrupted, as the backend's journal lists them when the
// app starts. Each can be resumed (it joins the normal queue and continues from the parts
// already moved, then shows as a transfer row) or discarded (its multipart upload is aborted
// or its partial download deleted). Either way it leaves this list.
import type { InterruptedTransfer } from '../bindings/InterruptedTransfer';
import * as ipc from '../ipc';
import { toasts } from './toasts.svelte';

export interface InterruptedTotals {
  count: number;
  size: number;
  done: number;
}

class Interrupted {
  items = $state<InterruptedTransfer[]>([]);
  /** Journal ids with a command under way: their buttons wait for it. */
  busy = $state<Record<string, boolean>>({});
  /** The rows are shown (else only the summary line). */
  expanded = $state(true);

  get totals(): InterruptedTotals {
    let size = 0;
    let done = 0;
    for (const t of this.items) {
      size += t.size;
      done += Math.min(t.done, t.size);
    }
    return { count: this.items.length, size, done };
  }

  find(id: string): InterruptedTransfer | undefined {
    return this.items.find((t) => t.id === id);
  }

  async load(): Promise<void> {
    try {
      this.items = await ipc.interruptedTransfers();
    } catch (err) {
      toasts.error(err);
    }
  }

  toggle(): void {
    this.expanded = !this.expanded;
  }

  /** Queue it again; its live transfer then arrives through the usual `transfer` events. */
  async resume(id: string): Promise<void> {
    const failure = await this.#one(id, (i) => ipc.resumeInterrupted(i));
    if (failure) toasts.error(failure);
  }

  /** Throw away what it moved. Ask first (see recoveryActions). */
  async discard(id: string): Promise<void> {
    const failure = await this.#one(id, (i) => ipc.discardInterrupted(i));
    if (failure) toasts.error(failure);
  }

  /** One at a time, in the listed order, so they join the queue in that order. */
  resumeAll(): Promise<void> {
    return this.#all((i) => ipc.resumeInterrupted(i));
  }

  discardAll(): Promise<void> {
    return this.#all((i) => ipc.discardInterrupted(i));
  }

  /** Run a command for one item; it leaves the list when done, or when the journal no longer
   *  has it. Resolves with the failure, if any. */
  async #one(id: string, command: (id: string) => Promise<unknown>): Promise<ipc.AppError | null> {
    if (this.busy[id]) return null;
    this.busy[id] = true;
    try {
      await command(id);
      this.#remove(id);
      return null;
    } catch (err) {
      const e = ipc.toAppError(err);
      if (e.kind === 'NotFound') this.#remove(id);
      return e;
    } finally {
      delete this.busy[id];
    }
  }

  /** Every item once; a single toast for the first failure (ten alike would only be noise). An
   *  item already gone from the journal is what was asked for and is not worth a word. */
  async #all(command: (id: string) => Promise<unknown>): Promise<void> {
    let first: ipc.AppError | null = null;
    for (const { id } of [...this.items]) {
      const failure = await this.#one(id, command);
      if (failure && failure.kind !== 'NotFound') first ??= failure;
    }
    if (first) toasts.error(first);
  }

  #remove(id: string): void {
    this.items = this.items.filter((t) => t.id !== id);
  }
}

export const interrupted = new Interrupted();
