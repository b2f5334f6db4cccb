// Accounts and their Spaces, as the sidebar and the Spaces view show them.
import type { Account } from '../bindings/Account';
import type { AccountDraft } from '../bindings/AccountDraft';
import type { AppInfo } from '../bindings/AppInfo';
import type { SpaceList } from '../bindings/SpaceList';
import * as ipc from '../ipc';
import { FALLBACK_REGIONS } from '../accountForm';
import { folderOf } from '../browse/location';
import { browser } from './browser.svelte';
import { leftovers } from './leftovers.svelte';
import { prefs } from './prefs.svelte';
import { toasts } from './toasts.svelte';

export interface SpacesState {
  loading: boolean;
  list: SpaceList | null;
  error: ipc.AppError | null;
}

class Session {
  info = $state<AppInfo | null>(null);
  accounts = $state<Account[]>([]);
  spaces = $state<Record<string, SpacesState>>({});
  expanded = $state<Record<string, boolean>>({});
  loaded = $state(false);
  #requests = new Map<string, number>();

  get regions(): string[] {
    const r = this.info?.regions;
    return r && r.length > 0 ? r : FALLBACK_REGIONS;
  }

  account(id: string): Account | undefined {
    return this.accounts.find((a) => a.id === id);
  }

  async load(): Promise<void> {
    try {
      const [info, accounts] = await Promise.all([ipc.appInfo(), ipc.listAccounts(), prefs.load()]);
      this.info = info;
      this.accounts = accounts;
      for (const a of accounts) this.expanded[a.id] = true;
    } catch (err) {
      toasts.error(err);
    } finally {
      this.loaded = true;
    }
    await Promise.all(this.accounts.map((a) => this.refreshSpaces(a.id)));
    await this.#reopenLast();
  }

  /** Open the folder last opened, if its account and Space are still there and nothing else opened first. */
  async #reopenLast(): Promise<void> {
    let last: Awaited<ReturnType<typeof ipc.lastLocation>> = null;
    try {
      last = await ipc.lastLocation();
    } catch {
      return; // Nothing to reopen: the app starts as it would the first time.
    }
    if (!last || browser.location !== null) return;
    const { accountId, bucket, prefix } = last;
    const account = this.account(accountId);
    const listed = this.spaces[accountId]?.list?.spaces.some((s) => s.name === bucket) ?? false;
    if (!account || !(listed || account.addedSpaces.includes(bucket))) return;
    void browser.core.open(folderOf(accountId, bucket, prefix));
  }

  /** The newest request wins: a slow earlier answer never overwrites a later one. */
  async refreshSpaces(accountId: string): Promise<void> {
    const ticket = (this.#requests.get(accountId) ?? 0) + 1;
    this.#requests.set(accountId, ticket);
    const prev = this.spaces[accountId];
    this.spaces[accountId] = { loading: true, list: prev?.list ?? null, error: null };
    try {
      const list = await ipc.listSpaces(accountId);
      if (this.#requests.get(accountId) !== ticket) return;
      this.spaces[accountId] = { loading: false, list, error: null };
      // In the background, each Space once per session: unfinished uploads still billed.
      void leftovers.scan(accountId, list.spaces.map((s) => s.name));
    } catch (err) {
      if (this.#requests.get(accountId) !== ticket) return;
      const e = ipc.toAppError(err);
      this.spaces[accountId] = { loading: false, list: prev?.list ?? null, error: e };
      toasts.error(e);
    }
  }

  /** Add (editingId null) or update an account. Rejects with an AppError for the dialog. */
  async saveAccount(draft: AccountDraft, editingId: string | null): Promise<Account> {
    const saved = editingId === null ? await ipc.addAccount(draft) : await ipc.updateAccount(editingId, draft);
    this.#replace(saved);
    this.expanded[saved.id] = true;
    void this.refreshSpaces(saved.id);
    return saved;
  }

  async removeAccount(id: string): Promise<void> {
    await ipc.removeAccount(id);
    this.accounts = this.accounts.filter((a) => a.id !== id);
    delete this.spaces[id];
    delete this.expanded[id];
    this.#requests.delete(id);
    leftovers.forgetAccount(id);
  }

  async addSpace(accountId: string, space: string): Promise<void> {
    this.#replace(await ipc.addSpace(accountId, space.trim()));
    this.expanded[accountId] = true;
    await this.refreshSpaces(accountId);
  }

  async forgetSpace(accountId: string, space: string): Promise<void> {
    this.#replace(await ipc.forgetSpace(accountId, space));
    leftovers.forgetSpace(accountId, space);
    await this.refreshSpaces(accountId);
  }

  toggle(accountId: string): void {
    this.expanded[accountId] = !this.expanded[accountId];
  }

  #replace(account: Account): void {
    const i = this.accounts.findIndex((a) => a.id === account.id);
    if (i < 0) this.accounts.push(account);
    else this.accounts[i] = account;
  }
}

export const session = new Session();
