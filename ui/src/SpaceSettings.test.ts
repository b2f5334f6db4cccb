// A Space's Settings view — addresses, file listing, versioning, usage, CORS, lifecycle,
// policy, logging — clicked through the whole App over the scripted backend.
import { beforeEach, describe, expect, it } from 'vitest';
import type { CorsRule } from './lib/bindings/CorsRule';
import type { LifecycleRule } from './lib/bindings/LifecycleRule';
import type { SpaceUsage } from './lib/bindings/SpaceUsage';
import type { Versioning } from './lib/bindings/Versioning';
import { flush, type Handler } from './test/backend';
import { $, $$, byTestId, useApp } from './test/app';
import { fakeClipboard, ONE_SPACE, settle, text } from './test/objects';
import { deferred, progress, spaceMenu, typeInto } from './test/spaces';

const start = useApp();
beforeEach(() => localStorage.clear());

const URLS = { endpoint: 'https://ams3.digitaloceanspaces.com', origin: 'https://s.ams3.digitaloceanspaces.com', cdn: null };

/** The General tab's reads, as a fresh Space answers them; override what the test is about. */
function general(over: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    ...ONE_SPACE,
    space_urls: () => URLS,
    space_file_listing: () => 'restricted',
    space_versioning: () => 'off',
    space_prefs: () => ({ cdnEnabled: false, cdnDomain: null }),
    ...over,
  };
}

async function openTab(tab: string): Promise<void> {
  $(`[data-testid="space-tab"][data-tab="${tab}"]`)?.click();
  await settle();
  expect(byTestId('space-tab-panel')?.dataset.tab).toBe(tab);
}

const inSection = (section: string, id: string): HTMLElement | null => $(`[data-testid="${id}"][data-section="${section}"]`);
const saveOf = (section: string): HTMLButtonElement => inSection(section, 'setting-save') as HTMLButtonElement;
const problems = (kind: string): Record<string, string> =>
  Object.fromEntries($$(`[data-testid="${kind}-problem"]`).map((e) => [e.dataset.field ?? '', text(e)]));

describe('space settings: general', () => {
  it('opens from the Space menu with its addresses (copied), and saves the file listing', async () => {
    const written = fakeClipboard();
    const be = await start(general({ set_space_file_listing: () => null }));
    await spaceMenu('s', 'space-settings');
    expect(text($('[data-testid="space-settings-dialog"] h2'))).toBe('Settings — s');
    expect(document.activeElement).toBe($('[data-testid="space-tab"][data-tab="general"]'));
    expect(be.callsOf('space_urls')).toEqual([{ accountId: 'a1', bucket: 's' }]);
    expect($$('[data-testid="space-url"]').map((e) => [e.dataset.kind, text(e)])).toEqual([
      ['endpoint', 'https://ams3.digitaloceanspaces.com'],
      ['origin', 'https://s.ams3.digitaloceanspaces.com'],
    ]);
    $('[data-testid="space-copy-url"][data-kind="endpoint"]')?.click();
    await settle();
    expect(written).toEqual(['https://ams3.digitaloceanspaces.com']);
    expect(text(byTestId('toast'))).toContain('Copied the endpoint URL.');

    expect((byTestId('space-listing-restricted') as HTMLInputElement).checked).toBe(true);
    expect(saveOf('listing').disabled).toBe(true);
    byTestId('space-listing-public')?.click();
    await flush();
    expect(saveOf('listing').disabled).toBe(false);
    saveOf('listing').click();
    await settle();
    expect(be.callsOf('set_space_file_listing')).toEqual([{ accountId: 'a1', bucket: 's', listing: 'public' }]);
    expect(text(inSection('listing', 'setting-saved'))).toBe('Saved.');
    expect(saveOf('listing').disabled).toBe(true);
  });

  it('turns versioning on, then suspends it', async () => {
    let now: Versioning = 'off';
    const be = await start(
      general({
        space_versioning: () => now,
        set_space_versioning: (a) => {
          now = a.versioning as Versioning;
          return null;
        },
      }),
    );
    await spaceMenu('s', 'space-settings');
    const state = (): [string | undefined, string] => [byTestId('space-versioning-state')?.dataset.state, text(byTestId('space-versioning-toggle'))];
    expect(state()).toEqual(['off', 'Turn on']);
    expect(text(byTestId('space-versioning-state'))).toBe('Off: a file overwritten or deleted is gone.');
    byTestId('space-versioning-toggle')?.click();
    await settle();
    expect(be.callsOf('set_space_versioning')).toEqual([{ accountId: 'a1', bucket: 's', versioning: 'enabled' }]);
    expect(state()).toEqual(['enabled', 'Suspend']);
    byTestId('space-versioning-toggle')?.click();
    await settle();
    expect(be.callsOf('set_space_versioning')[1]).toEqual({ accountId: 'a1', bucket: 's', versioning: 'suspended' });
    expect(state()).toEqual(['suspended', 'Turn on']);
    expect(text(byTestId('space-versioning-state'))).toBe('Suspended: no new versions are kept; those kept earlier stay until deleted.');
  });

  it('says which settings this server does not have, keyed on Unsupported', async () => {
    await start(
      general({
        space_versioning: () => {
          throw { kind: 'Unsupported', message: 'This server does not support versioning. DigitalOcean Spaces does; other S3-compatible servers may not.' };
        },
        space_file_listing: () => {
          throw { kind: 'Network', message: 'The server did not answer in time. Check the connection and try again.' };
        },
      }),
    );
    await spaceMenu('s', 'space-settings');
    const unsupported = inSection('versioning', 'setting-unsupported');
    expect(unsupported?.dataset.kind).toBe('Unsupported');
    expect(text(unsupported)).toContain('Not available on this server. This server does not support versioning.');
    expect(byTestId('space-versioning-toggle')).toBeNull();
    expect(inSection('listing', 'setting-error')?.dataset.kind).toBe('Network');
    expect(text(inSection('listing', 'setting-error'))).toContain('The server did not answer in time.');
  });
});

