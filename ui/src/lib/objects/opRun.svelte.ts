// One bulk action as a dialog shows it: its progress as the backend reports it, a Cancel
// that reaches the backend, and the outcome. Used by the permission and metadata dialogs.
import type { OpProgress } from '../bindings/OpProgress';
import type { OpPhase } from '../bindings/OpPhase';
import { cancelOp, isCancelled, newListingId, toAppError, type AppError } from '../ipc';

export type RunState = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

const PHASES: Record<OpPhase, string> = {
  listing: 'Listing files',
  copying: 'Copying',
  deleting: 'Deleting',
  updating: 'Updating',
  reading: 'Reading',
};

export class OpRun {
  state = $state<RunState>('idle');
  progress = $state<OpProgress | null>(null);
  error = $state<AppError | null>(null);
  #opId: string | null = null;
  #phases: Record<OpPhase, string>;

  /** `phases` renames what a phase is called here ("Renaming" for a rename's copies). */
  constructor(phases: Partial<Record<OpPhase, string>> = {}) {
    this.#phases = { ...PHASES, ...phases };
  }

  /** Run `fn` with a new op id and a progress listener; resolves with its result, or null when it failed or was cancelled. */
  async run<T>(fn: (opId: string, onProgress: (p: OpProgress) => void) => Promise<T>): Promise<T | null> {
    const opId = newListingId();
    this.#opId = opId;
    this.state = 'running';
    this.progress = null;
    this.error = null;
    try {
      const out = await fn(opId, (p) => {
        if (this.#opId === opId) this.progress = p;
      });
      if (this.#opId === opId) this.state = 'done';
      return out;
    } catch (err) {
      if (this.#opId !== opId) return null;
      if (isCancelled(err)) this.state = 'cancelled';
      else {
        this.state = 'failed';
        this.error = toAppError(err);
      }
      return null;
    } finally {
      if (this.#opId === opId) this.#opId = null;
    }
  }

  cancel(): void {
    const id = this.#opId;
    if (id !== null) cancelOp(id).catch(() => {});
  }

  /** "Updating 120 of 1,204" or "Listing files: 3,000 found". */
  get label(): string {
    const p = this.progress;
    if (!p) return 'Starting…';
    const what = this.#phases[p.phase];
    if (p.total === 0) return `${what}: ${p.done.toLocaleString('en-US')} found`;
    return `${what} ${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')}`;
  }

  /** 0 to 100, or null while the total is not known. */
  get percent(): number | null {
    const p = this.progress;
    if (!p || p.total === 0) return null;
    return Math.min(100, Math.round((p.done / p.total) * 100));
  }
}
