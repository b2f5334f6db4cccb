// The Preferences dialog (the grown Settings dialog), clicked through the whole App over the
// scripted backend: what it asks for on open, what it refuses before sending, the exact
// payload Save sends, the values the backend kept, and how it opens, closes and reports
// failures. What the saved preferences then change elsewhere is in Preferences.test.ts.
import { describe, expect, it } from 'vitest';
import type { Account } from './lib/bindings/Account';
import type { Settings } from './lib/bindings/Settings';
import type { TransferSettings } from './lib/bindings/TransferSettings';
import { defaultSettings } from './lib/stores/prefs.svelte';
import { flush, type Handler } from './test/backend';
import { $, $$, byTestId, type, useApp } from './test/app';

const WORK: Account = { id: 'a1', name: 'Work', provider: { type: 'digitalocean', region: 'ams3' }, accessKeyId: 'AK', addedSpaces: [] };

const start = useApp();

function handlers(extra: Record<string, Handler> = {}): Record<string, Handler> {
  return { list_accounts: () => [], ...extra };
}

/** The defaults with these transfer settings. */
function withTransfers(t: Partial<TransferSettings>): Settings {
  const d = defaultSettings();
  return { ...d, transfers: { ...d.transfers, ...t } };
}

/** Answers `preferences` with these transfer settings, as if saved earlier. */
function savedAs(t: Partial<TransferSettings>): Record<string, Handler> {
  return { preferences: () => withTransfers(t) };
}

/** What Save sends when only the transfer settings differ from the defaults. */
const sent = (t: Partial<TransferSettings>): { settings: Settings } => ({ settings: withTransfers(t) });

async function settle(): Promise<void> {
  for (let i = 0; i < 4; i++) await flush();
}

const text = (el: Element | null | undefined): string => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const input = (id: 'settings-requests' | 'settings-rate'): HTMLInputElement => byTestId(id) as HTMLInputElement;
const values = (): [string, string] => [input('settings-requests').value, input('settings-rate').value];
const saveButton = (): HTMLButtonElement => byTestId('settings-save') as HTMLButtonElement;
const errors = (): Record<string, string> =>
  Object.fromEntries($$('[data-testid="settings-error"]').map((e) => [e.dataset.field ?? '', text(e)]));

async function openSettings(): Promise<void> {
  byTestId('settings-open')?.click();
  await settle();
  expect(byTestId('settings-dialog')).not.toBeNull();
}

function submitWithEnter(): void {
  const form = $('[data-testid="settings-dialog"] form') as HTMLFormElement;
  form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
}

function key(k: string, mods: KeyboardEventInit = {}, target: EventTarget = window): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...mods }));
}