const GIB = 1024 ** 3;

function usageOf(prefix: string, over: Partial<SpaceUsage>): SpaceUsage {
  return {
    bucket: 's',
    prefix,
    objects: 0,
    bytes: 0,
    looseObjects: 0,
    looseBytes: 0,
    folders: [],
    measuredAt: Date.now() - 5 * 60_000,
    cost: { usdPerMonth: 5, storageGib: 0, extraStorageGib: 0, extraTransferGib: 0 },
    ...over,
  };
}

describe('space settings: usage', () => {
  it('measures with progress, draws a bar a folder by its share, and clicks into a folder', async () => {
    const measured = deferred<SpaceUsage>();
    const root = usageOf('', {
      objects: 1000,
      bytes: 400 * GIB,
      looseObjects: 10,
      looseBytes: 20 * GIB,
      folders: [
        { prefix: 'photos/', name: 'photos', objects: 900, bytes: 300 * GIB },
        { prefix: 'docs/', name: 'docs', objects: 90, bytes: 80 * GIB },
      ],
      measuredAt: Date.now(),
      cost: { usdPerMonth: 8, storageGib: 400, extraStorageGib: 150, extraTransferGib: 0 },
    });
    const photos = usageOf('photos/', {
      objects: 900,
      bytes: 300 * GIB,
      folders: [
        { prefix: 'photos/2024/', name: '2024', objects: 600, bytes: 225 * GIB },
        { prefix: 'photos/2025/', name: '2025', objects: 300, bytes: 75 * GIB },
      ],
    });
    const be = await start({
      ...ONE_SPACE,
      cached_space_usage: (a) => (a.prefix === 'photos/' ? photos : null),
      space_usage: (a) => {
        progress(a, 0, { phase: 'listing', done: 3000, total: 0, failed: 0 });
        return measured.promise;
      },
    });
    await spaceMenu('s', 'space-usage');
    expect(byTestId('space-tab-panel')?.dataset.tab).toBe('usage');
    expect(be.callsOf('cached_space_usage')).toEqual([{ accountId: 'a1', bucket: 's', prefix: '' }]);
    // Never measured: it measures at once, with its progress.
    expect(be.callsOf('space_usage')[0]).toMatchObject({ accountId: 'a1', bucket: 's', prefix: '' });
    expect(text(byTestId('op-progress'))).toBe('Counting objects: 3,000 found');
    expect(byTestId('usage-stop')).not.toBeNull();
    measured.resolve(root);
    await settle();

    expect(text(byTestId('usage-total'))).toBe('400 GB in 1,000 objects');
    expect(text(byTestId('usage-measured'))).toMatch(/^Measured .+ \(just now\)$/);
    const bars = $$('[data-testid="usage-bar"]');
    expect(bars.map((b) => [text(b), b.dataset.share])).toEqual([
      ['photos/', '75'],
      ['docs/', '20'],
      ['Files here', '5'],
    ]);
    const widths = $$('[data-testid="usage-chart"] rect.fill').map((r) => r.getAttribute('width'));
    expect(widths).toEqual(['75', '20', '5']);
    expect($$('[data-testid="usage-bar-size"]').map(text)).toEqual(['300 GB', '80.0 GB', '20.0 GB']);
    const cost = byTestId('usage-cost');
    expect(cost?.dataset.usd).toBe('8');
    expect(text(cost)).toContain('Estimated monthly cost: $8.00 (an estimate)');
    expect(text(cost)).toContain('This Space stores 400.00 GiB, 150.00 GiB beyond the allowance.');

    // Into photos/: its last measure (5 minutes old) shows at once, nothing is listed.
    $('[data-testid="usage-bar"][data-prefix="photos/"]')?.click();
    await settle();
    expect(be.callsOf('cached_space_usage')[1]).toEqual({ accountId: 'a1', bucket: 's', prefix: 'photos/' });
    expect(be.callsOf('space_usage').length).toBe(1);
    expect(byTestId('usage')?.dataset.prefix).toBe('photos/');
    expect($$('[data-testid="usage-crumb"]').map(text)).toEqual(['s', 'photos']);
    expect(text(byTestId('usage-measured'))).toContain('(5 min ago)');
    expect($$('[data-testid="usage-bar"]').map((b) => [text(b), b.dataset.share])).toEqual([
      ['2024/', '75'],
      ['2025/', '25'],
    ]);
    // A folder's cost would mislead: the estimate is the Space's.
    expect(byTestId('usage-cost')).toBeNull();

    // Measure again: a new listing of that folder.
    byTestId('usage-measure')?.click();
    await settle();
    expect(be.callsOf('space_usage')[1]).toMatchObject({ prefix: 'photos/' });

    $('[data-testid="usage-crumb"][data-prefix=""]')?.click();
    await settle();
    expect(text(byTestId('usage-total'))).toBe('400 GB in 1,000 objects');
  });
});

