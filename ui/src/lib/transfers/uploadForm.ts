// The staged-upload dialog without the DOM: the choices it offers, and how they become the
// arguments of start_uploads.
import type { ConflictPolicy } from '../bindings/ConflictPolicy';
import type { ObjectAcl } from '../bindings/ObjectAcl';
import type { StagedFile } from '../bindings/StagedFile';
import type { StartUploadsArgs } from '../ipc';

export interface Choice<T extends string> {
  value: T;
  label: string;
}

export const CUSTOM_CACHE = 'custom';

/** Cache-Control presets; '' sends no header, 'custom' takes what the user types. */
export const CACHE_PRESETS: readonly Choice<string>[] = [
  { value: '', label: 'None' },
  { value: 'no-cache', label: 'No cache' },
  { value: 'max-age=3600', label: '1 hour' },
  { value: 'max-age=86400', label: '1 day' },
  { value: 'max-age=31536000', label: '1 year' },
  { value: CUSTOM_CACHE, label: 'Custom…' },
];

export const CONFLICT_CHOICES: readonly Choice<ConflictPolicy>[] = [
  { value: 'overwrite', label: 'Replace it' },
  { value: 'skip', label: 'Skip it' },
  { value: 'keepBoth', label: 'Keep both (add a number)' },
];

export interface UploadForm {
  acl: ObjectAcl;
  /** One of the CACHE_PRESETS values. */
  cache: string;
  customCache: string;
  conflict: ConflictPolicy;
}

export interface UploadTarget {
  accountId: string;
  bucket: string;
  /** '' for the Space's root, else ending in '/'. */
  prefix: string;
}

/** A fresh form; `cacheControl` (the Preferences default) picks its preset, or Custom. */
export function newForm(acl: ObjectAcl, cacheControl: string | null = null): UploadForm {
  const v = cacheControl?.trim() ?? '';
  const preset = CACHE_PRESETS.some((p) => p.value === v && p.value !== CUSTOM_CACHE);
  return { acl, cache: preset ? v : CUSTOM_CACHE, customCache: preset ? '' : v, conflict: 'overwrite' };
}

/** The Cache-Control header to send, or why the form cannot be sent yet. */
export function cacheControlOf(form: Pick<UploadForm, 'cache' | 'customCache'>): { value: string | null } | { error: string } {
  if (form.cache !== CUSTOM_CACHE) return { value: form.cache === '' ? null : form.cache };
  const v = form.customCache.trim();
  if (v === '') return { error: 'Type a Cache-Control value, e.g. "public, max-age=600".' };
  // A header value cannot hold line breaks or other control characters.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(v)) return { error: 'A Cache-Control value cannot contain line breaks.' };
  return { value: v };
}

/** The arguments of start_uploads, or why the form cannot be sent yet. */
export function uploadArgs(
  target: UploadTarget,
  files: readonly StagedFile[],
  form: UploadForm,
): { args: StartUploadsArgs } | { error: string } {
  if (files.length === 0) return { error: 'Add files to upload first.' };
  const cache = cacheControlOf(form);
  if ('error' in cache) return cache;
  return {
    args: {
      accountId: target.accountId,
      bucket: target.bucket,
      // Each file keeps its own (maybe edited) Content-Type: the batch never overrides it.
      files: files.map((f) => ({ ...f, contentType: f.contentType.trim() || 'application/octet-stream' })),
      options: { acl: form.acl, cacheControl: cache.value, contentType: null },
      conflict: form.conflict,
    },
  };
}

/** A staged key as shown in the dialog: relative to the folder it is uploaded into. */
export function relativeName(key: string, prefix: string): string {
  return key.startsWith(prefix) ? key.slice(prefix.length) : key;
}

/** Add newly staged files; a key staged again replaces the earlier one in its place. */
export function mergeStaged(existing: readonly StagedFile[], added: readonly StagedFile[]): StagedFile[] {
  const index = new Map<string, number>();
  const out = existing.slice();
  out.forEach((f, i) => index.set(f.key, i));
  for (const f of added) {
    const i = index.get(f.key);
    if (i === undefined) {
      index.set(f.key, out.length);
      out.push(f);
    } else {
      out[i] = f;
    }
  }
  return out;
}

// ---- The per-account default: "new uploads are public" ----
// The user's choice for an account, once made (ticked or unticked), wins; until then the
// default of Preferences (`fallback`) holds.

const storageKey = (accountId: string): string => `spaceport.uploadsPublic.${accountId}`;

function store(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The choice made for this account: true (public), false (private), or null (none yet). */
export function accountChoice(accountId: string): boolean | null {
  try {
    const v = store()?.getItem(storageKey(accountId));
    return v === 'true' ? true : v === 'false' ? false : null;
  } catch {
    return null;
  }
}

export function defaultPublic(accountId: string, fallback = false): boolean {
  return accountChoice(accountId) ?? fallback;
}

export function setDefaultPublic(accountId: string, on: boolean): void {
  try {
    store()?.setItem(storageKey(accountId), on ? 'true' : 'false');
  } catch {
    // Storage full or disabled: the choice holds for this dialog only.
  }
}

export function defaultAcl(accountId: string, fallback: ObjectAcl = 'private'): ObjectAcl {
  return defaultPublic(accountId, fallback === 'publicRead') ? 'publicRead' : 'private';
}
