// The lifecycle rules editor's form: expire objects under a prefix after N days, abort
// unfinished multipart uploads after N days, remove older versions after N days; checked as
// the core checks them (src-tauri/core/src/buckets/lifecycle.rs). A rule with parts
// Spaceport does not edit (transitions, tag filters) is sent back exactly as it came.
import type { LifecycleRule } from '../bindings/LifecycleRule';

const MAX_RULES = 1000;
const MAX_DAYS = 2_147_483_647;

export interface LifecycleForm {
  id: string;
  enabled: boolean;
  prefix: string;
  /** Days as typed; '' is "not set". */
  expireDays: string;
  abortDays: string;
  noncurrentDays: string;
  /** The rule as the server had it, when it holds parts this editor does not show. */
  kept: LifecycleRule | null;
}

export type LifecycleField = 'id' | 'expireDays' | 'abortDays' | 'noncurrentDays' | 'rule';
export type LifecycleProblems = Partial<Record<LifecycleField, string>>;

export function newLifecycleForm(): LifecycleForm {
  return { id: '', enabled: true, prefix: '', expireDays: '', abortDays: '7', noncurrentDays: '', kept: null };
}

const daysText = (d: number | null): string => (d === null ? '' : String(d));

export function lifecycleFormOf(rule: LifecycleRule): LifecycleForm {
  return {
    id: rule.id,
    enabled: rule.enabled,
    prefix: rule.prefix,
    expireDays: daysText(rule.expireDays),
    abortDays: daysText(rule.abortIncompleteUploadDays),
    noncurrentDays: daysText(rule.noncurrentExpireDays),
    kept: rule.otherParts.length > 0 ? rule : null,
  };
}

function daysOf(text: string): number | null | 'bad' {
  const t = text.trim();
  if (t === '') return null;
  if (!/^\d+$/.test(t)) return 'bad';
  const n = Number(t);
  return n >= 1 && n <= MAX_DAYS ? n : 'bad';
}

const DAYS_PROBLEM = 'A whole number of days, from 1.';

/** Problems of each rule, by field; duplicate IDs are named on the later rule. */
export function lifecycleProblems(forms: readonly LifecycleForm[]): LifecycleProblems[] {
  const seen = new Map<string, number>();
  return forms.map((f, i) => {
    const p: LifecycleProblems = {};
    const id = f.id.trim();
    if (id.length > 255) p.id = 'An ID has at most 255 characters.';
    else if (id !== '') {
      const first = seen.get(id);
      if (first !== undefined) p.id = `Rule ${first + 1} has the same ID: each rule needs its own.`;
      else seen.set(id, i);
    }
    if (f.kept) return p;
    const fields = ['expireDays', 'abortDays', 'noncurrentDays'] as const;
    for (const field of fields) if (daysOf(f[field]) === 'bad') p[field] = DAYS_PROBLEM;
    if (fields.every((field) => f[field].trim() === ''))
      p.rule = 'Say what it does: expire objects, abort unfinished uploads, or remove older versions, after a number of days.';
    return p;
  });
}

export function lifecycleListProblem(forms: readonly LifecycleForm[]): string | null {
  return forms.length > MAX_RULES ? `A Space has at most ${MAX_RULES} lifecycle rules.` : null;
}

const num = (text: string): number | null => {
  const d = daysOf(text);
  return typeof d === 'number' ? d : null;
};

/** The rule the form stands for (call when it has no problems). */
export function lifecycleRuleOf(form: LifecycleForm): LifecycleRule {
  if (form.kept) return { ...form.kept, enabled: form.enabled };
  return {
    id: form.id.trim(),
    enabled: form.enabled,
    prefix: form.prefix,
    expireDays: num(form.expireDays),
    abortIncompleteUploadDays: num(form.abortDays),
    noncurrentExpireDays: num(form.noncurrentDays),
    otherParts: [],
  };
}
