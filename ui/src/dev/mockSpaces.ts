// Development only: Spaces management for the mock backend (mock.ts) — create and destroy,
// storage usage, the Settings view's settings and a file's versions — so those views can be
// seen in a plain browser. "taken" and "media" are names someone else has; on "scratch"
// (the MinIO account) versioning and bucket policies are Unsupported.
import type { CorsRule } from '../lib/bindings/CorsRule';
import type { DeletedFile } from '../lib/bindings/DeletedFile';
import type { FileListing } from '../lib/bindings/FileListing';
import type { LifecycleRule } from '../lib/bindings/LifecycleRule';
import type { NewSpace } from '../lib/bindings/NewSpace';
import type { ObjectVersion } from '../lib/bindings/ObjectVersion';
import type { OpPhase } from '../lib/bindings/OpPhase';
import type { SpaceList } from '../lib/bindings/SpaceList';
import type { SpaceUsage } from '../lib/bindings/SpaceUsage';
import type { Versioning } from '../lib/bindings/Versioning';
import type { AccessLogging } from '../lib/bindings/AccessLogging';

interface ChannelLike {
  id: number;
}

interface TauriInternals {
  runCallback: (id: number, data: unknown) => void;
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const GIB = 1024 ** 3;

/** Progress over the op's Channel: `total` (0: counting) in about `ms`. */
export async function tick(channel: ChannelLike, phase: OpPhase, total: number, ms: number, counting = false): Promise<void> {
  const internals = (window as unknown as { __TAURI_INTERNALS__: TauriInternals }).__TAURI_INTERNALS__;
  const steps = Math.max(1, Math.round(ms / 150));
  for (let i = 1; i <= steps; i++) {
    await delay(ms / steps);
    const done = Math.round((total * i) / steps);
    internals.runCallback(channel.id, { index: i - 1, message: { phase, done, total: counting ? 0 : total, failed: 0 } });
  }
}

const usageCache = new Map<string, SpaceUsage>();
const listing = new Map<string, FileListing>();
const versioning = new Map<string, Versioning>([['assets-prod', 'enabled']]);
const cors = new Map<string, CorsRule[]>([
  ['assets-prod', [{ id: 'site', allowedOrigins: ['https://example.com'], allowedMethods: ['GET', 'HEAD'], allowedHeaders: ['*'], exposeHeaders: ['ETag'], maxAgeSeconds: 3000 }]],
]);
const lifecycle = new Map<string, LifecycleRule[]>([
  ['backups', [{ id: 'uploads', enabled: true, prefix: '', expireDays: null, abortIncompleteUploadDays: 7, noncurrentExpireDays: null, otherParts: [] }]],
]);
const policies = new Map<string, string | null>();
const logging = new Map<string, AccessLogging | null>();
let deleted: DeletedFile[] = [
  { key: 'old draft.docx', name: 'old draft.docx', markerVersionId: 'm1', deletedAt: Date.UTC(2026, 10, 20, 10, 0) },
  { key: 'logo-v1.png', name: 'logo-v1.png', markerVersionId: 'm2', deletedAt: Date.UTC(2026, 10, 21, 16, 30) },
];

/** A measure of `prefix`: folders of made-up sizes, largest first. */
function measure(bucket: string, prefix: string): SpaceUsage {
  const names = prefix === '' ? ['images', '2024 reports', 'docs', 'huge', 'naïve café & co', 'empty'] : ['final', 'drafts', 'archive'];
  const folders = names.map((name, i) => {
    const bytes = Math.round((prefix === '' ? 180 : 12) * GIB * 0.55 ** i);
    return { prefix: `${prefix}${name}/`, name, objects: Math.round(bytes / (2.5 * 1024 * 1024)) + 1, bytes };
  });
  const looseBytes = 3 * GIB;
  const bytes = folders.reduce((s, f) => s + f.bytes, looseBytes);
  const objects = folders.reduce((s, f) => s + f.objects, 300);
  const storageGib = bytes / GIB;
  const extra = Math.max(0, storageGib - 250);
  return {
    bucket,
    prefix,
    objects,
    bytes,
    looseObjects: 300,
    looseBytes,
    folders,
    measuredAt: Date.now(),
    cost: { usdPerMonth: Math.round((5 + extra * 0.02) * 100) / 100, storageGib, extraStorageGib: extra, extraTransferGib: 0 },
  };
}

function versionsOf(key: string): ObjectVersion[] {
  const base = Date.UTC(2026, 10, 22, 14, 3);
  return [
    { key, versionId: 'v4', lastModified: base, size: 48_213, etag: 'a1', isLatest: true, isDeleteMarker: false },
    { key, versionId: 'dm1', lastModified: base - 86_400_000, size: 0, etag: null, isLatest: false, isDeleteMarker: true },
    { key, versionId: 'v2', lastModified: base - 3 * 86_400_000, size: 47_002, etag: 'b2', isLatest: false, isDeleteMarker: false },
    { key, versionId: 'v1', lastModified: base - 9 * 86_400_000, size: 12_877, etag: 'c3', isLatest: false, isDeleteMarker: false },
  ];
}

const unsupported = (feature: string): { kind: string; message: string } => ({
  kind: 'Unsupported',
  message: `This server does not support ${feature}. DigitalOcean Spaces does; other S3-compatible servers may not.`,
});

/** Answers the commands it knows; `handled` false for the rest. */
export async function handleSpaces(
  cmd: string,
  a: Record<string, unknown>,
  spaces: Record<string, SpaceList>,
): Promise<{ handled: boolean; value?: unknown }> {
  const bucket = a.bucket as string;
  const ch = a.onProgress as ChannelLike;
  const done = (value: unknown): { handled: boolean; value?: unknown } => ({ handled: true, value });
  switch (cmd) {
    case 'create_space': {
      await delay(500);
      const s = a.space as NewSpace;
      if (s.name === 'taken' || s.name === 'media')
        throw { kind: 'Conflict', message: `The Space name "${s.name}" is taken: Space names are shared by every user of the service. Choose another.` };
      const info = { name: s.name, created: Date.now(), region: s.region ?? 'ams3', addedByName: false };
      const list = spaces[a.accountId as string];
      if (list) list.spaces = [...list.spaces, info].sort((x, y) => (x.name < y.name ? -1 : 1));
      listing.set(s.name, s.publicListing ? 'public' : 'restricted');
      return done(info);
    }
    case 'count_space_contents': {
      const empty = bucket === 'backups';
      await tick(ch, 'listing', empty ? 0 : 1_524, 1200, true);
      return done(empty ? { objects: 0, bytes: 0, olderVersions: 0, deleteMarkers: 0, uploads: 0 } : { objects: 1_204, bytes: 3.4 * GIB, olderVersions: 312, deleteMarkers: 7, uploads: 1 });
    }
    case 'destroy_space': {
      if (a.force) await tick(ch, 'deleting', 1_524, 3000);
      const list = spaces[a.accountId as string];
      if (list) list.spaces = list.spaces.filter((s) => s.name !== bucket);
      return done({
        emptied: { done: a.force ? 1_524 : 0, skipped: 0, failed: [], cancelled: false },
        destroyed: true,
        note: `The Space "${bucket}" was destroyed. Its name stays reserved while DigitalOcean finishes the destruction (a week or more): no new Space can take it until then.`,
      });
    }
    case 'cached_space_usage':
      await delay(60);
      return done(usageCache.get(`${bucket}\u0000${a.prefix as string}`) ?? null);
    case 'space_usage': {
      const u = measure(bucket, a.prefix as string);
      await tick(ch, 'listing', u.objects, a.prefix === '' ? 2500 : 900, true);
      usageCache.set(`${bucket}\u0000${u.prefix}`, u);
      return done(u);
    }
    case 'space_urls':
      return done({
        endpoint: bucket === 'scratch' ? 'http://127.0.0.1:9000' : 'https://ams3.digitaloceanspaces.com',
        origin: bucket === 'scratch' ? `http://127.0.0.1:9000/${bucket}` : `https://${bucket}.ams3.digitaloceanspaces.com`,
        cdn: null,
      });
    case 'space_file_listing':
      await delay(120);
      return done(listing.get(bucket) ?? 'restricted');
    case 'set_space_file_listing':
      await delay(300);
      listing.set(bucket, a.listing as FileListing);
      return done(null);
    case 'space_versioning':
      await delay(100);
      if (bucket === 'scratch') throw unsupported('versioning');
      return done(versioning.get(bucket) ?? 'off');
    case 'set_space_versioning':
      await delay(300);
      versioning.set(bucket, a.versioning as Versioning);
      return done(null);
    case 'space_cors':
      await delay(150);
      return done(cors.get(bucket) ?? []);
    case 'set_space_cors':
      await delay(300);
      cors.set(bucket, a.rules as CorsRule[]);
      return done(null);
    case 'space_lifecycle':
      await delay(150);
      return done(lifecycle.get(bucket) ?? []);
    case 'set_space_lifecycle':
      await delay(300);
      lifecycle.set(bucket, a.rules as LifecycleRule[]);
      return done(null);
    case 'space_policy':
      await delay(150);
      if (bucket === 'scratch') throw unsupported('bucket policies');
      return done(policies.get(bucket) ?? null);
    case 'set_space_policy':
      await delay(300);
      policies.set(bucket, a.policy as string | null);
      return done(null);
    case 'space_logging':
      await delay(150);
      return done(logging.get(bucket) ?? null);
    case 'set_space_logging':
      await delay(300);
      logging.set(bucket, a.target as AccessLogging | null);
      return done(null);
    case 'list_versions':
      await delay(200);
      return done(versionsOf(a.key as string));
    case 'restore_version':
    case 'delete_version':
      await delay(400);
      return done(cmd === 'restore_version' ? 'v5' : null);
    case 'download_version':
      await delay(600);
      return done(48_213);
    case 'plugin:dialog|save':
      return done(`/home/me/Downloads/${(a.options as { defaultPath?: string } | undefined)?.defaultPath ?? 'file'}`);
    case 'deleted_files':
      await delay(250);
      return done(a.prefix === '' ? deleted : []);
    case 'undelete_files': {
      const files = a.files as DeletedFile[];
      await tick(ch, 'deleting', files.length, files.length > 1 ? 1200 : 200);
      deleted = deleted.filter((d) => !files.some((f) => f.key === d.key));
      return done({ done: files.length, skipped: 0, failed: [], cancelled: false });
    }
    default:
      return { handled: false };
  }
}

/** `?spaceSettings=NAME&tab=usage`, `?createSpace=1`, `?destroySpace=NAME`, `?deleted=1`: open those views. */
export async function actSpaces(params: URLSearchParams): Promise<void> {
  const { openCreateSpace, openDestroySpace, openSpaceSettings, SPACE_TABS } = await import('../lib/spaces/actions');
  await delay(600);
  const settings = params.get('spaceSettings');
  const tab = SPACE_TABS.find((t) => t === params.get('tab')) ?? 'general';
  if (settings) openSpaceSettings('a1', settings, tab);
  if (params.get('createSpace')) openCreateSpace('a1');
  const destroy = params.get('destroySpace');
  if (destroy) openDestroySpace('a1', destroy);
  if (params.get('deleted')) {
    const { deletedView } = await import('../lib/spaces/deleted.svelte');
    deletedView.set(true);
  }
}