describe('settings dialog', () => {
  it('opens from the gear button, even before any account exists, with the saved values', async () => {
    const be = await start(handlers(savedAs({ requestsInFlight: 8, requestsPerSecond: 250 })));
    expect(byTestId('welcome')).not.toBeNull();
    expect(byTestId('settings-dialog')).toBeNull();
    // Read once at start (the theme and the other defaults), and again when the dialog opens.
    expect(be.callsOf('preferences')).toEqual([{}]);

    const gear = byTestId('settings-open');
    expect(gear?.getAttribute('aria-label')).toBe('Settings');
    expect(gear?.getAttribute('title')).toBe('Settings (Ctrl+,)');
    await openSettings();
    expect(be.callsOf('preferences')).toEqual([{}, {}]);
    expect(text($('[data-testid="settings-dialog"] h2'))).toBe('Preferences');
    expect($$('[data-testid="settings-dialog"] h3').map(text)).toEqual(['Appearance', 'Transfers', 'New uploads', 'Downloads', 'Deleting', 'Log']);
    expect(values()).toEqual(['8', '250']);
    expect(input('settings-requests').type).toBe('number');
    expect([input('settings-requests').min, input('settings-requests').max]).toEqual(['1', '64']);
    expect([input('settings-rate').min, input('settings-rate').max]).toEqual(['0', '10000']);
    expect(text($('#settings-rate-hint'))).toBe(
      'To DigitalOcean Spaces, which allow 800 per Space (older Spaces 500); other servers are not held back. 0 = no limit.',
    );
    expect(errors()).toEqual({});
    expect(saveButton().disabled).toBe(false);
    // Nothing changed yet: the way out says so.
    expect(text(byTestId('settings-cancel'))).toBe('Close');
    expect(document.activeElement).toBe(input('settings-requests'));
    expect(be.callsOf('set_preferences')).toEqual([]);
  });

  it('refuses out-of-range and non-integer values inline, with Save disabled and nothing sent', async () => {
    const be = await start(handlers());
    await openSettings();
    expect(values()).toEqual(['16', '700']);

    const badRequests: [string, string][] = [
      ['0', 'Must be at least 1.'],
      ['65', 'Must be at most 64.'],
      ['-3', 'Must be at least 1.'],
      ['1.5', 'Must be a whole number, 1 to 64.'],
      ['', 'Enter a whole number, 1 to 64.'],
      // A number input hands over "" for text it cannot read as a number.
      ['abc', 'Enter a whole number, 1 to 64.'],
    ];
    for (const [value, message] of badRequests) {
      type('settings-requests', value);
      await flush();
      expect(errors(), value).toEqual({ requests: message });
      expect(input('settings-requests').getAttribute('aria-invalid'), value).toBe('true');
      expect(input('settings-requests').getAttribute('aria-describedby')).toContain('settings-requests-error');
      expect(saveButton().disabled, value).toBe(true);
      submitWithEnter();
      await flush();
    }
    type('settings-requests', '64');
    await flush();
    expect(errors()).toEqual({});
    expect(input('settings-requests').getAttribute('aria-invalid')).toBe('false');
    expect(saveButton().disabled).toBe(false);

    const badRates: [string, string][] = [
      ['-1', 'Must be at least 0 (0 = no limit).'],
      ['10001', 'Must be at most 10,000.'],
      ['2.5', 'Must be a whole number, 0 to 10,000 (0 = no limit).'],
      ['', 'Enter a whole number, 0 to 10,000 (0 = no limit).'],
    ];
    for (const [value, message] of badRates) {
      type('settings-rate', value);
      await flush();
      expect(errors(), value).toEqual({ rate: message });
      expect(saveButton().disabled, value).toBe(true);
      submitWithEnter();
      await flush();
    }
    // Both wrong at once: both say so.
    type('settings-requests', '100');
    await flush();
    expect(Object.keys(errors()).sort()).toEqual(['rate', 'requests']);
    expect(be.callsOf('set_preferences')).toEqual([]);

    // The edges of the ranges are fine.
    type('settings-requests', '1');
    type('settings-rate', '10000');
    await flush();
    expect(errors()).toEqual({});
    expect(saveButton().disabled).toBe(false);
    type('settings-rate', '0');
    await flush();
    expect(errors()).toEqual({});
    expect(be.callsOf('set_preferences')).toEqual([]);
  });

  it('saves the exact payload, stays open showing it, and the next opening reads it back', async () => {
    const be = await start(handlers());
    await openSettings();
    type('settings-requests', '4');
    type('settings-rate', '300');
    await flush();
    expect(text(byTestId('settings-cancel'))).toBe('Cancel');
    saveButton().click();
    await settle();
    expect(be.callsOf('set_preferences')).toEqual([sent({ requestsInFlight: 4, requestsPerSecond: 300 })]);
    expect(byTestId('settings-dialog')).not.toBeNull();
    expect(values()).toEqual(['4', '300']);
    expect(text(byTestId('settings-saved'))).toBe('Saved. Transfers follow these now.');
    expect(text(byTestId('settings-cancel'))).toBe('Close');
    expect($$('[data-testid="toast"]')).toEqual([]);

    // An edit after saving clears the note.
    type('settings-rate', '0');
    await flush();
    expect(byTestId('settings-saved')).toBeNull();
    saveButton().click();
    await settle();
    expect(be.callsOf('set_preferences')[1]).toEqual(sent({ requestsInFlight: 4, requestsPerSecond: 0 }));
    expect(text(byTestId('settings-saved'))).toBe('Saved. Transfers follow these now.');

    byTestId('settings-cancel')?.click();
    await flush();
    expect(byTestId('settings-dialog')).toBeNull();
    await openSettings();
    expect(be.callsOf('preferences')).toHaveLength(3);
    expect(values()).toEqual(['4', '0']);
  });

  it('shows the values the backend kept when it clamps them', async () => {
    let release: () => void = () => {};
    const be = await start(
      handlers({
        set_preferences: () =>
          new Promise<Settings>((resolve) => {
            release = () => resolve(withTransfers({ requestsInFlight: 32, requestsPerSecond: 500 }));
          }),
      }),
    );
    await openSettings();
    type('settings-requests', '40');
    type('settings-rate', '600');
    await flush();
    saveButton().click();
    await flush();
    // While saving: Save is busy and the fields cannot change under it.
    expect(saveButton().disabled).toBe(true);
    expect($('[data-testid="settings-save"] .spinner')).not.toBeNull();
    expect(input('settings-requests').readOnly).toBe(true);
    expect($('[data-testid="settings-dialog"] form')?.getAttribute('data-state')).toBe('saving');

    release();
    await settle();
    expect(be.callsOf('set_preferences')).toEqual([sent({ requestsInFlight: 40, requestsPerSecond: 600 })]);
    expect(values()).toEqual(['32', '500']);
    expect(text(byTestId('settings-saved'))).toBe(
      'Saved, with numbers brought into the allowed range. Transfers follow these now.',
    );
    expect(saveButton().disabled).toBe(false);
    expect(input('settings-requests').readOnly).toBe(false);
  });

  it('restores the defaults in the form only, then Save sends them', async () => {
    const be = await start(handlers(savedAs({ requestsInFlight: 4, requestsPerSecond: 0 })));
    await openSettings();
    expect(values()).toEqual(['4', '0']);
    type('settings-requests', '0');
    await flush();
    expect(errors()).toEqual({ requests: 'Must be at least 1.' });

    byTestId('settings-defaults')?.click();
    await flush();
    expect(values()).toEqual(['16', '700']);
    expect(errors()).toEqual({});
    expect(be.callsOf('set_preferences')).toEqual([]);
    expect(text(byTestId('settings-cancel'))).toBe('Cancel');

    saveButton().click();
    await settle();
    expect(be.callsOf('set_preferences')).toEqual([sent({ requestsInFlight: 16, requestsPerSecond: 700 })]);
  });

  it('opens with Ctrl+, or ⌘, and closes with Escape or Cancel without saving', async () => {
    const be = await start(handlers({ list_accounts: () => [WORK], list_spaces: () => ({ spaces: [], listDenied: false }) }));
    expect(byTestId('spaces-view')).not.toBeNull();

    key(',', { ctrlKey: true });
    await settle();
    expect(byTestId('settings-dialog')).not.toBeNull();
    type('settings-requests', '9');
    await flush();
    key('Escape', {}, input('settings-requests'));
    await flush();
    expect(byTestId('settings-dialog')).toBeNull();
    expect(be.callsOf('set_preferences')).toEqual([]);

    key(',', { metaKey: true });
    await settle();
    // What was typed and not saved is gone.
    expect(values()).toEqual(['16', '700']);
    type('settings-rate', '5');
    await flush();
    byTestId('settings-cancel')?.click();
    await flush();
    expect(byTestId('settings-dialog')).toBeNull();
    expect(be.callsOf('set_preferences')).toEqual([]);

    // A plain comma does nothing; nor does the shortcut over another dialog.
    key(',');
    await flush();
    expect(byTestId('settings-dialog')).toBeNull();
    byTestId('add-account')?.click();
    await flush();
    expect(byTestId('account-form')).not.toBeNull();
    key(',', { ctrlKey: true }, byTestId('acc-name') ?? window);
    await flush();
    expect(byTestId('settings-dialog')).toBeNull();
    expect(byTestId('account-form')).not.toBeNull();
  });

  it('reports a failed save as a toast and keeps what was typed', async () => {
    let fail = true;
    const be = await start(
      handlers({
        set_preferences: (a) => {
          if (fail) throw { kind: 'Io', message: 'Could not write settings.json: No space left on device.' };
          return a.settings;
        },
      }),
    );
    await openSettings();
    type('settings-requests', '4');
    type('settings-rate', '300');
    await flush();
    saveButton().click();
    await settle();
    const toast = byTestId('toast');
    expect(toast?.dataset.kind).toBe('Io');
    expect(text(toast)).toBe('Could not write settings.json: No space left on device.');
    expect(byTestId('settings-dialog')).not.toBeNull();
    expect(byTestId('settings-saved')).toBeNull();
    expect(values()).toEqual(['4', '300']);
    expect(text(byTestId('settings-cancel'))).toBe('Cancel');
    expect(saveButton().disabled).toBe(false);

    fail = false;
    saveButton().click();
    await settle();
    expect(be.callsOf('set_preferences')).toHaveLength(2);
    expect(text(byTestId('settings-saved'))).toBe('Saved. Transfers follow these now.');
  });

  it('reports settings it cannot read as a toast and does not offer a form of guesses', async () => {
    await start(
      handlers({
        preferences: () => {
          throw { kind: 'Internal', message: 'No folder for the settings on this system.' };
        },
      }),
    );
    byTestId('settings-open')?.click();
    await settle();
    expect(byTestId('settings-dialog')).toBeNull();
    const toast = byTestId('toast');
    expect(toast?.dataset.kind).toBe('Internal');
    expect(text(toast)).toBe('No folder for the settings on this system.');
  });
});
