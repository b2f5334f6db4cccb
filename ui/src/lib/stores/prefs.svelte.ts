// The saved preferences, as every part of the UI reads them (the theme on <html>, the upload
// dialog's defaults, the download folder, whether deleting asks first). Loaded once at start;
// the Preferences dialog saves through here so everything follows at once.
import type { Settings } from '../bindings/Settings';
import type { Theme } from '../bindings/Theme';
import * as ipc from '../ipc';

/** The core's defaults (`Settings::default`), used until the saved ones arrive. */
export function defaultSettings(): Settings {
  return {
    theme: 'system',
    transfers: { requestsInFlight: 16, requestsPerSecond: 700, multipartThresholdMib: 16, partSizeMib: 8 },
    uploads: { acl: 'private', cacheControl: null },
    downloadFolder: null,
    confirmDelete: true,
    logLevel: 'debug',
  };
}

const DARK_QUERY = '(prefers-color-scheme: dark)';

function systemDark(): MediaQueryList | null {
  return typeof globalThis.matchMedia === 'function' ? globalThis.matchMedia(DARK_QUERY) : null;
}

/**
 * Colour the document: `data-theme` on <html> is always "light" or "dark" (app.css keys the
 * dark colours on it), resolved from the OS for "system"; `data-theme-choice` is the choice.
 */
export function applyTheme(theme: Theme): void {
  const root = globalThis.document?.documentElement;
  if (!root) return;
  const dark = theme === 'dark' || (theme === 'system' && (systemDark()?.matches ?? false));
  root.dataset.theme = dark ? 'dark' : 'light';
  root.dataset.themeChoice = theme;
}

class Prefs {
  current = $state<Settings>(defaultSettings());
  #following = false;

  /** Read the saved preferences; on failure the defaults stay (the dialog reports it when opened). */
  async load(): Promise<void> {
    this.#followSystem();
    applyTheme(this.current.theme);
    try {
      this.current = await ipc.preferences();
    } catch {
      // Nothing to do: the defaults are what a fresh install has.
    }
    applyTheme(this.current.theme);
  }

  /** Save; resolves with what the backend kept (and applies it), rejects with its error. */
  async save(wanted: Settings): Promise<Settings> {
    const kept = await ipc.setPreferences(wanted);
    this.current = kept;
    applyTheme(kept.theme);
    return kept;
  }

  /** "system" follows the OS when it switches between light and dark while the app runs. */
  #followSystem(): void {
    if (this.#following) return;
    this.#following = true;
    systemDark()?.addEventListener('change', () => {
      if (this.current.theme === 'system') applyTheme('system');
    });
  }
}

export const prefs = new Prefs();
