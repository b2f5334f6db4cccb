// The CORS rules editor's form: each rule as typed, checked field by field the way the core
// checks it before sending (src-tauri/core/src/buckets/cors.rs), and the tidy rule it sends.
import type { CorsRule } from '../bindings/CorsRule';

export const CORS_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'] as const;
const MAX_RULES = 100;
const MAX_AGE = 2_147_483_647;

export interface CorsForm {
  id: string;
  /** One origin a line (commas work too). */
  origins: string;
  methods: string[];
  /** Request headers a browser may send, separated by commas or lines. */
  headers: string;
  /** Response headers scripts may read. */
  expose: string;
  /** Seconds, or '' for none. */
  maxAge: string;
}

export type CorsField = 'origins' | 'methods' | 'headers' | 'expose' | 'maxAge' | 'id';
export type CorsProblems = Partial<Record<CorsField, string>>;

/** Entries of a list field: split on commas, spaces and lines, blanks dropped. */
export function listOf(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export function newCorsForm(): CorsForm {
  return { id: '', origins: '', methods: ['GET'], headers: '', expose: '', maxAge: '' };
}

export function corsFormOf(rule: CorsRule): CorsForm {
  return {
    id: rule.id ?? '',
    origins: rule.allowedOrigins.join('\n'),
    methods: rule.allowedMethods.map((m) => m.toUpperCase()),
    headers: rule.allowedHeaders.join(', '),
    expose: rule.exposeHeaders.join(', '),
    maxAge: rule.maxAgeSeconds === null ? '' : String(rule.maxAgeSeconds),
  };
}

function originOk(origin: string): boolean {
  if (origin === '*') return true;
  const at = origin.indexOf('://');
  if (at < 0) return false;
  const scheme = origin.slice(0, at);
  const host = origin.slice(at + 3);
  const stars = origin.split('*').length - 1;
  return /^[A-Za-z0-9+.-]+$/.test(scheme) && host !== '' && !host.includes('/') && stars <= 1 && /^[\x21-\x7e]+$/.test(host);
}

function headerOk(name: string, starAllowed: boolean): boolean {
  const stars = name.split('*').length - 1;
  return stars <= (starAllowed ? 1 : 0) && /^[A-Za-z0-9\-_.*!#$%&'+^`|~]+$/.test(name);
}

/** Whole seconds, 0 up to S3's limit; '' is none. */
function maxAgeOf(text: string): number | null | 'bad' {
  const t = text.trim();
  if (t === '') return null;
  if (!/^\d+$/.test(t)) return 'bad';
  const n = Number(t);
  return n <= MAX_AGE ? n : 'bad';
}

export function corsProblems(form: CorsForm): CorsProblems {
  const p: CorsProblems = {};
  const origins = listOf(form.origins);
  const badOrigin = origins.find((o) => !originOk(o));
  if (origins.length === 0) p.origins = 'Give at least one origin, such as https://example.com or *.';
  else if (badOrigin !== undefined)
    p.origins = `"${badOrigin}" is not an origin: write a scheme and host, such as https://example.com (one * at most), or * for any.`;
  if (form.methods.length === 0) p.methods = 'Allow at least one method.';
  const badHeader = listOf(form.headers).find((h) => !headerOk(h, true));
  if (badHeader !== undefined) p.headers = `"${badHeader}" is not a header name (one * at most).`;
  const badExpose = listOf(form.expose).find((h) => !headerOk(h, false));
  if (badExpose !== undefined) p.expose = `"${badExpose}" is not a header name that can be exposed (no *).`;
  if (maxAgeOf(form.maxAge) === 'bad') p.maxAge = 'A whole number of seconds, such as 3000.';
  if (form.id.trim().length > 255) p.id = 'An ID has at most 255 characters.';
  return p;
}

/** A problem with the list as a whole, or null. */
export function corsListProblem(forms: readonly CorsForm[]): string | null {
  return forms.length > MAX_RULES ? `A Space has at most ${MAX_RULES} CORS rules (${forms.length} given).` : null;
}

/** The rule the form stands for, tidied as the core would (call when it has no problems). */
export function corsRuleOf(form: CorsForm): CorsRule {
  const age = maxAgeOf(form.maxAge);
  const id = form.id.trim();
  return {
    id: id === '' ? null : id,
    allowedOrigins: listOf(form.origins),
    allowedMethods: CORS_METHODS.filter((m) => form.methods.includes(m)),
    allowedHeaders: listOf(form.headers),
    exposeHeaders: listOf(form.expose),
    maxAgeSeconds: typeof age === 'number' ? age : null,
  };
}
