// Share links as the user picks them: how long a link lives, how its expiry reads, and the
// clipboard. Pure functions, apart from `copyText`.
import type { LinkKind } from '../bindings/LinkKind';
import type { ShareLink } from '../bindings/ShareLink';
import { formatDate } from '../format';

/** What S3 allows a signed link at most: 7 days. */
export const MAX_EXPIRY_SECS = 7 * 24 * 3600;
export const HOUR = 3600;
export const CUSTOM = 'custom';

export interface DurationChoice {
  /** Seconds, or CUSTOM. */
  value: string;
  label: string;
}

export const DURATIONS: readonly DurationChoice[] = [
  { value: String(HOUR), label: '1 hour' },
  { value: String(6 * HOUR), label: '6 hours' },
  { value: String(24 * HOUR), label: '1 day' },
  { value: String(3 * 24 * HOUR), label: '3 days' },
  { value: String(7 * 24 * HOUR), label: '7 days' },
  { value: CUSTOM, label: 'Custom…' },
];

export type CustomUnit = 'minutes' | 'hours' | 'days';

const UNIT_SECS: Record<CustomUnit, number> = { minutes: 60, hours: HOUR, days: 24 * HOUR };

export interface DurationForm {
  choice: string;
  customAmount: string;
  customUnit: CustomUnit;
}

export function newDurationForm(secs = HOUR): DurationForm {
  return { choice: String(secs), customAmount: '2', customUnit: 'hours' };
}

/** The chosen lifetime in seconds, or a sentence saying what is wrong with the custom one. */
export function durationSecs(form: DurationForm): { secs: number } | { error: string } {
  if (form.choice !== CUSTOM) return { secs: Number(form.choice) };
  const text = form.customAmount.trim();
  if (!/^\d+(\.\d+)?$/.test(text)) return { error: 'Enter a number, like 2 or 1.5.' };
  const secs = Math.round(Number(text) * UNIT_SECS[form.customUnit]);
  if (secs < 60) return { error: 'A link must last at least 1 minute.' };
  if (secs > MAX_EXPIRY_SECS) return { error: 'A link can last at most 7 days.' };
  return { secs };
}

/** "5 h 12 min", "3 d 4 h", "45 s": the rough time left, two units at most. */
export function formatRemaining(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return `${m} min`;
  return `${s} s`;
}

/** "expires in 5 h 12 min", "expired", or "never expires" for public URLs. */
export function expiryText(link: Pick<ShareLink, 'expiresAt'>, now: number): string {
  if (link.expiresAt === null) return 'never expires';
  if (link.expiresAt <= now) return 'expired';
  return `expires in ${formatRemaining(link.expiresAt - now)}`;
}

/** "Valid until Nov 22, 2026, 20:03 (local time)" or what a public URL is. */
export function validUntil(link: Pick<ShareLink, 'expiresAt' | 'kind'>): string {
  if (link.expiresAt === null) {
    return link.kind === 'cdn'
      ? 'The file is public: this is its CDN URL, which does not expire.'
      : 'The file is public: this is its public URL, which does not expire.';
  }
  return `Valid until ${formatDate(link.expiresAt)} (local time).`;
}

export function kindLabel(kind: LinkKind): string {
  switch (kind) {
    case 'presigned':
      return 'Signed link';
    case 'public':
      return 'Public URL';
    case 'cdn':
      return 'CDN URL';
    case 'upload':
      return 'Upload link';
  }
}

export function isExpired(link: Pick<ShareLink, 'expiresAt'>, now: number): boolean {
  return link.expiresAt !== null && link.expiresAt <= now;
}

/** The last text Spaceport put on the clipboard (the end-to-end tests read it back). */
let lastCopied: string | null = null;

export function lastCopiedText(): string | null {
  return lastCopied;
}

/**
 * Put text on the clipboard. The text may still be on its way (a link being signed): WebKit
 * lets a page write only while the click or key that asked for it is fresh, so the write is
 * started at once with the text as a promise, and the old select-and-copy way is the last
 * resort. Rejects with the text's own error, or a sentence when no way worked.
 */
export async function copyText(text: string | Promise<string>): Promise<void> {
  const pending = Promise.resolve(text);
  const clip = typeof navigator !== 'undefined' ? navigator.clipboard : undefined;
  if (clip && typeof ClipboardItem !== 'undefined' && typeof clip.write === 'function') {
    try {
      const blob = pending.then((t) => new Blob([t], { type: 'text/plain' }));
      await clip.write([new ClipboardItem({ 'text/plain': blob })]);
      lastCopied = await pending;
      return;
    } catch {
      // Fall through to the other ways (and to the text's own error, if it failed).
    }
  }
  const t = await pending;
  try {
    if (!clip) throw new Error('no clipboard');
    await clip.writeText(t);
    lastCopied = t;
    return;
  } catch {
    // Fall through to the older way.
  }
  const area = document.createElement('textarea');
  area.value = t;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  const before = document.activeElement;
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  } finally {
    area.remove();
    if (before instanceof HTMLElement) before.focus();
  }
  if (!ok) throw new Error('The clipboard is not available. Select the link and copy it by hand.');
  lastCopied = t;
}

/** A custom CDN domain is a host name ("cdn.example.com"), not a URL; empty means none. */
export function cdnDomainProblem(text: string): string | null {
  const d = text.trim();
  if (d === '') return null;
  if (/^[a-z]+:\/\//i.test(d)) return 'Enter the domain alone, without https://.';
  if (!/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$/.test(d))
    return 'Enter a domain name like cdn.example.com.';
  return null;
}

/** The name typed for an upload link's file: a sentence when it cannot be used. */
export function uploadNameProblem(name: string): string | null {
  if (name.trim() === '') return 'Type the name the uploaded file will get.';
  if (name.startsWith('/')) return 'A name cannot start with “/”.';
  if (name.endsWith('/')) return 'That is a folder name: add the file’s name after the “/”.';
  if (name.split('/').some((part) => part === '.' || part === '..')) return 'A name cannot contain “.” or “..” as a folder.';
  return null;
}

/** An optional Content-Type: empty, or "type/subtype" with optional parameters. */
export function contentTypeProblem(text: string): string | null {
  const t = text.trim();
  if (t === '') return null;
  if (!/^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=("[^"]*"|[\w.+-]+))*$/.test(t)) return 'Enter a type like image/png or text/plain; charset=utf-8.';
  return null;
}