describe('space settings: where they open', () => {
  it('shows each Space’s last measured size in the Spaces view, and the toolbar opens the settings', async () => {
    const be = await start(
      general({
        list_spaces: () => ({
          spaces: [
            { name: 's', created: 0, region: 'ams3', addedByName: false },
            { name: 't', created: 0, region: 'ams3', addedByName: false },
          ],
          listDenied: false,
        }),
        cached_space_usage: (a) => (a.bucket === 's' ? usageOf('', { objects: 1204, bytes: 400 * GIB }) : null),
      }),
    );
    await settle();
    expect(byTestId('spaces-view')).not.toBeNull();
    expect(be.callsOf('cached_space_usage')).toEqual([
      { accountId: 'a1', bucket: 's', prefix: '' },
      { accountId: 'a1', bucket: 't', prefix: '' },
    ]);
    // Only read from the cache: nothing is listed to measure it.
    expect(be.callsOf('space_usage')).toEqual([]);
    const sizes = $$('[data-testid="space-size"]');
    expect(sizes.map(text)).toEqual(['400 GB', '—']);
    expect(sizes[0]?.title).toMatch(/^1,204 objects, measured .+$/);
    expect(sizes[1]?.title).toBe('Not measured yet: Settings › Usage measures it');

    $('[data-testid="space-row"][data-space="t"] [data-testid="space-row-settings"]')?.click();
    await settle();
    expect(text($('[data-testid="space-settings-dialog"] h2'))).toBe('Settings — t');
    byTestId('space-settings-close')?.click();
    await settle();

    $('[data-testid="sidebar-space"][data-space="s"]')?.click();
    await settle();
    byTestId('space-settings-open')?.click();
    await settle();
    expect(text($('[data-testid="space-settings-dialog"] h2'))).toBe('Settings — s');
    // The tabs answer the arrow keys.
    $('[data-testid="space-tab"][data-tab="general"]')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    await settle();
    expect(byTestId('space-tab-panel')?.dataset.tab).toBe('usage');
    expect(document.activeElement).toBe($('[data-testid="space-tab"][data-tab="usage"]'));
  });
});

