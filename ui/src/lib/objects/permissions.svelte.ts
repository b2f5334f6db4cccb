// Permissions: the Permission column's values (read only for the rows on screen, kept per
// folder listing, read again after a change) and the Make public / Make private actions.
import { SvelteMap } from 'svelte/reactivity';
import type { ObjectAcl } from '../bindings/ObjectAcl';
import { objectAcls } from '../ipc';
import { dialogs } from '../stores/dialogs.svelte';
import { folderHere, selectedItems } from './info.svelte';

/** A file's permission as the column shows it: read, being read, or unreadable (null). */
export type AclCell = ObjectAcl | null | 'loading';

const SETTLE_MS = 120;
const BATCH = 64;

class AclCache {
  readonly values = new SvelteMap<string, AclCell>();
  /** Bumped when values are forgotten, so the table asks for the rows on screen again. */
  epoch = $state(0);
  #place = '';
  #pending = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #where: { accountId: string; bucket: string } | null = null;

  /**
   * The rows now on screen: read the permissions not known yet. `place` names the listing
   * (Space, folder, listing number): a new one forgets what was read for the last.
   */
  show(accountId: string, bucket: string, place: string, keys: readonly string[]): void {
    if (place !== this.#place) {
      this.#place = place;
      this.values.clear();
      this.#pending.clear();
    }
    this.#where = { accountId, bucket };
    for (const k of keys) {
      if (!this.values.has(k) && !this.#pending.has(k)) this.#pending.add(k);
    }
    if (this.#pending.size > 0 && this.#timer === null) this.#timer = setTimeout(() => this.#load(), SETTLE_MS);
  }

  /** Read these again when next shown (after a change); a folder prefix stands for every key under it. */
  forget(items: readonly string[]): void {
    for (const key of Array.from(this.values.keys())) {
      if (items.some((i) => key === i || (i.endsWith('/') && key.startsWith(i)))) this.values.delete(key);
    }
    this.epoch += 1;
  }

  #load(): void {
    this.#timer = null;
    const where = this.#where;
    const place = this.#place;
    const keys = Array.from(this.#pending);
    this.#pending.clear();
    if (!where) return;
    for (let i = 0; i < keys.length; i += BATCH) {
      const batch = keys.slice(i, i + BATCH);
      for (const k of batch) this.values.set(k, 'loading');
      objectAcls(where.accountId, where.bucket, batch).then(
        (acls) => {
          if (this.#place !== place) return;
          for (const a of acls) this.values.set(a.key, a.acl);
        },
        () => {
          if (this.#place !== place) return;
          for (const k of batch) this.values.set(k, null);
        },
      );
    }
  }
}

export const acls = new AclCache();

/** Make the selection (or `items`) public or private: the dialog confirms folders and shows progress. */
export function openPermissions(acl: ObjectAcl, items: string[] = selectedItems()): void {
  const loc = folderHere();
  if (!loc || items.length === 0) return;
  dialogs.open({ kind: 'permissions', accountId: loc.accountId, bucket: loc.bucket, items, acl });
}

export function aclText(acl: ObjectAcl): string {
  return acl === 'publicRead' ? 'public' : 'private';
}
