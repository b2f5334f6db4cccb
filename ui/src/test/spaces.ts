// Shared by the Spaces-management tests: progress sent over an op's Channel, answers held
// until the test releases them, and the context menu of a sidebar Space.
import type { OpProgress } from '../lib/bindings/OpProgress';
import type { Args } from './backend';
import { $, byTestId } from './app';
import { settle } from './objects';

interface Internals {
  runCallback: (id: number, data: unknown) => void;
}

/** Send progress through the `onProgress` Channel of a call, as the backend does. */
export function progress(args: Args, index: number, message: OpProgress): void {
  const ch = args.onProgress as { id: number };
  (window as unknown as { __TAURI_INTERNALS__: Internals }).__TAURI_INTERNALS__.runCallback(ch.id, { index, message });
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (err: unknown) => void;
}

export function deferred<T>(): Deferred<T> {
  let resolve: (v: T) => void = () => {};
  let reject: (err: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Right-click the sidebar's Space and pick a menu entry. */
export async function spaceMenu(space: string, entry: string): Promise<void> {
  $(`[data-testid="sidebar-space"][data-space="${space}"]`)?.dispatchEvent(
    new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: 20, clientY: 20 }),
  );
  await settle();
  byTestId(entry)?.click();
  await settle();
}

/** Set an input's or textarea's value as typing would. */
export function typeInto(el: Element | null | undefined, value: string): void {
  const input = el as HTMLInputElement | HTMLTextAreaElement;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}
