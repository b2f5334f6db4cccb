// Unfinished multipart uploads that no journal here knows about (a crash before the journal
// was written, another machine, another tool). They are billed as storage until aborted.
// Each Space is checked once per app session, in the background and one at a time, after the
// sidebar has listed it; a Space that cannot be checked (a key without the permission) is
// skipped quietly. The user can check a Space again on demand.
import type { LeftoverUpload } from '../bindings/LeftoverUpload';
import * as ipc from '../ipc';

export interface LeftoverSpace {
  accountId: string;
  bucket: string;
}

/** One Space's leftovers; only Spaces with some are kept. */
export interface LeftoverGroup extends LeftoverSpace {
  uploads: LeftoverUpload[];
}

/** A leftover upload with the account it belongs to, as the dialog lists it. */
export interface LeftoverItem {
  accountId: string;
  upload: LeftoverUpload;
}

export function spaceKey(accountId: string, bucket: string): string {
  return `${accountId}\u0000${bucket}`;
}

export function itemKey(accountId: string, upload: LeftoverUpload): string {
  return `${accountId}\u0000${upload.bucket}\u0000${upload.uploadId}`;
}

class Leftovers {
  groups = $state<LeftoverGroup[]>([]);
  /** Uploads the user chose to keep (by itemKey): the notice stops counting them. */
  kept = $state<Record<string, boolean>>({});
  /** Spaces being checked on the user's request (by spaceKey). */
  checking = $state<Record<string, boolean>>({});
  #scanned = new Set<string>();
  #queue: LeftoverSpace[] = [];
  #draining: Promise<void> | null = null;

  /** Every leftover in these Spaces (all of them when `scope` is null), Space by Space. */
  items(scope: LeftoverSpace | null = null): LeftoverItem[] {
    return this.groups
      .filter((g) => scope === null || (g.accountId === scope.accountId && g.bucket === scope.bucket))
      .flatMap((g) => g.uploads.map((upload) => ({ accountId: g.accountId, upload })));
  }

  /** What the notice tells about: leftovers the user has not chosen to keep. */
  get unreviewed(): LeftoverItem[] {
    return this.items().filter((i) => !this.kept[itemKey(i.accountId, i.upload)]);
  }

  /** Queue the Spaces not checked yet this session; resolves when the queue is empty. */
  scan(accountId: string, buckets: readonly string[]): Promise<void> {
    for (const bucket of buckets) {
      const key = spaceKey(accountId, bucket);
      if (this.#scanned.has(key)) continue;
      this.#scanned.add(key);
      this.#queue.push({ accountId, bucket });
    }
    if (this.#draining === null && this.#queue.length > 0) this.#draining = this.#drain();
    return this.#draining ?? Promise.resolve();
  }

  /** Check one Space now, on the user's request; rejects with the backend's error. */
  async check(accountId: string, bucket: string): Promise<LeftoverUpload[]> {
    const key = spaceKey(accountId, bucket);
    this.#scanned.add(key);
    this.checking[key] = true;
    try {
      const found = await ipc.findLeftoverUploads(accountId, bucket);
      this.#set(accountId, bucket, found);
      return found;
    } finally {
      delete this.checking[key];
    }
  }

  isChecking(accountId: string, bucket: string): boolean {
    return this.checking[spaceKey(accountId, bucket)] === true;
  }

  /**
   * Abort these uploads, account by account. Each aborted one leaves the list. When the
   * backend reports a failure, the Spaces concerned are checked again (it tries every upload,
   * so some may be gone), then the first failure is thrown.
   */
  async abort(items: readonly LeftoverItem[]): Promise<void> {
    const byAccount = new Map<string, LeftoverUpload[]>();
    for (const { accountId, upload } of items) {
      const list = byAccount.get(accountId) ?? [];
      list.push(upload);
      byAccount.set(accountId, list);
    }
    let failure: ipc.AppError | null = null;
    for (const [accountId, uploads] of byAccount) {
      try {
        await ipc.abortLeftoverUploads(accountId, uploads);
        const gone = new Set(uploads.map((u) => itemKey(accountId, u)));
        this.#drop((a, u) => gone.has(itemKey(a, u)));
      } catch (err) {
        failure ??= ipc.toAppError(err);
        const buckets = new Set(uploads.map((u) => u.bucket));
        for (const bucket of buckets) {
          try {
            await this.check(accountId, bucket);
          } catch {
            // The failure thrown below says what went wrong; the list keeps what it had.
          }
        }
      }
    }
    if (failure) throw failure;
  }

  /** Stop mentioning these in the notice (the dialog still lists them). */
  keep(items: readonly LeftoverItem[]): void {
    for (const { accountId, upload } of items) this.kept[itemKey(accountId, upload)] = true;
  }

  forgetAccount(accountId: string): void {
    this.groups = this.groups.filter((g) => g.accountId !== accountId);
    this.#queue = this.#queue.filter((s) => s.accountId !== accountId);
    for (const key of [...this.#scanned]) if (key.startsWith(`${accountId}\u0000`)) this.#scanned.delete(key);
  }

  forgetSpace(accountId: string, bucket: string): void {
    this.groups = this.groups.filter((g) => g.accountId !== accountId || g.bucket !== bucket);
    this.#scanned.delete(spaceKey(accountId, bucket));
  }

  /** Started with a non-empty queue only: it reaches its first `await` before its `finally`. */
  async #drain(): Promise<void> {
    try {
      for (let next = this.#queue.shift(); next; next = this.#queue.shift()) {
        try {
          this.#set(next.accountId, next.bucket, await ipc.findLeftoverUploads(next.accountId, next.bucket));
        } catch (err) {
          // A background check must not disturb: no permission to list uploads is common.
          console.warn(`Could not check "${next.bucket}" for unfinished uploads: ${ipc.toAppError(err).message}`);
        }
      }
    } finally {
      this.#draining = null;
    }
  }

  /** Replace a Space's leftovers, keeping its place in the list. */
  #set(accountId: string, bucket: string, uploads: LeftoverUpload[]): void {
    // The account (or Space) may have been removed while it was being checked.
    const keep = uploads.length > 0 && this.#scanned.has(spaceKey(accountId, bucket));
    const i = this.groups.findIndex((g) => g.accountId === accountId && g.bucket === bucket);
    if (i >= 0 && keep) this.groups[i] = { accountId, bucket, uploads };
    else if (i >= 0) this.groups = this.groups.filter((_, j) => j !== i);
    else if (keep) this.groups.push({ accountId, bucket, uploads });
  }

  #drop(gone: (accountId: string, upload: LeftoverUpload) => boolean): void {
    this.groups = this.groups
      .map((g) => ({ ...g, uploads: g.uploads.filter((u) => !gone(g.accountId, u)) }))
      .filter((g) => g.uploads.length > 0);
  }
}

export const leftovers = new Leftovers();
