// Development only: a pretend transfer engine for the mock build. Staging makes up files for
// any path, and running transfers advance on a timer with `transfer` events like the real one.
import { emit } from '@tauri-apps/api/event';
import type { InterruptedTransfer } from '../lib/bindings/InterruptedTransfer';
import type { LeftoverUpload } from '../lib/bindings/LeftoverUpload';
import type { StagedFile } from '../lib/bindings/StagedFile';
import type { TransferInfo } from '../lib/bindings/TransferInfo';

const MB = 1024 * 1024;
const TICK_MS = 150;
const IN_FLIGHT = 3;

const TREE: [string, number, string][] = [
  ['index.html', 14_220, 'text/html'],
  ['css/site.css', 48_911, 'text/css'],
  ['js/app.js', 312_400, 'text/javascript'],
  ['img/hero@2x.jpg', 2_431_002, 'image/jpeg'],
  ['img/logo.svg', 6_120, 'image/svg+xml'],
  ['img/team/ana.webp', 183_201, 'image/webp'],
  ['img/team/jürgen müller.webp', 176_004, 'image/webp'],
  ['fonts/Inter.woff2', 96_400, 'font/woff2'],
  ['data/prices.json', 9_870, 'application/json'],
  ['videos/intro (final) v2.mp4', 86_004_113, 'video/mp4'],
];

function guess(name: string): string {
  if (name.endsWith('.pdf')) return 'application/pdf';
  if (name.endsWith('.png')) return 'image/png';
  if (name.endsWith('.jpg')) return 'image/jpeg';
  if (name.endsWith('.zip')) return 'application/zip';
  return 'application/octet-stream';
}

function stage(paths: string[], prefix: string): StagedFile[] {
  return paths.flatMap((p) => {
    const name = p.replace(/\/$/, '').split('/').pop() ?? p;
    if (!name.includes('.')) {
      return TREE.map(([rel, size, contentType]) => ({ local: `${p}/${rel}`, key: `${prefix}${name}/${rel}`, size, contentType }));
    }
    return [{ local: p, key: prefix + name, size: 1_234_567 + name.length * 99_991, contentType: guess(name) }];
  });
}

class FakeTransfers {
  #items = new Map<number, TransferInfo>();
  #next = 1;
  #timer: ReturnType<typeof setInterval> | null = null;
  #interrupted: InterruptedTransfer[] = [];
  #leftovers: (LeftoverUpload & { accountId: string })[] = [];

