// The Preferences dialog's fields as typed, their checks, and the Settings they make. The
// number ranges mirror the core's `TransferSettings::clamped`; the backend clamps again (and
// refuses text it cannot use) and the dialog shows what it kept.
import type { LogLevel } from './bindings/LogLevel';
import type { ObjectAcl } from './bindings/ObjectAcl';
import type { Settings } from './bindings/Settings';
import type { Theme } from './bindings/Theme';
import { cacheControlOf, newForm } from './transfers/uploadForm';

export const REQUESTS_MIN = 1;
export const REQUESTS_MAX = 64;
export const RATE_MIN = 0;
export const RATE_MAX = 10_000;
/** The multipart threshold and the part size, in MiB (`PART_MIB_MIN`/`MAX` in core). */
export const PART_MIB_MIN = 5;
export const PART_MIB_MAX = 4096;

export const THEMES: readonly { value: Theme; label: string }[] = [
  { value: 'system', label: 'Same as the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export const LOG_LEVELS: readonly { value: LogLevel; label: string }[] = [
  { value: 'error', label: 'Errors only' },
  { value: 'warn', label: 'Warnings and errors' },
  { value: 'info', label: 'Information' },
  { value: 'debug', label: 'Details (the default)' },
  { value: 'trace', label: 'Everything (large files)' },
];

/** What is in the form, exactly as typed or chosen. */
export interface PrefsFields {
  theme: Theme;
  requests: string;
  rate: string;
  threshold: string;
  partSize: string;
  acl: ObjectAcl;
  /** One of the upload dialog's CACHE_PRESETS values. */
  cache: string;
  customCache: string;
  /** '' asks each time. */
  downloadFolder: string;
  confirmDelete: boolean;
  logLevel: LogLevel;
}

export type NumberField = 'requests' | 'rate' | 'threshold' | 'partSize';
export type CheckedField = NumberField | 'cache';
export type PrefsErrors = Partial<Record<CheckedField, string>>;

export function fieldsFromSettings(s: Settings): PrefsFields {
  const cache = newForm(s.uploads.acl, s.uploads.cacheControl);
  return {
    theme: s.theme,
    requests: String(s.transfers.requestsInFlight),
    rate: String(s.transfers.requestsPerSecond),
    threshold: String(s.transfers.multipartThresholdMib),
    partSize: String(s.transfers.partSizeMib),
    acl: s.uploads.acl,
    cache: cache.cache,
    customCache: cache.customCache,
    downloadFolder: s.downloadFolder ?? '',
    confirmDelete: s.confirmDelete,
    logLevel: s.logLevel,
  };
}

/** A whole number written in digits (an optional minus sign), or null for anything else. */
function parseWhole(text: string): number | null {
  const t = text.trim();
  if (!/^-?\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : null;
}

interface Range {
  min: number;
  max: number;
  /** "1 to 64", as the messages say it. */
  text: string;
  /** Said after "at least" the minimum, if anything. */
  minNote?: string;
}

const RANGES: Record<NumberField, Range> = {
  requests: { min: REQUESTS_MIN, max: REQUESTS_MAX, text: '1 to 64' },
  rate: { min: RATE_MIN, max: RATE_MAX, text: '0 to 10,000 (0 = no limit)', minNote: ' (0 = no limit)' },
  threshold: { min: PART_MIB_MIN, max: PART_MIB_MAX, text: '5 to 4,096 MiB' },
  partSize: { min: PART_MIB_MIN, max: PART_MIB_MAX, text: '5 to 4,096 MiB', minNote: ' MiB, the smallest part S3 allows' },
};

function checkRange(text: string, r: Range): string | undefined {
  const t = text.trim();
  const n = parseWhole(t);
  if (n === null) {
    // A type="number" input hands over "" for text it cannot read as a number.
    return /^-?(\d+\.\d*|\.\d+)$/.test(t) ? `Must be a whole number, ${r.text}.` : `Enter a whole number, ${r.text}.`;
  }
  if (n < r.min) return `Must be at least ${r.min}${r.minNote ?? ''}.`;
  if (n > r.max) return `Must be at most ${r.max.toLocaleString('en-US')}.`;
  return undefined;
}

export function validatePrefsFields(f: PrefsFields): PrefsErrors {
  const errors: PrefsErrors = {};
  for (const field of Object.keys(RANGES) as NumberField[]) {
    const problem = checkRange(f[field], RANGES[field]);
    if (problem) errors[field] = problem;
  }
  const cache = cacheControlOf(f);
  if ('error' in cache) errors.cache = cache.error;
  return errors;
}

/** The settings the fields stand for, or null while any of them is not valid. */
export function settingsFromFields(f: PrefsFields): Settings | null {
  if (Object.keys(validatePrefsFields(f)).length > 0) return null;
  const n = (field: NumberField): number => parseWhole(f[field]) ?? 0;
  const cache = cacheControlOf(f);
  const folder = f.downloadFolder.trim();
  return {
    theme: f.theme,
    transfers: {
      requestsInFlight: n('requests'),
      requestsPerSecond: n('rate'),
      multipartThresholdMib: n('threshold'),
      partSizeMib: n('partSize'),
    },
    uploads: { acl: f.acl, cacheControl: 'value' in cache ? cache.value : null },
    downloadFolder: folder === '' ? null : folder,
    confirmDelete: f.confirmDelete,
    logLevel: f.logLevel,
  };
}

/** The settings with their numbers brought into range, as `Settings::validated` does (test and mock backends). */
export function clampedSettings(s: Settings): Settings {
  const clamp = (n: number, lo: number, hi: number): number => Math.min(Math.max(Math.trunc(n), lo), hi);
  const t = s.transfers;
  return {
    ...structuredClone(s),
    transfers: {
      requestsInFlight: clamp(t.requestsInFlight, REQUESTS_MIN, REQUESTS_MAX),
      requestsPerSecond: clamp(t.requestsPerSecond, RATE_MIN, RATE_MAX),
      multipartThresholdMib: clamp(t.multipartThresholdMib, PART_MIB_MIN, PART_MIB_MAX),
      partSizeMib: clamp(t.partSizeMib, PART_MIB_MIN, PART_MIB_MAX),
    },
  };
}

export function sameSettings(a: Settings, b: Settings): boolean {
  const t = (s: Settings): unknown[] => [
    s.theme,
    s.transfers.requestsInFlight,
    s.transfers.requestsPerSecond,
    s.transfers.multipartThresholdMib,
    s.transfers.partSizeMib,
    s.uploads.acl,
    s.uploads.cacheControl,
    s.downloadFolder,
    s.confirmDelete,
    s.logLevel,
  ];
  const x = t(a);
  const y = t(b);
  return x.every((v, i) => v === y[i]);
}

/** What the dialog says after a save: `sent` what it sent, `kept` the backend's answer, `before` what was saved until then. */
export function savedNote(sent: Settings, kept: Settings, before: Settings | null): string {
  const head = sameSettings(sent, kept) ? 'Saved.' : 'Saved, with numbers brought into the allowed range.';
  const logs = before !== null && before.logLevel !== kept.logLevel ? ' The new log level applies from the next start.' : '';
  return `${head} Transfers follow these now.${logs}`;
}