const RULE: CorsRule = {
  id: 'site',
  allowedOrigins: ['https://example.com'],
  allowedMethods: ['GET', 'HEAD'],
  allowedHeaders: ['*'],
  exposeHeaders: ['ETag'],
  maxAgeSeconds: 3000,
};

describe('space settings: CORS', () => {
  it('edits, adds and removes rules, checks each field as typed, and sends the exact rules', async () => {
    const be = await start({ ...ONE_SPACE, space_cors: () => [RULE], set_space_cors: () => null });
    await spaceMenu('s', 'space-settings');
    await openTab('cors');
    expect(be.callsOf('space_cors')).toEqual([{ accountId: 'a1', bucket: 's' }]);
    const rules = (): HTMLElement[] => $$('[data-testid="cors-rule"]');
    expect(rules().length).toBe(1);
    const field = (n: number, id: string): HTMLInputElement => rules()[n]?.querySelector(`[data-testid="${id}"]`) as HTMLInputElement;
    expect(field(0, 'cors-origins').value).toBe('https://example.com');
    expect($$('[data-testid="cors-method"]').filter((c) => (c as HTMLInputElement).checked).map((c) => c.dataset.method)).toEqual(['GET', 'HEAD']);
    expect(field(0, 'cors-max-age').value).toBe('3000');
    expect(saveOf('cors').disabled).toBe(true);

    byTestId('cors-add')?.click();
    await flush();
    expect(rules().length).toBe(2);
    // A new rule is not scolded for its blanks before it is edited.
    expect(problems('cors')).toEqual({});
    typeInto(field(1, 'cors-origins'), 'example.org');
    await flush();
    expect(problems('cors')).toEqual({
      origins: '"example.org" is not an origin: write a scheme and host, such as https://example.com (one * at most), or * for any.',
    });
    expect(saveOf('cors').disabled).toBe(true);
    typeInto(field(1, 'cors-origins'), 'https://app.example.org\nhttps://*.example.org');
    const method = (n: number, m: string): HTMLInputElement => rules()[n]?.querySelector(`[data-method="${m}"]`) as HTMLInputElement;
    method(1, 'GET').click();
    await flush();
    expect(problems('cors')).toEqual({ methods: 'Allow at least one method.' });
    method(1, 'PUT').click();
    method(1, 'POST').click();
    typeInto(field(1, 'cors-headers'), 'Content-Type, x-amz-*');
    typeInto(field(1, 'cors-expose'), 'ETag, x-*');
    typeInto(field(1, 'cors-max-age'), '1h');
    await flush();
    expect(problems('cors')).toEqual({
      expose: '"x-*" is not a header name that can be exposed (no *).',
      maxAge: 'A whole number of seconds, such as 3000.',
    });
    typeInto(field(1, 'cors-expose'), 'ETag x-amz-request-id');
    typeInto(field(1, 'cors-max-age'), '600');
    // The first rule: one more origin.
    typeInto(field(0, 'cors-origins'), 'https://example.com\n https://www.example.com ');
    await flush();
    expect(problems('cors')).toEqual({});
    saveOf('cors').click();
    await settle();
    expect(be.callsOf('set_space_cors')).toEqual([
      {
        accountId: 'a1',
        bucket: 's',
        rules: [
          { ...RULE, allowedOrigins: ['https://example.com', 'https://www.example.com'] },
          {
            id: null,
            allowedOrigins: ['https://app.example.org', 'https://*.example.org'],
            allowedMethods: ['PUT', 'POST'],
            allowedHeaders: ['Content-Type', 'x-amz-*'],
            exposeHeaders: ['ETag', 'x-amz-request-id'],
            maxAgeSeconds: 600,
          },
        ],
      },
    ]);
    expect(text(inSection('cors', 'setting-saved'))).toBe('Saved. Browsers may take a few minutes to see the change.');

    // Removing every rule removes CORS, and the button says so.
    $$('[data-testid="cors-remove"]').forEach((b) => b.click());
    await flush();
    expect(text(byTestId('cors-none'))).toBe('No CORS rules: browsers may not call this Space from other websites.');
    expect(text(saveOf('cors'))).toBe('Save (removes CORS)');
    saveOf('cors').click();
    await settle();
    expect(be.callsOf('set_space_cors')[1]).toEqual({ accountId: 'a1', bucket: 's', rules: [] });
  });

  it('checks a blank new rule on Save and sends nothing; shows a refusal of the server', async () => {
    const be = await start({
      ...ONE_SPACE,
      space_cors: () => [],
      set_space_cors: () => {
        throw { kind: 'InvalidInput', message: 'CORS rule 1: the server refused it.' };
      },
    });
    await spaceMenu('s', 'space-settings');
    await openTab('cors');
    byTestId('cors-add')?.click();
    await flush();
    saveOf('cors').click();
    await settle();
    expect(problems('cors')).toEqual({ origins: 'Give at least one origin, such as https://example.com or *.' });
    expect(be.callsOf('set_space_cors')).toEqual([]);
    typeInto(byTestId('cors-origins'), '*');
    await flush();
    saveOf('cors').click();
    await settle();
    expect(be.callsOf('set_space_cors')[0]?.rules).toEqual([
      { id: null, allowedOrigins: ['*'], allowedMethods: ['GET'], allowedHeaders: [], exposeHeaders: [], maxAgeSeconds: null },
    ]);
    expect(inSection('cors', 'setting-save-error')?.dataset.kind).toBe('InvalidInput');
    expect(text(inSection('cors', 'setting-save-error'))).toBe('CORS rule 1: the server refused it.');
  });
});

