// The whole app mounted in jsdom over the scripted backend, and the DOM helpers its tests
// share. Modules are reset per test, so every test gets fresh stores.
import { afterEach, beforeEach, vi } from 'vitest';
import { clearMocks } from '@tauri-apps/api/mocks';
import { flush, installBackend, type Backend, type Handler } from './backend';

export const INFO = { version: '0.1.0', regions: ['nyc3', 'ams3'], configDir: '/c', logDir: '/l' };

/** Install the per-test setup; returns `start`, which mounts the App over `handlers`. */
export function useApp(): (handlers: Record<string, Handler>) => Promise<Backend> {
  let unmount: (() => void) | null = null;

  beforeEach(() => {
    vi.resetModules();
    globalThis.ResizeObserver = class {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    };
    // jsdom has no layout: give scroll areas a 600px viewport.
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
  });

  afterEach(() => {
    unmount?.();
    unmount = null;
    document.body.innerHTML = '';
    clearMocks();
  });

  return async (handlers) => {
    const be = installBackend({ app_info: () => INFO, ...handlers });
    const svelte = await import('svelte');
    const App = (await import('../App.svelte')).default;
    const target = document.createElement('div');
    document.body.appendChild(target);
    const app = svelte.mount(App, { target });
    unmount = () => void svelte.unmount(app);
    await flush();
    return be;
  };
}

export const $ = <T extends Element = HTMLElement>(sel: string): T | null => document.querySelector<T>(sel);
export const $$ = (sel: string): HTMLElement[] => Array.from(document.querySelectorAll<HTMLElement>(sel));
export const byTestId = (id: string): HTMLElement | null => $(`[data-testid="${id}"]`);

/** Set a field's value as typing or choosing would, firing the event Svelte listens to. */
export function type(id: string, value: string): void {
  const el = byTestId(id) as HTMLInputElement | HTMLSelectElement;
  el.value = value;
  el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
}
