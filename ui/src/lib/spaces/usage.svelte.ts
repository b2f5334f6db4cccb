// Storage usage of Spaces and their folders: the last measure (cached by the backend, with
// its time) shown at once, and a new measure — a listing of every key — run in the
// background with its progress. A measure keeps running when its view is closed, and is
// found again when the view reopens.
import type { SpaceUsage } from '../bindings/SpaceUsage';
import { cachedSpaceUsage, spaceUsage, toAppError, type AppError } from '../ipc';
import { OpRun } from '../objects/opRun.svelte';

export class UsageView {
  usage = $state<SpaceUsage | null>(null);
  readError = $state<AppError | null>(null);
  readonly run = new OpRun({ listing: 'Counting objects' });

  constructor(
    readonly accountId: string,
    readonly bucket: string,
    readonly prefix: string,
  ) {}

  /** Show the last measure; measure now when there is none. */
  async open(): Promise<void> {
    if (this.run.state === 'running') return;
    await this.peek();
    if (this.usage === null) await this.measure();
  }

  /** Read the last measure, once (the Spaces index shows it); never measures. */
  peek(): Promise<void> {
    this.#peeked ??= this.#readCache();
    return this.#peeked;
  }

  #peeked: Promise<void> | null = null;

  async #readCache(): Promise<void> {
    try {
      const cached = await cachedSpaceUsage(this.accountId, this.bucket, this.prefix);
      if (this.usage === null) this.usage = cached;
    } catch (err) {
      this.readError = toAppError(err);
    }
  }

  async measure(): Promise<void> {
    if (this.run.state === 'running') return;
    const { accountId, bucket, prefix } = this;
    const u = await this.run.run((opId, onProgress) => spaceUsage({ accountId, bucket, prefix, opId, onProgress }));
    if (u) this.usage = u;
  }
}

const views = new Map<string, UsageView>();

export function usageView(accountId: string, bucket: string, prefix: string): UsageView {
  const id = `${accountId}\u0000${bucket}\u0000${prefix}`;
  let v = views.get(id);
  if (!v) {
    v = new UsageView(accountId, bucket, prefix);
    views.set(id, v);
  }
  return v;
}

/** A destroyed Space's measures go (a new Space may take its name later). */
export function forgetUsage(accountId: string, bucket: string): void {
  const start = `${accountId}\u0000${bucket}\u0000`;
  for (const id of Array.from(views.keys())) if (id.startsWith(start)) views.delete(id);
}

/** "just now", "5 min ago", "3 h ago", "2 days ago". */
export function timeAgo(then: number, now: number): string {
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 60) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} days ago`;
}

export interface UsageBar {
  prefix: string | null;
  name: string;
  objects: number;
  bytes: number;
  /** Its share of the whole, 0–100 with one decimal: the bar's width. */
  share: number;
}

/** A bar a folder (largest first), then one for the files outside any folder. */
export function usageBars(u: SpaceUsage): UsageBar[] {
  const byBytes = u.bytes > 0;
  const whole = byBytes ? u.bytes : u.objects;
  const share = (objects: number, bytes: number): number =>
    whole === 0 ? 0 : Math.round(((byBytes ? bytes : objects) / whole) * 1000) / 10;
  const bars: UsageBar[] = u.folders.map((f) => ({ prefix: f.prefix, name: f.name, objects: f.objects, bytes: f.bytes, share: share(f.objects, f.bytes) }));
  if (u.looseObjects > 0)
    bars.push({ prefix: null, name: 'Files here', objects: u.looseObjects, bytes: u.looseBytes, share: share(u.looseObjects, u.looseBytes) });
  return bars;
}
