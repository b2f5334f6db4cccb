// How sync pairs, their plans and their activity read in the UI, without the DOM.
import type { CleanupPreview } from '../bindings/CleanupPreview';
import type { SyncActivity } from '../bindings/SyncActivity';
import type { SyncPair } from '../bindings/SyncPair';
import type { SyncPlan } from '../bindings/SyncPlan';
import type { SyncStatus } from '../bindings/SyncStatus';
import { formatSize, plural } from '../format';

const n = (v: number): string => v.toLocaleString('en-US');

/** "Watching", "Syncing 12 of 40", "Paused", the error's own sentence, ... */
export function statusText(status: SyncStatus): string {
  switch (status.state) {
    case 'setup':
      return 'Waiting for you to review the plan';
    case 'scanning':
      return 'Comparing the folder with the Space…';
    case 'syncing':
      return `Syncing ${n(status.done)} of ${n(status.total)}`;
    case 'watching':
      return status.failed === 0
        ? 'Watching'
        : `Watching; ${plural(status.failed, 'file', 'files')} failed and will be tried again`;
    case 'paused':
      return 'Paused';
    case 'error':
      return status.message;
  }
}

/** The colour of the status dot: a class name. */
export type StatusTone = 'ok' | 'busy' | 'idle' | 'warn' | 'error';

export function statusTone(status: SyncStatus): StatusTone {
  switch (status.state) {
    case 'watching':
      return status.failed === 0 ? 'ok' : 'warn';
    case 'scanning':
    case 'syncing':
      return 'busy';
    case 'error':
      return 'error';
    case 'setup':
      return 'warn';
    case 'paused':
      return 'idle';
  }
}

/** "my-space/backup/" (or "my-space/" for the Space's top). */
export function pairTarget(pair: Pick<SyncPair, 'bucket' | 'prefix'>): string {
  return `${pair.bucket}/${pair.prefix}`;
}

/** "1,204 to upload (3.2 GB), 3 to delete, 9,001 unchanged, 12 only in the Space (kept)". */
export function planSummary(plan: SyncPlan): string {
  const parts = [`${n(plan.uploads.length)} to upload (${formatSize(plan.uploadBytes)})`];
  if (plan.deletes.length > 0) parts.push(`${n(plan.deletes.length)} to delete`);
  parts.push(`${n(plan.unchanged)} unchanged`);
  if (plan.keptRemote > 0) parts.push(`${n(plan.keptRemote)} only in the Space (kept)`);
  return parts.join(', ');
}

/** The question asked before a plan that deletes is started. */
export function deleteQuestion(plan: SyncPlan, pair: Pick<SyncPair, 'bucket' | 'prefix'>): string {
  return `Start the sync and delete ${plural(plan.deletes.length, 'file', 'files')} in ${pairTarget(pair)}? Their local files are gone. This cannot be undone.`;
}

/** "Uploaded", "Deleted in the Space", "Failed". */
export function activityLabel(a: SyncActivity): string {
  switch (a.action) {
    case 'uploaded':
      return 'Uploaded';
    case 'deleted':
      return 'Deleted in the Space';
    case 'failed':
      return 'Failed';
  }
}

/** "3 uploaded, 1 deleted, 2 failed (12.0 MB)". */
export function outcomeText(o: { uploaded: number; deleted: number; failed: number; bytes: number }): string {
  const parts = [`${n(o.uploaded)} uploaded`];
  if (o.deleted > 0) parts.push(`${n(o.deleted)} deleted`);
  if (o.failed > 0) parts.push(`${n(o.failed)} failed`);
  return `${parts.join(', ')}${o.bytes > 0 ? ` (${formatSize(o.bytes)})` : ''}`;
}

/** "1,204 files (3.2 GB) older than 30 days; 87 newer stay." */
export function cleanupSummary(p: CleanupPreview, days: number): string {
  const stay = `${n(p.kept)} newer ${p.kept === 1 ? 'stays' : 'stay'}`;
  if (p.count === 0) return `No files are older than ${plural(days, 'day', 'days')}; ${stay}.`;
  return `${plural(p.count, 'file', 'files')} (${formatSize(p.bytes)}) older than ${plural(days, 'day', 'days')}; ${stay}.`;
}

/** How long ago, for the times in the Sync view: "just now", "5 min ago", "3 h ago", else a date. */
export function agoText(atMs: number, nowMs: number, date: (ms: number) => string): string {
  const s = Math.max(0, Math.round((nowMs - atMs) / 1000));
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  return date(atMs);
}
