// Passing notices. Errors about credentials or permissions stay until dismissed: the user
// has to act on them, and they may be away when they appear.
import type { ErrorKind } from '../bindings/ErrorKind';
import { toAppError } from '../ipc';

export type ToastKind = ErrorKind | 'info';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

export const AUTO_HIDE_MS = 8000;
const STICKY: ReadonlySet<ToastKind> = new Set<ToastKind>(['AuthFailed', 'AccessDenied']);

class Toasts {
  items = $state<Toast[]>([]);
  #next = 1;
  #timers = new Map<number, ReturnType<typeof setTimeout>>();

  show(kind: ToastKind, message: string): number {
    const id = this.#next++;
    this.items.push({ id, kind, message });
    if (!STICKY.has(kind)) {
      this.#timers.set(
        id,
        setTimeout(() => this.dismiss(id), AUTO_HIDE_MS),
      );
    }
    return id;
  }

  info(message: string): number {
    return this.show('info', message);
  }

  /** Show a failure; a cancellation is the user's own doing and shows nothing. */
  error(err: unknown): number | null {
    const e = toAppError(err);
    if (e.kind === 'Cancelled') return null;
    return this.show(e.kind, e.message);
  }

  dismiss(id: number): void {
    const t = this.#timers.get(id);
    if (t !== undefined) clearTimeout(t);
    this.#timers.delete(id);
    this.items = this.items.filter((x) => x.id !== id);
  }

  clear(): void {
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
    this.items = [];
  }
}

export const toasts = new Toasts();
