// What the user can do, wired across the stores: the sidebar, menus, toolbar and keyboard
// shortcuts all call these, so each behaves the same wherever it is started.
import type { Account } from './bindings/Account';
import { folderOf, spacesOf } from './browse/location';
import { browser } from './stores/browser.svelte';
import { dialogs } from './stores/dialogs.svelte';
import { session } from './stores/session.svelte';
import { sync } from './stores/sync.svelte';
import { toasts } from './stores/toasts.svelte';

export function openAccount(accountId: string): void {
  sync.hide();
  session.expanded[accountId] = true;
  void browser.core.open(spacesOf(accountId));
}

export function openSpace(accountId: string, bucket: string, prefix = ''): void {
  sync.hide();
  void browser.core.open(folderOf(accountId, bucket, prefix));
}

export function addAccount(): void {
  dialogs.open({ kind: 'account', account: null });
}

export function editAccount(account: Account): void {
  dialogs.open({ kind: 'account', account });
}

export function openSettings(): void {
  dialogs.open({ kind: 'settings' });
}

export function addSpaceByName(accountId: string): void {
  dialogs.open({ kind: 'addSpace', accountId });
}

export function refreshAccount(accountId: string): void {
  void session.refreshSpaces(accountId);
}

export function accountSaved(account: Account, added: boolean): void {
  if (added) {
    openAccount(account.id);
    toasts.info(`Added the account "${account.name}".`);
  } else if (browser.location?.accountId === account.id && browser.location.kind === 'folder') {
    void browser.core.refresh();
  }
}

export function confirmRemoveAccount(account: Account): void {
  dialogs.open({
    kind: 'confirm',
    title: 'Remove account',
    message: `Remove account ${account.name}? Its secret key is deleted from the system keychain. Files in its Spaces are not touched.`,
    okLabel: 'Remove',
    danger: true,
    onConfirm: async () => {
      await session.removeAccount(account.id);
      browser.core.forgetAccount(account.id);
      // Earlier notes about this account ("Added …") would now mislead.
      toasts.clear();
      toasts.info(`Removed the account "${account.name}".`);
      const first = session.accounts[0];
      if (browser.location === null && first) openAccount(first.id);
    },
  });
}

export function forgetSpace(accountId: string, space: string): void {
  session.forgetSpace(accountId, space).catch((err: unknown) => toasts.error(err));
}

export function goBack(): void {
  void browser.core.back();
}

export function goForward(): void {
  void browser.core.forward();
}

export function goUp(): void {
  void browser.core.up();
}

/** Refresh what is shown: the folder, or the account's list of Spaces. */
export function refreshView(): void {
  const loc = browser.location;
  if (!loc) return;
  if (loc.kind === 'folder') void browser.core.refresh();
  else void session.refreshSpaces(loc.accountId);
}