describe('space settings: lifecycle', () => {
  it('adds a rule, checks its days, keeps a rule it cannot edit, and sends the exact rules', async () => {
    const kept: LifecycleRule = {
      id: 'archive',
      enabled: true,
      prefix: 'old/',
      expireDays: null,
      abortIncompleteUploadDays: null,
      noncurrentExpireDays: null,
      otherParts: ['transitions'],
    };
    const be = await start({ ...ONE_SPACE, space_lifecycle: () => [kept], set_space_lifecycle: () => null });
    await spaceMenu('s', 'space-settings');
    await openTab('lifecycle');
    expect(text(byTestId('lifecycle-kept'))).toBe(
      '“archive” on old/ has parts Spaceport does not edit (transitions): it is kept exactly as it is.',
    );
    byTestId('lifecycle-add')?.click();
    await flush();
    const rule = $$('[data-testid="lifecycle-rule"]')[1]!;
    const days = (field: string): HTMLInputElement => rule.querySelector(`[data-field="${field}"]`) as HTMLInputElement;
    expect(days('abortDays').value).toBe('7');
    typeInto(rule.querySelector('[data-testid="lifecycle-prefix"]'), 'logs/');
    typeInto(days('expireDays'), '0');
    await flush();
    expect(problems('lifecycle')).toEqual({ expireDays: 'A whole number of days, from 1.' });
    expect(saveOf('lifecycle').disabled).toBe(true);
    typeInto(days('expireDays'), '2.5');
    await flush();
    expect(problems('lifecycle')).toEqual({ expireDays: 'A whole number of days, from 1.' });
    typeInto(days('expireDays'), '');
    typeInto(days('abortDays'), '');
    await flush();
    expect(problems('lifecycle')).toEqual({
      rule: 'Say what it does: expire objects, abort unfinished uploads, or remove older versions, after a number of days.',
    });
    typeInto(days('expireDays'), '30');
    typeInto(days('abortDays'), '3');
    typeInto(rule.querySelector('[data-testid="lifecycle-id"]'), 'archive');
    await flush();
    expect(problems('lifecycle')).toEqual({ id: 'Rule 1 has the same ID: each rule needs its own.' });
    typeInto(rule.querySelector('[data-testid="lifecycle-id"]'), 'logs');
    await flush();
    expect(problems('lifecycle')).toEqual({});
    saveOf('lifecycle').click();
    await settle();
    expect(be.callsOf('set_space_lifecycle')).toEqual([
      {
        accountId: 'a1',
        bucket: 's',
        rules: [
          kept,
          { id: 'logs', enabled: true, prefix: 'logs/', expireDays: 30, abortIncompleteUploadDays: 3, noncurrentExpireDays: null, otherParts: [] },
        ],
      },
    ]);
    expect(text(inSection('lifecycle', 'setting-saved'))).toBe('Saved. The server applies lifecycle rules about once a day.');
  });
});

