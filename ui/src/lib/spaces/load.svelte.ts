// A Settings section's read and its saves: the value as the server has it, whether it is
// still being read, and the failure (an Unsupported one shows as "not available here").
import { toAppError, type AppError } from '../ipc';

export class Loaded<T> {
  value = $state<T | null>(null);
  loading = $state(true);
  error = $state<AppError | null>(null);
  /** A save in flight. */
  saving = $state(false);
  saveError = $state<AppError | null>(null);
  /** The last save went through (cleared by the next edit). */
  saved = $state(false);
  #read: () => Promise<T>;
  #ticket = 0;

  constructor(read: () => Promise<T>) {
    this.#read = read;
  }

  /** Read (again); a slow earlier answer never overwrites a later one. */
  async load(): Promise<void> {
    const ticket = ++this.#ticket;
    this.loading = true;
    this.error = null;
    try {
      const v = await this.#read();
      if (ticket === this.#ticket) this.value = v;
    } catch (err) {
      if (ticket === this.#ticket) this.error = toAppError(err);
    } finally {
      if (ticket === this.#ticket) this.loading = false;
    }
  }

  /** Run a save; resolves true when it went through. `after` is what the server now has. */
  async save(write: () => Promise<unknown>, after?: T): Promise<boolean> {
    this.saving = true;
    this.saveError = null;
    this.saved = false;
    try {
      await write();
      if (after !== undefined) this.value = after;
      this.saved = true;
      return true;
    } catch (err) {
      this.saveError = toAppError(err);
      return false;
    } finally {
      this.saving = false;
    }
  }

  edited(): void {
    this.saved = false;
    this.saveError = null;
  }
}
