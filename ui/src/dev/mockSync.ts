// Development only: pretend sync pairs for the mock build. Pairs change with `sync`
// broadcasts as the real service sends them; a started plan uploads on a timer, then watches.
// `?sync=1` opens the Sync view; `?syncSetup=1` the Set up form; `?cleanup=1` the cleanup dialog.
import { emit } from '@tauri-apps/api/event';
import type { CleanupRule } from '../lib/bindings/CleanupRule';
import type { NewSyncPair } from '../lib/bindings/NewSyncPair';
import type { SyncActivity } from '../lib/bindings/SyncActivity';
import type { SyncPairState } from '../lib/bindings/SyncPairState';
import type { SyncPlan } from '../lib/bindings/SyncPlan';
import { tick } from './mockSpaces';

interface ChannelLike {
  id: number;
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const MB = 1024 * 1024;
const DAY = 86_400_000;
const now = Date.now();

const OPTIONS = { deleteRemote: false, acl: 'private', cacheControl: null, ignore: ['.git', 'node_modules', '*.tmp', '.DS_Store'], compareChecksums: false } as const;

function activity(minutesAgo: number, action: SyncActivity['action'], path: string, bytes: number, message: string | null = null): SyncActivity {
  return { atMs: now - minutesAgo * 60_000, action, path, bytes, message };
}

const pairs: SyncPairState[] = [
  {
    pair: { id: 'p1', local: '/home/ana/Photos', accountId: 'a1', bucket: 'assets-prod', prefix: 'photos/', options: { ...OPTIONS, ignore: [...OPTIONS.ignore] }, paused: false, agreed: true },
    status: { state: 'watching', failed: 1 },
    lastSyncMs: now - 4 * 60_000,
    activity: [
      activity(4, 'uploaded', '2026/11/IMG_4102.jpg', 4.2 * MB),
      activity(4, 'failed', '2026/11/IMG_4103.jpg', 0, 'Access denied: this key may not write to "assets-prod".'),
      activity(12, 'uploaded', '2026/11/IMG_4101.jpg', 3.9 * MB),
      activity(60, 'uploaded', 'albums/summer.json', 2_311),
    ],
    lastOutcome: { uploaded: 2, deleted: 0, failed: 1, bytes: 8.1 * MB },
  },
  {
    pair: {
      id: 'p2',
      local: '/home/ana/site/dist',
      accountId: 'a1',
      bucket: 'media.example.com',
      prefix: '',
      options: { ...OPTIONS, ignore: [...OPTIONS.ignore], deleteRemote: true, acl: 'publicRead', cacheControl: 'max-age=3600' },
      paused: true,
      agreed: true,
    },
    status: { state: 'paused' },
    lastSyncMs: now - 3 * DAY,
    activity: [activity(3 * 24 * 60, 'deleted', 'old/index.html', 0), activity(3 * 24 * 60, 'uploaded', 'index.html', 14_220)],
    lastOutcome: { uploaded: 1, deleted: 1, failed: 0, bytes: 14_220 },
  },
  {
    pair: { id: 'p3', local: '/mnt/backup/db-dumps', accountId: 'a1', bucket: 'backups', prefix: 'db/', options: { ...OPTIONS, ignore: [...OPTIONS.ignore] }, paused: false, agreed: true },
    status: { state: 'error', kind: 'NotFound', message: 'The folder /mnt/backup/db-dumps is gone (a drive unplugged?). Nothing in the Space was deleted; syncing resumes when it is back.' },
    lastSyncMs: now - 26 * 3_600_000,
    activity: [],
    lastOutcome: null,
  },
];

let next = 4;

function planFor(p: SyncPairState): SyncPlan {
  const uploads = Array.from({ length: 240 }, (_, i) => ({
    path: i < 3 ? ['README.md', 'notes/todo.txt', 'photos/cat.jpg'][i] ?? '' : `scans/page-${String(i).padStart(4, '0')}.png`,
    size: 120_000 + i * 7_919,
    reason: i % 5 === 0 ? ('changed' as const) : ('new' as const),
  }));
  const deletes = p.pair.options.deleteRemote ? ['old/draft.docx', 'old/draft (2).docx', 'tmp/export.csv'] : [];
  return { uploads, deletes, unchanged: 9_001, keptRemote: p.pair.options.deleteRemote ? 0 : 12, uploadBytes: uploads.reduce((s, u) => s + u.size, 0) };
}

function changed(p: SyncPairState): void {
  void emit('sync', p);
}

/** A started plan: uploads on a timer with progress, then watching. */
async function runPlan(p: SyncPairState, plan: SyncPlan): Promise<void> {
  const total = plan.uploads.length + plan.deletes.length;
  for (let done = 0; done <= total; done += 12) {
    p.status = { state: 'syncing', done, total };
    const u = plan.uploads[done];
    if (u) p.activity = [{ atMs: Date.now(), action: 'uploaded' as const, path: u.path, bytes: u.size, message: null }, ...p.activity].slice(0, 200);
    changed(p);
    await delay(150);
  }
  p.status = { state: 'watching', failed: 0 };
  p.lastSyncMs = Date.now();
  p.lastOutcome = { uploaded: plan.uploads.length, deleted: plan.deletes.length, failed: 0, bytes: plan.uploadBytes };
  changed(p);
}

function find(id: unknown): SyncPairState {
  const p = pairs.find((s) => s.pair.id === id);
  if (!p) throw { kind: 'NotFound', message: 'This sync pair no longer exists.' };
  return p;
}

/** Answers the sync commands; `handled` false for the rest. */
export async function handleSync(cmd: string, a: Record<string, unknown>): Promise<{ handled: boolean; value?: unknown }> {
  const done = (value: unknown): { handled: boolean; value?: unknown } => ({ handled: true, value });
  switch (cmd) {
    case 'list_sync_pairs':
      await delay(60);
      return done(pairs.map((p) => structuredClone(p)));
    case 'add_sync_pair': {
      await delay(200);
      const n = a.pair as NewSyncPair;
      if (n.local.trim() === '' || !n.local.startsWith('/'))
        throw { kind: 'NotFound', message: `The folder ${n.local} does not exist. Choose an existing folder.` };
      const s: SyncPairState = {
        pair: { id: `p${next++}`, ...n, prefix: n.prefix, paused: false, agreed: false },
        status: { state: 'setup' },
        lastSyncMs: null,
        activity: [],
        lastOutcome: null,
      };
      pairs.push(s);
      changed(s);
      return done(s);
    }
    case 'preview_sync_pair': {
      const p = find(a.pairId);
      await tick(a.onProgress as ChannelLike, 'listing', 9_300, 1200, true);
      return done(planFor(p));
    }
    case 'start_sync_pair': {
      const p = find(a.pairId);
      p.pair.agreed = true;
      p.pair.paused = false;
      void runPlan(p, planFor(p));
      return done(null);
    }
    case 'pause_sync_pair': {
      const p = find(a.pairId);
      p.pair.paused = true;
      p.status = { state: 'paused' };
      changed(p);
      return done(null);
    }
    case 'resume_sync_pair': {
      const p = find(a.pairId);
      p.pair.paused = false;
      p.status = { state: 'scanning' };
      changed(p);
      setTimeout(() => {
        p.status = { state: 'watching', failed: 0 };
        p.lastSyncMs = Date.now();
        changed(p);
      }, 900);
      return done(null);
    }
    case 'remove_sync_pair': {
      const p = find(a.pairId);
      pairs.splice(pairs.indexOf(p), 1);
      return done(null);
    }
    case 'preview_cleanup': {
      const rule = a.rule as CleanupRule;
      await tick(a.onProgress as ChannelLike, 'listing', 3_000, 900, true);
      const cutoffMs = Date.now() - rule.olderThanDays * DAY;
      const files = Array.from({ length: 1000 }, (_, i) => ({
        key: `${rule.prefix}logs/${new Date(cutoffMs - (1400 - i) * 3_600_000).toISOString().slice(0, 13)}.log.gz`,
        size: 80_000 + i * 31,
        lastModified: cutoffMs - (1400 - i) * 3_600_000,
      }));
      return done({ cutoffMs, count: 1_400, bytes: 1_400 * 95_000, files, kept: 1_600 });
    }
    case 'run_cleanup':
      await tick(a.onProgress as ChannelLike, 'deleting', 1_400, 2000);
      return done({ done: 1_399, skipped: 0, failed: [{ key: `${(a.rule as CleanupRule).prefix}logs/locked.log.gz`, message: 'Access denied: this key may not delete it.' }], cancelled: false });
    default:
      return { handled: false };
  }
}

export async function actSync(params: URLSearchParams): Promise<void> {
  await delay(700);
  const { showSync, openSyncSetup, openCleanup } = await import('../lib/sync/actions');
  if (params.get('sync')) showSync();
  if (params.get('syncSetup')) openSyncSetup();
  if (params.get('cleanup')) openCleanup();
}
