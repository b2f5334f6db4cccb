import { describe, expect, it } from 'vitest';
import { formOf, newPair, patchOf, type MetaForm } from './meta';

const summary = {
  objects: 3,
  headers: {
    'content-type': 'text/plain',
    'cache-control': null,
    'x-amz-meta-owner': 'ana',
    'x-amz-meta-tag': null,
  },
};

function field(form: MetaForm, name: string) {
  const f = form.standard.find((x) => x.name === name);
  if (!f) throw new Error(name);
  return f;
}

function pair(form: MetaForm, name: string) {
  const p = form.custom.find((x) => x.originalName === name);
  if (!p) throw new Error(name);
  return p;
}

describe('metadata form', () => {
  it('shows common values, marks differences as mixed and lists custom pairs', () => {
    const form = formOf(summary);
    expect(field(form, 'content-type')).toMatchObject({ value: 'text/plain', original: { kind: 'value' } });
    expect(field(form, 'cache-control')).toMatchObject({ value: '', original: { kind: 'mixed' } });
    expect(field(form, 'content-encoding').original).toEqual({ kind: 'absent' });
    expect(form.custom.map((p) => [p.name, p.value, p.original.kind])).toEqual([
      ['owner', 'ana', 'value'],
      ['tag', '', 'mixed'],
    ]);
  });

  it('sends nothing that was not edited', () => {
    expect(patchOf(formOf(summary))).toEqual({ patch: { set: {}, remove: [] } });
  });

  it('sends only edited fields: a set value, a cleared header removed', () => {
    const form = formOf(summary);
    Object.assign(field(form, 'cache-control'), { value: 'max-age=60', edited: true });
    Object.assign(field(form, 'content-encoding'), { value: '', edited: true });
    Object.assign(field(form, 'content-language'), { value: 'en', edited: true });
    expect(patchOf(form)).toEqual({ patch: { set: { 'cache-control': 'max-age=60', 'content-language': 'en' }, remove: [] } });
    const form2 = formOf({ objects: 1, headers: { 'content-type': 'a/b', 'cache-control': 'no-cache' } });
    Object.assign(field(form2, 'cache-control'), { value: ' ', edited: true });
    expect(patchOf(form2)).toEqual({ patch: { set: {}, remove: ['cache-control'] } });
  });

  it('adds, renames, edits and removes custom pairs', () => {
    const form = formOf(summary);
    const added = { ...newPair(), name: 'Project', value: 'moon' };
    form.custom.push(added);
    Object.assign(pair(form, 'owner'), { name: 'maintainer' });
    Object.assign(pair(form, 'tag'), { removed: true });
    expect(patchOf(form)).toEqual({
      patch: { set: { 'x-amz-meta-project': 'moon', 'x-amz-meta-maintainer': 'ana' }, remove: ['x-amz-meta-owner', 'x-amz-meta-tag'] },
    });
  });

  it('refuses what the server would refuse, field by field', () => {
    const form = formOf(summary);
    Object.assign(field(form, 'content-type'), { value: '', edited: true });
    Object.assign(field(form, 'content-language'), { value: 'français', edited: true });
    const bad = { ...newPair(), name: 'a b', value: 'x' };
    const empty = { ...newPair(), name: 'ok', value: '' };
    Object.assign(pair(form, 'tag'), { name: 'tag2' });
    form.custom.push(bad, empty);
    const out = patchOf(form);
    expect('problems' in out && out.problems).toEqual({
      'content-type': 'Content-Type cannot be empty: use application/octet-stream for “unknown”.',
      'content-language': 'Only plain ASCII characters: no accents, emoji or line breaks.',
      [`custom-${bad.id}-name`]: 'Letters, digits, “-”, “_” and “.” only.',
      [`custom-${empty.id}-value`]: 'Type a value, or remove the pair.',
      [`custom-${pair(form, 'tag').id}-value`]: 'The files have different values: type the one to keep under the new name.',
    });
  });
});
