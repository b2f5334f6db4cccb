// Create a Space and destroy one, clicked through the whole App over the scripted backend.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DestroyReport } from './lib/bindings/DestroyReport';
import type { SpaceContents } from './lib/bindings/SpaceContents';
import type { SpaceInfo } from './lib/bindings/SpaceInfo';
import type { SpaceList } from './lib/bindings/SpaceList';
import { flush, type Args } from './test/backend';
import { $, $$, byTestId, type, useApp } from './test/app';
import { settle, text, WORK } from './test/objects';
import { deferred, progress, spaceMenu, typeInto } from './test/spaces';

const start = useApp();
beforeEach(() => localStorage.clear());

const S: SpaceInfo = { name: 's', created: 0, region: 'ams3', addedByName: false };

/** list_spaces answers `lists` in turn (the last one from then on). */
function spacesIn(...lists: SpaceInfo[][]): () => SpaceList {
  let n = 0;
  return () => ({ spaces: lists[Math.min(n++, lists.length - 1)] ?? [], listDenied: false });
}

const sidebarSpaces = (): string[] => $$('[data-testid="sidebar-space"]').map((e) => e.dataset.space ?? '');
const okButton = (id: string): HTMLButtonElement => byTestId(id) as HTMLButtonElement;

async function openCreate(): Promise<void> {
  byTestId('account-menu')?.click();
  await settle();
  byTestId('account-create-space')?.click();
  await settle();
  expect(byTestId('create-space-dialog')).not.toBeNull();
}

function submit(id: string): void {
  ($(`[data-testid="${id}"] form`) as HTMLFormElement).dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
}