  /** What a crash left in the journal: offered for resuming at start. */
  seedInterrupted(): void {
    this.#interrupted = [
      {
        id: 'j-7f3a',
        direction: 'upload',
        accountId: 'a1',
        bucket: 'media.example.com',
        key: 'videos/launch keynote (4K).mov',
        local: '/Users/ana/Movies/launch keynote (4K).mov',
        size: 3_400 * MB,
        done: 1_150 * MB,
      },
      {
        id: 'j-91c0',
        direction: 'upload',
        accountId: 'a1',
        bucket: 'backups',
        key: 'db/2026-05-01.sql.gz',
        local: '/Users/ana/backups/2026-05-01.sql.gz',
        size: 612 * MB,
        done: 96 * MB,
      },
      {
        id: 'j-0b2e',
        direction: 'download',
        accountId: 'a1',
        bucket: 'assets-prod',
        key: 'exports/catalogue.zip',
        local: '/Users/ana/Downloads/catalogue.zip',
        size: 220 * MB,
        done: 31 * MB,
      },
    ];
  }

  /** Unfinished multipart uploads nobody will complete, for the background check to find. */
  seedLeftovers(): void {
    this.#leftovers = [
      { accountId: 'a1', bucket: 'backups', key: 'db/2026-03-14.sql.gz', uploadId: 'u-1', initiated: '2026-03-14T02:00:11Z', size: 40 * MB },
      { accountId: 'a1', bucket: 'backups', key: 'db/2026-03-15.sql.gz', uploadId: 'u-2', initiated: '2026-03-15T02:00:09Z', size: 5 * MB },
    ];
  }

  /** A panel with something in every state, for screenshots. */
  seed(): void {
    const add = (over: Partial<TransferInfo>): void => {
      const id = this.#next++;
      this.#put({
        id,
        direction: 'upload',
        accountId: 'a1',
        bucket: 'assets-prod',
        key: `file-${id}`,
        local: `/Users/ana/file-${id}`,
        size: MB,
        done: 0,
        state: { state: 'queued' },
        ...over,
      });
    };
    add({ key: 'site/index.html', size: 14_220, done: 14_220, state: { state: 'done' } });
    add({ key: 'site/img/hero@2x.jpg', size: 2_431_002, done: 2_431_002, state: { state: 'done' } });
    add({ key: 'videos/intro (final) v2.mp4', size: 860 * MB, done: 377 * MB, state: { state: 'running' } });
    add({ key: 'backups/db-2026-05-01.sql.gz', size: 2400 * MB, done: 611 * MB, state: { state: 'running' } });
    add({
      direction: 'download',
      key: 'reports/annual report 2024.pdf',
      local: '/Users/ana/Downloads/annual report 2024.pdf',
      size: 18 * MB,
      done: 4 * MB,
      state: { state: 'running' },
    });
    add({ key: 'raw/IMG_4012.CR3', size: 31 * MB, done: 12 * MB, state: { state: 'paused' } });
    add({
      key: 'raw/IMG_4013.CR3',
      size: 29 * MB,
      done: 9 * MB,
      state: {
        state: 'failed',
        kind: 'Network',
        message: 'The connection to ams3.digitaloceanspaces.com dropped 5 times in a row. Check your network, then retry.',
      },
    });
    add({ key: 'raw/IMG_4014.CR3', size: 33 * MB, state: { state: 'queued' } });
    add({ key: 'raw/IMG_4015.CR3', size: 30 * MB, state: { state: 'queued' } });
    add({ key: 'tmp/old-export.zip', size: 120 * MB, done: 30 * MB, state: { state: 'cancelled' } });
    this.#schedule();
  }

  async handle(cmd: string, a: Record<string, unknown>): Promise<{ handled: true; value: unknown } | { handled: false }> {
    const done = (value: unknown): { handled: true; value: unknown } => ({ handled: true, value });
    switch (cmd) {
      case 'plugin:dialog|open': {
        const o = (a.options ?? {}) as { directory?: boolean; multiple?: boolean };
        if (o.directory && !o.multiple) return done('/Users/ana/Downloads');
        return done(o.directory ? ['/Users/ana/Sites/launch-site'] : ['/Users/ana/Desktop/brochure.pdf', '/Users/ana/Desktop/price list.png']);
      }
      case 'stage_upload':
        await new Promise((r) => setTimeout(r, 200));
        return done(stage(a.paths as string[], a.prefix as string));
      case 'start_uploads':
      case 'start_downloads': {
        const ids: number[] = [];
        const upload = cmd === 'start_uploads';
        const list = upload
          ? (a.files as StagedFile[]).map((f) => ({ key: f.key, local: f.local, size: f.size }))
          : (a.selection as { key: string; size: number }[]).map((s) => ({
              key: s.key,
              local: `${a.dest as string}/${s.key.split('/').filter(Boolean).pop() ?? s.key}`,
              size: s.size || 40 * MB,
            }));
        for (const f of list) {
          const id = this.#next++;
          ids.push(id);
          this.#put({
            id,
            direction: upload ? 'upload' : 'download',
            accountId: a.accountId as string,
            bucket: a.bucket as string,
            key: f.key,
            local: f.local,
            size: f.size,
            done: 0,
            state: { state: 'queued' },
          });
        }
        this.#schedule();
        return done(ids);
      }
      case 'list_transfers':
        return done([...this.#items.values()]);
      case 'pause_transfer':
        this.#change(a.id as number, (t) => (t.state.state === 'queued' || t.state.state === 'running' ? { ...t, state: { state: 'paused' } } : t));
        return done(null);
      case 'resume_transfer':
        this.#change(a.id as number, (t) => ({ ...t, done: 0, state: { state: 'queued' } }));
        this.#schedule();
        return done(null);
      case 'cancel_transfer':
        this.#change(a.id as number, (t) => (t.state.state === 'done' ? t : { ...t, state: { state: 'cancelled' } }));
        return done(null);
      case 'interrupted_transfers':
        return done(this.#interrupted);
      case 'resume_interrupted': {
        const t = this.#take(a.id as string);
        const id = this.#next++;
        this.#put({ ...t, id, state: { state: 'queued' } });
        this.#schedule();
        return done(id);
      }
      case 'discard_interrupted':
        await new Promise((r) => setTimeout(r, 300));
        this.#take(a.id as string);
        return done(null);
      case 'find_leftover_uploads':
        await new Promise((r) => setTimeout(r, 400));
        return done(
          this.#leftovers
            .filter((u) => u.accountId === a.accountId && u.bucket === a.bucket)
            .map(({ bucket, key, uploadId, initiated, size }) => ({ bucket, key, uploadId, initiated, size })),
        );
      case 'abort_leftover_uploads': {
        await new Promise((r) => setTimeout(r, 300));
        const gone = new Set((a.uploads as LeftoverUpload[]).map((u) => u.uploadId));
        this.#leftovers = this.#leftovers.filter((u) => !gone.has(u.uploadId));
        return done(null);
      }
      case 'clear_finished_transfers':
        for (const [id, t] of this.#items) if (t.state.state === 'done' || t.state.state === 'cancelled') this.#items.delete(id);
        return done(null);
      default:
        return { handled: false };
    }
  }

  #take(id: string): InterruptedTransfer {
    const t = this.#interrupted.find((x) => x.id === id);
    if (!t) throw { kind: 'NotFound', message: 'That interrupted transfer is no longer in the journal.' };
    this.#interrupted = this.#interrupted.filter((x) => x.id !== id);
    return t;
  }

  #put(t: TransferInfo): void {
    this.#items.set(t.id, t);
    void emit('transfer', t);
  }

  #change(id: number, f: (t: TransferInfo) => TransferInfo): void {
    const t = this.#items.get(id);
    if (t) this.#put(f(t));
  }

  #schedule(): void {
    if (this.#timer === null) this.#timer = setInterval(() => this.#tick(), TICK_MS);
  }

  #tick(): void {
    const all = [...this.#items.values()];
    let running = all.filter((t) => t.state.state === 'running');
    for (const t of all) {
      if (running.length >= IN_FLIGHT) break;
      if (t.state.state !== 'queued') continue;
      const started: TransferInfo = { ...t, state: { state: 'running' } };
      this.#put(started);
      running = [...running, started];
    }
    for (const t of running) {
      // About 4–7 MB/s each, wobbling like a real connection.
      const step = Math.round((4 + 3 * Math.random()) * MB * (TICK_MS / 1000));
      const doneBytes = Math.min(t.size, t.done + step);
      this.#put({ ...t, done: doneBytes, state: { state: doneBytes >= t.size ? 'done' : 'running' } });
    }
    if (running.length === 0 && this.#timer !== null) {
      clearInterval(this.#timer);
      this.#timer = null;
    }
  }
}

export const fakeTransfers = new FakeTransfers();
