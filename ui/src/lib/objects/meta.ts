// The metadata dialog without the DOM: a form made from the selection's summary, and the
// MetaPatch that carries only what the user edited. A header that differs between the files
// is "mixed": it shows no value and is left alone on each file unless typed into.
import type { MetaPatch } from '../bindings/MetaPatch';
import type { MetaSummary } from '../bindings/MetaSummary';

export const CUSTOM_PREFIX = 'x-amz-meta-';

export interface StandardHeader {
  name: string;
  label: string;
  placeholder: string;
}

export const STANDARD: readonly StandardHeader[] = [
  { name: 'content-type', label: 'Content-Type', placeholder: 'text/plain' },
  { name: 'cache-control', label: 'Cache-Control', placeholder: 'max-age=86400' },
  { name: 'content-encoding', label: 'Content-Encoding', placeholder: 'gzip' },
  { name: 'content-disposition', label: 'Content-Disposition', placeholder: 'attachment; filename="report.pdf"' },
  { name: 'content-language', label: 'Content-Language', placeholder: 'en' },
];

/** What the files hold: one value, different values (mixed), or none of them has it. */
export type Original = { kind: 'value'; value: string } | { kind: 'mixed' } | { kind: 'absent' };

export interface Field {
  name: string;
  original: Original;
  value: string;
  /** Typed into (or cleared): only then is it part of the patch. */
  edited: boolean;
}

export interface CustomPair {
  id: number;
  /** The name (without x-amz-meta-) the files have it under; null for a pair added here. */
  originalName: string | null;
  original: Original;
  name: string;
  value: string;
  edited: boolean;
  removed: boolean;
}

export interface MetaForm {
  standard: Field[];
  custom: CustomPair[];
}

function originalOf(summary: MetaSummary, name: string): Original {
  if (!(name in summary.headers)) return { kind: 'absent' };
  const v = summary.headers[name];
  return v === null || v === undefined ? { kind: 'mixed' } : { kind: 'value', value: v };
}

let nextId = 1;

export function newPair(): CustomPair {
  return { id: nextId++, originalName: null, original: { kind: 'absent' }, name: '', value: '', edited: true, removed: false };
}

export function formOf(summary: MetaSummary): MetaForm {
  const standard = STANDARD.map((h) => {
    const original = originalOf(summary, h.name);
    return { name: h.name, original, value: original.kind === 'value' ? original.value : '', edited: false };
  });
  const custom = Object.keys(summary.headers)
    .filter((n) => n.startsWith(CUSTOM_PREFIX))
    .sort()
    .map((n): CustomPair => {
      const original = originalOf(summary, n);
      const name = n.slice(CUSTOM_PREFIX.length);
      return { id: nextId++, originalName: name, original, name, value: original.kind === 'value' ? original.value : '', edited: false, removed: false };
    });
  return { standard, custom };
}

/** Header values travel as printable ASCII: no accents, emoji or line breaks. */
export function valueProblem(value: string): string | null {
  return /^[\x20-\x7e]*$/.test(value) ? null : 'Only plain ASCII characters: no accents, emoji or line breaks.';
}

export function nameProblem(name: string): string | null {
  if (name.trim() === '') return 'Type a name.';
  return /^[A-Za-z0-9._-]+$/.test(name.trim()) ? null : 'Letters, digits, “-”, “_” and “.” only.';
}

/** Problems by field: a standard header's name, or `custom-<id>-name` / `custom-<id>-value`. */
export type Problems = Record<string, string>;

function pairChanged(p: CustomPair): boolean {
  return p.originalName === null || p.removed || p.edited || p.name.trim().toLowerCase() !== p.originalName.toLowerCase();
}

/** The patch of what was edited, or the problems that keep it from being sent. */
export function patchOf(form: MetaForm): { patch: MetaPatch } | { problems: Problems } {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  const problems: Problems = {};

  for (const f of form.standard) {
    if (!f.edited) continue;
    const v = f.value.trim();
    if (v === '') {
      if (f.name === 'content-type') problems[f.name] = 'Content-Type cannot be empty: use application/octet-stream for “unknown”.';
      else if (f.original.kind !== 'absent') remove.push(f.name);
      continue;
    }
    const p = valueProblem(v);
    if (p) problems[f.name] = p;
    else set[f.name] = v;
  }

  const names = new Set<string>();
  for (const p of form.custom) {
    if (!pairChanged(p)) {
      if (p.originalName !== null) names.add(p.originalName.toLowerCase());
      continue;
    }
    const oldName = p.originalName === null ? null : CUSTOM_PREFIX + p.originalName.toLowerCase();
    if (p.removed) {
      if (oldName !== null) remove.push(oldName);
      continue;
    }
    const name = p.name.trim().toLowerCase();
    const np = nameProblem(name);
    if (np) {
      problems[`custom-${p.id}-name`] = np;
      continue;
    }
    if (names.has(name)) {
      problems[`custom-${p.id}-name`] = 'This name is used twice.';
      continue;
    }
    names.add(name);
    const renamed = oldName !== null && oldName !== CUSTOM_PREFIX + name;
    // A mixed pair keeps each file's own value unless a new one is typed.
    if (p.original.kind === 'mixed' && !p.edited) {
      if (renamed) problems[`custom-${p.id}-value`] = 'The files have different values: type the one to keep under the new name.';
      continue;
    }
    const v = p.value.trim();
    const vp = v === '' ? 'Type a value, or remove the pair.' : valueProblem(v);
    if (vp) {
      problems[`custom-${p.id}-value`] = vp;
      continue;
    }
    if (renamed && oldName !== null) remove.push(oldName);
    set[CUSTOM_PREFIX + name] = v;
  }

  // A name removed and set again (renamed onto an old name) is just set.
  const kept = remove.filter((n) => !(n in set));
  if (Object.keys(problems).length > 0) return { problems };
  return { patch: { set, remove: kept } };
}

export function isEmpty(patch: MetaPatch): boolean {
  return Object.keys(patch.set).length === 0 && patch.remove.length === 0;
}