describe('create a Space', () => {
  it('checks the name as it is typed, each rule with its own sentence', async () => {
    const be = await start({ list_accounts: () => [WORK], list_spaces: spacesIn([S]) });
    await openCreate();
    expect(document.activeElement).toBe(byTestId('create-space-name'));
    // Nothing is held against an untouched field.
    expect(byTestId('create-space-name-error')).toBeNull();
    const cases: [string, string | null][] = [
      ['ab', 'A Space name needs at least 3 characters.'],
      ['My-space', 'A Space name may contain only lowercase letters, digits and dashes, not "M" (capitals are not allowed).'],
      ['my space', 'A Space name may contain only lowercase letters, digits and dashes, not spaces.'],
      ['my_space', 'A Space name may contain only lowercase letters, digits and dashes, not "_".'],
      ['my.site', 'A Space name may contain only lowercase letters, digits and dashes, not ".".'],
      ['-abc', 'A Space name must start with a lowercase letter or a digit.'],
      ['abc-', 'A Space name must end with a lowercase letter or a digit.'],
      ['a'.repeat(64), 'A Space name has at most 63 characters (64 now).'],
      ['new-space-1', null],
    ];
    for (const [name, problem] of cases) {
      type('create-space-name', name);
      await flush();
      const shown = byTestId('create-space-name-error');
      expect(shown ? text(shown) : null, name).toBe(problem);
      expect(byTestId('create-space-name')?.getAttribute('aria-invalid'), name).toBe(problem === null ? 'false' : 'true');
      expect(okButton('create-space-ok').disabled, name).toBe(problem !== null);
    }
    expect(be.callsOf('create_space')).toEqual([]);
  });

  it('sends the name, region and listing, then lists the new Space in the sidebar and opens it', async () => {
    const made: SpaceInfo = { name: 'new-space', created: 1, region: 'nyc3', addedByName: false };
    // The server's list does not show the new Space yet: the sidebar shows it anyway.
    const be = await start({ list_accounts: () => [WORK], list_spaces: spacesIn([S]), create_space: () => made });
    expect(sidebarSpaces()).toEqual(['s']);
    await openCreate();
    const region = byTestId('create-space-region') as HTMLSelectElement;
    expect(Array.from(region.options, (o) => o.value)).toEqual(['nyc3', 'ams3']);
    expect(region.value).toBe('ams3');
    expect((byTestId('create-space-listing-restricted') as HTMLInputElement).checked).toBe(true);
    type('create-space-name', 'new-space');
    expect(byTestId('create-space-region-note')).toBeNull();
    type('create-space-region', 'nyc3');
    await flush();
    expect(text(byTestId('create-space-region-note'))).toBe(
      'This account opens Spaces in ams3. To open one in nyc3, add an account for nyc3 with the same keys.',
    );
    byTestId('create-space-listing-public')?.click();
    await flush();
    submit('create-space-dialog');
    await settle();
    expect(be.callsOf('create_space')).toEqual([{ accountId: 'a1', space: { name: 'new-space', region: 'nyc3', publicListing: true } }]);
    expect(byTestId('create-space-dialog')).toBeNull();
    expect(be.callsOf('list_spaces').length).toBe(2);
    expect(sidebarSpaces()).toEqual(['new-space', 's']);
    expect(be.listings.at(-1)?.args).toMatchObject({ accountId: 'a1', bucket: 'new-space', prefix: '' });
    expect($('[data-testid="sidebar-space"][data-space="new-space"]')?.getAttribute('aria-selected')).toBe('true');
    expect(text(byTestId('toast'))).toContain('Created the Space "new-space".');
  });

  it('says plainly when the name is taken (Conflict), and forgets it once the name changes', async () => {
    const be = await start({
      list_accounts: () => [WORK],
      list_spaces: spacesIn([S]),
      create_space: () => {
        throw { kind: 'Conflict', message: 'The Space name "media" is taken: Space names are shared by every user. Choose another.' };
      },
    });
    byTestId('spaces-create')?.click();
    await settle();
    type('create-space-name', 'media');
    await flush();
    okButton('create-space-ok').click();
    await settle();
    expect(be.callsOf('create_space').length).toBe(1);
    const note = byTestId('create-space-name-error');
    expect(note?.dataset.kind).toBe('Conflict');
    expect(text(note)).toBe(
      'The name “media” is taken. Space names are shared by everyone on DigitalOcean, and a destroyed Space’s name stays reserved for a while: try another.',
    );
    expect(text(byTestId('create-space-server-note'))).toBe('The Space name "media" is taken: Space names are shared by every user. Choose another.');
    expect(byTestId('create-space-dialog')).not.toBeNull();
    expect(sidebarSpaces()).toEqual(['s']);
    type('create-space-name', 'media-2');
    await flush();
    expect(byTestId('create-space-name-error')).toBeNull();
  });

  it('shows other failures by their kind, and Escape closes', async () => {
    await start({
      list_accounts: () => [WORK],
      list_spaces: spacesIn([S]),
      create_space: () => {
        throw { kind: 'AccessDenied', message: 'This key may not create Spaces. Use a key with full access.' };
      },
    });
    await openCreate();
    type('create-space-name', 'fine-name');
    await flush();
    okButton('create-space-ok').click();
    await settle();
    expect(byTestId('create-space-error')?.dataset.kind).toBe('AccessDenied');
    expect(text(byTestId('create-space-error'))).toBe('This key may not create Spaces. Use a key with full access.');
    expect(byTestId('create-space-name-error')).toBeNull();
    byTestId('create-space-name')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await settle();
    expect(byTestId('create-space-dialog')).toBeNull();
  });

  it('keeps the account region on another S3 server, whose names may have dots', async () => {
    const minio = { ...WORK, provider: { type: 's3compatible' as const, endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', pathStyle: true } };
    const be = await start({ list_accounts: () => [minio], list_spaces: spacesIn([S]), create_space: () => ({ ...S, name: 'my.site' }) });
    await openCreate();
    expect(byTestId('create-space-region')).toBeNull();
    expect(text(byTestId('create-space-region-fixed'))).toBe('us-east-1, the account’s region');
    type('create-space-name', 'my.site');
    await flush();
    expect(byTestId('create-space-name-error')).toBeNull();
    type('create-space-name', 'my..site');
    await flush();
    expect(text(byTestId('create-space-name-error'))).toBe('A dot in a Space name must stand between letters or digits.');
    type('create-space-name', 'my.site');
    await flush();
    submit('create-space-dialog');
    await settle();
    expect(be.callsOf('create_space')[0]?.space).toEqual({ name: 'my.site', region: null, publicListing: false });
  });
});

const CONTENTS: SpaceContents = { objects: 1204, bytes: 3 * 1024 * 1024, olderVersions: 2, deleteMarkers: 0, uploads: 1 };
const destroyed = (over: Partial<DestroyReport> = {}): DestroyReport => ({
  emptied: { done: 1207, skipped: 0, failed: [], cancelled: false },
  destroyed: true,
  note: 'The Space "s" was destroyed. Its name stays reserved while DigitalOcean finishes the destruction (a week or more): no new Space can take it until then.',
  ...over,
});

describe('destroy a Space', () => {
  it('states what it holds, wants the typed name and "Empty it first", then shows the progress', async () => {
    const count = deferred<SpaceContents>();
    const destroy = deferred<DestroyReport>();
    let destroyArgs: Args = {};
    const be = await start({
      list_accounts: () => [WORK],
      list_spaces: spacesIn([S, { ...S, name: 't' }], [{ ...S, name: 't' }]),
      count_space_contents: (a) => {
        progress(a, 0, { phase: 'listing', done: 1000, total: 0, failed: 0 });
        return count.promise;
      },
      destroy_space: (a) => {
        destroyArgs = a;
        return destroy.promise;
      },
    });
    await spaceMenu('s', 'space-destroy');
    expect(text($('[data-testid="destroy-space-dialog"] h2'))).toBe('Destroy “s”');
    expect(text(byTestId('destroy-space-counting'))).toBe('Counting what “s” holds: 1,000 found');
    expect(be.callsOf('count_space_contents')[0]).toMatchObject({ accountId: 'a1', bucket: 's' });
    count.resolve(CONTENTS);
    await settle();
    expect(text(byTestId('destroy-space-contents'))).toBe('“s” holds 1,204 objects (3.0 MB), 2 older versions and 1 unfinished upload.');
    expect(text(byTestId('destroy-space-reserved'))).toContain('A destroyed Space’s name stays reserved');
    expect(document.activeElement).toBe(byTestId('destroy-space-name'));
    const ok = okButton('destroy-space-ok');
    expect(text(ok)).toBe('Empty and destroy');
    expect(ok.disabled).toBe(true);

    typeInto(byTestId('destroy-space-name'), 'S');
    await flush();
    expect(ok.disabled).toBe(true);
    typeInto(byTestId('destroy-space-name'), 's');
    await flush();
    // The name alone is not enough while the Space holds something.
    expect(ok.disabled).toBe(true);
    submit('destroy-space-dialog');
    await settle();
    expect(be.callsOf('destroy_space')).toEqual([]);
    byTestId('destroy-space-empty')?.click();
    await flush();
    expect(ok.disabled).toBe(false);
    ok.click();
    await settle();
    expect(destroyArgs).toMatchObject({ accountId: 'a1', bucket: 's', force: true, expected: CONTENTS });
    expect(byTestId('destroy-space-state')?.dataset.state).toBe('destroying');
    progress(destroyArgs, 0, { phase: 'deleting', done: 340, total: 1207, failed: 0 });
    await settle();
    expect(text(byTestId('op-progress'))).toBe('Deleting 340 of 1,207');
    expect(byTestId('op-progress')?.dataset.done).toBe('340');
    expect(byTestId('destroy-space-stop')).not.toBeNull();
    // Escape does not walk away from a destroy under way.
    byTestId('destroy-space-stop')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await settle();
    expect(byTestId('destroy-space-dialog')).not.toBeNull();

    destroy.resolve(destroyed());
    await settle();
    expect(byTestId('destroy-space-dialog')).toBeNull();
    expect(text(byTestId('toast'))).toContain('Its name stays reserved while DigitalOcean finishes the destruction');
    expect(sidebarSpaces()).toEqual(['t']);
  });

  it('destroys an empty Space without emptying it', async () => {
    const be = await start({
      list_accounts: () => [WORK],
      list_spaces: spacesIn([S]),
      count_space_contents: () => ({ objects: 0, bytes: 0, olderVersions: 0, deleteMarkers: 0, uploads: 0 }),
      destroy_space: () => destroyed({ emptied: { done: 0, skipped: 0, failed: [], cancelled: false } }),
    });
    await spaceMenu('s', 'space-destroy');
    expect(text(byTestId('destroy-space-contents'))).toBe('“s” is empty.');
    expect(byTestId('destroy-space-empty')).toBeNull();
    expect(text(byTestId('destroy-space-ok'))).toBe('Destroy');
    typeInto(byTestId('destroy-space-name'), 's');
    await flush();
    submit('destroy-space-dialog');
    await settle();
    expect(be.callsOf('destroy_space')[0]).toMatchObject({ bucket: 's', force: false });
  });

  it('says the Space is still there when emptying was stopped or failed in part', async () => {
    await start({
      list_accounts: () => [WORK],
      list_spaces: spacesIn([S]),
      count_space_contents: () => CONTENTS,
      destroy_space: () =>
        destroyed({
          destroyed: false,
          note: null,
          emptied: { done: 1206, skipped: 0, failed: [{ key: 'locked.bin', message: 'Access denied for this file.' }], cancelled: false },
        }),
    });
    await spaceMenu('s', 'space-destroy');
    typeInto(byTestId('destroy-space-name'), 's');
    byTestId('destroy-space-empty')?.click();
    await flush();
    okButton('destroy-space-ok').click();
    await settle();
    expect(text(byTestId('destroy-space-report'))).toBe(
      '1,206 objects were deleted; 1 object could not be, so the Space is still there. Check the reasons below, then try again.',
    );
    expect($$('[data-testid="op-failure"]').map(text)).toEqual(['locked.bin — Access denied for this file.']);
    expect(sidebarSpaces()).toEqual(['s']);
  });
});
