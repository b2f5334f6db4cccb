// The Set up sync form without the DOM: its defaults and how it becomes a NewSyncPair.
import type { NewSyncPair } from '../bindings/NewSyncPair';
import type { ObjectAcl } from '../bindings/ObjectAcl';
import { cacheControlOf } from '../transfers/uploadForm';

/** The ignore patterns a new pair starts with (SyncOptions' defaults in core). */
export const DEFAULT_IGNORE: readonly string[] = [
  '.git',
  'node_modules',
  '*.tmp',
  '.DS_Store',
  '*.swp',
  '*~',
  '~$*',
  '.~lock.*#',
  '*.part',
  '*.crdownload',
];

export interface SetupForm {
  local: string;
  accountId: string;
  bucket: string;
  prefix: string;
  deleteRemote: boolean;
  acl: ObjectAcl;
  /** One of the upload dialog's CACHE_PRESETS values. */
  cache: string;
  customCache: string;
  /** One pattern a line. */
  ignore: string;
  compareChecksums: boolean;
}

export function newSetupForm(accountId: string, bucket: string, prefix: string): SetupForm {
  return {
    local: '',
    accountId,
    bucket,
    prefix,
    deleteRemote: false,
    acl: 'private',
    cache: '',
    customCache: '',
    ignore: DEFAULT_IGNORE.join('\n'),
    compareChecksums: false,
  };
}

/** The patterns of the textarea: one a line, trimmed, blank lines and repeats dropped. */
export function ignoreLines(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const p = line.trim();
    if (p !== '' && !out.includes(p)) out.push(p);
  }
  return out;
}

/** A folder in the Space as typed: no leading "/", "" for the top, else ending in "/". */
export function folderPrefix(typed: string): string {
  const p = typed.trim().replace(/^\/+/, '');
  return p === '' || p.endsWith('/') ? p : `${p}/`;
}

/** What add_sync_pair gets, or the first thing to fix. */
export function newPairOf(form: SetupForm): { pair: NewSyncPair } | { error: string } {
  const local = form.local.trim();
  if (local === '') return { error: 'Choose the folder on this computer to sync.' };
  if (form.accountId === '') return { error: 'Choose an account.' };
  if (form.bucket.trim() === '') return { error: 'Choose the Space to sync into.' };
  const cache = cacheControlOf(form);
  if ('error' in cache) return cache;
  return {
    pair: {
      local,
      accountId: form.accountId,
      bucket: form.bucket.trim(),
      prefix: folderPrefix(form.prefix),
      options: {
        deleteRemote: form.deleteRemote,
        acl: form.acl,
        cacheControl: cache.value,
        ignore: ignoreLines(form.ignore),
        compareChecksums: form.compareChecksums,
      },
    },
  };
}