describe('space settings: policy', () => {
  it('checks the JSON as it is typed and sends it as written', async () => {
    const be = await start({ ...ONE_SPACE, space_policy: () => null, set_space_policy: () => null });
    await spaceMenu('s', 'space-settings');
    await openTab('policy');
    const area = byTestId('policy-text') as HTMLTextAreaElement;
    expect(area.value).toBe('');
    expect(saveOf('policy').disabled).toBe(true);
    typeInto(area, '{"Statement": [');
    await flush();
    expect(text(byTestId('policy-problem'))).toMatch(/^The policy is not valid JSON: .+\.$/);
    expect(area.getAttribute('aria-invalid')).toBe('true');
    expect(saveOf('policy').disabled).toBe(true);
    typeInto(area, '[]');
    await flush();
    expect(text(byTestId('policy-problem'))).toBe('The policy is not valid: it must be a JSON object, { ... }.');
    typeInto(area, '{"Version": "2012-10-17"}');
    await flush();
    expect(text(byTestId('policy-problem'))).toBe('The policy is not valid: it needs a "Statement": one statement or a list of them.');
    typeInto(area, '{"Statement": {"Effect": "Allow", "Action": "s3:GetObject"}}');
    await flush();
    expect(text(byTestId('policy-problem'))).toBe(
      'The policy is not valid: statement 1: it needs a "Resource", such as "arn:aws:s3:::my-space/*".',
    );
    typeInto(area, '{"Statement": [{"Effect": "Maybe"}]}');
    await flush();
    expect(text(byTestId('policy-problem'))).toBe('The policy is not valid: statement 1: "Effect" must be "Allow" or "Deny".');
    byTestId('policy-template')?.click();
    await flush();
    expect(byTestId('policy-problem')).toBeNull();
    expect(JSON.parse(area.value)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::s/*'] }],
    });
    saveOf('policy').click();
    await settle();
    expect(be.callsOf('set_space_policy')).toEqual([{ accountId: 'a1', bucket: 's', policy: area.value }]);
    expect(text(inSection('policy', 'setting-saved'))).toBe('Saved.');

    typeInto(area, '  ');
    await flush();
    expect(text(byTestId('policy-remove-note'))).toBe('Saving an empty policy removes it.');
    expect(text(saveOf('policy'))).toBe('Remove the policy');
    saveOf('policy').click();
    await settle();
    expect(be.callsOf('set_space_policy')[1]).toEqual({ accountId: 'a1', bucket: 's', policy: null });
  });

  it('says clearly where the server has no bucket policies (Unsupported)', async () => {
    await start({
      ...ONE_SPACE,
      space_policy: () => {
        throw { kind: 'Unsupported', message: 'This server does not support bucket policies. DigitalOcean Spaces does; other S3-compatible servers may not.' };
      },
    });
    await spaceMenu('s', 'space-settings');
    await openTab('policy');
    const notice = inSection('policy', 'setting-unsupported');
    expect(notice?.dataset.kind).toBe('Unsupported');
    expect(text(notice)).toBe(
      'Not available on this server. This server does not support bucket policies. DigitalOcean Spaces does; other S3-compatible servers may not. Spaceport can set bucket policies where the server supports them, as DigitalOcean Spaces does.',
    );
    expect(byTestId('policy-text')).toBeNull();
  });
});

describe('space settings: logging', () => {
  it('turns access logging on into a Space and prefix, then off', async () => {
    const be = await start({ ...ONE_SPACE, space_logging: () => null, set_space_logging: () => null });
    await spaceMenu('s', 'space-settings');
    await openTab('logging');
    expect(byTestId('logging-target')).toBeNull();
    byTestId('logging-enabled')?.click();
    await flush();
    expect((byTestId('logging-target') as HTMLInputElement).value).toBe('s');
    expect((byTestId('logging-prefix') as HTMLInputElement).value).toBe('logs/');
    typeInto(byTestId('logging-target'), '');
    await flush();
    expect(text(byTestId('logging-problem'))).toBe('Choose the Space the logs are written to.');
    expect(saveOf('logging').disabled).toBe(true);
    typeInto(byTestId('logging-target'), 'audit');
    typeInto(byTestId('logging-prefix'), 's-logs/');
    await flush();
    saveOf('logging').click();
    await settle();
    expect(be.callsOf('set_space_logging')).toEqual([{ accountId: 'a1', bucket: 's', target: { targetBucket: 'audit', targetPrefix: 's-logs/' } }]);
    byTestId('logging-enabled')?.click();
    await flush();
    saveOf('logging').click();
    await settle();
    expect(be.callsOf('set_space_logging')[1]).toEqual({ accountId: 'a1', bucket: 's', target: null });
    expect(text(inSection('logging', 'setting-saved'))).toBe('Logging is off.');
  });
});
