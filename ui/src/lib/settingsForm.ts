// The Settings dialog's fields as typed, their checks, and the TransferSettings they make.
// The ranges mirror the core's `TransferSettings::clamped`; the backend clamps again and the
// dialog shows what it kept.
import type { TransferSettings } from './bindings/TransferSettings';

export const REQUESTS_MIN = 1;
export const REQUESTS_MAX = 64;
export const RATE_MIN = 0;
export const RATE_MAX = 10_000;

/** The core's defaults (`Limits::default`). */
export const DEFAULT_TRANSFER_SETTINGS: Readonly<TransferSettings> = Object.freeze({
  requestsInFlight: 16,
  requestsPerSecond: 700,
});

/** What is in the two inputs, exactly as typed. */
export interface TransferFields {
  requests: string;
  rate: string;
}

export type TransferField = keyof TransferFields;
export type TransferErrors = Partial<Record<TransferField, string>>;

export function fieldsFromSettings(s: TransferSettings): TransferFields {
  return { requests: String(s.requestsInFlight), rate: String(s.requestsPerSecond) };
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

const REQUESTS_RANGE: Range = { min: REQUESTS_MIN, max: REQUESTS_MAX, text: '1 to 64' };
const RATE_RANGE: Range = { min: RATE_MIN, max: RATE_MAX, text: '0 to 10,000 (0 = no limit)', minNote: ' (0 = no limit)' };

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

export function validateTransferFields(f: TransferFields): TransferErrors {
  const errors: TransferErrors = {};
  const requests = checkRange(f.requests, REQUESTS_RANGE);
  if (requests) errors.requests = requests;
  const rate = checkRange(f.rate, RATE_RANGE);
  if (rate) errors.rate = rate;
  return errors;
}

/** The settings the fields stand for, or null while any of them is not valid. */
export function settingsFromFields(f: TransferFields): TransferSettings | null {
  const errors = validateTransferFields(f);
  if (errors.requests || errors.rate) return null;
  const requestsInFlight = parseWhole(f.requests);
  const requestsPerSecond = parseWhole(f.rate);
  if (requestsInFlight === null || requestsPerSecond === null) return null;
  return { requestsInFlight, requestsPerSecond };
}

export function sameSettings(a: TransferSettings, b: TransferSettings): boolean {
  return a.requestsInFlight === b.requestsInFlight && a.requestsPerSecond === b.requestsPerSecond;
}

/** How the saved settings read back to the user. */
export function describeSettings(s: TransferSettings): string {
  const rate = s.requestsPerSecond === 0 ? 'no limit per second' : `at most ${s.requestsPerSecond} per second`;
  return `${s.requestsInFlight} at once, ${rate}`;
}
