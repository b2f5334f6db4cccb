// Info panel, Quick Share, share history and upload links, clicked through the whole App
// over the scripted backend.
import { beforeEach, describe, expect, it } from 'vitest';
import type { ShareLink } from './lib/bindings/ShareLink';
import { file, folder, flush } from './test/backend';
import { $, $$, byTestId, type, useApp } from './test/app';
import { fakeClipboard, objectInfoOf, ONE_SPACE, openSpace, selectRow, settle, text } from './test/objects';

const start = useApp();
// The Info panel remembers whether it was open.
beforeEach(() => localStorage.clear());
const KEY = 'docs/a b+c%#?.txt';

function link(over: Partial<ShareLink> = {}): ShareLink {
  return {
    id: 'L1',
    accountId: 'a1',
    bucket: 's',
    key: KEY,
    url: 'https://s.example/x?X-Amz-Expires=21600',
    kind: 'presigned',
    createdAt: Date.now(),
    expiresAt: Date.now() + 21600_000,
    curl: null,
    ...over,
  };
}

function key(k: string, mods: KeyboardEventInit = {}, target: EventTarget = window): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...mods }));
}

describe('info panel', () => {
  it('toggles with Ctrl+I and Space, reads the selected file and its preview', async () => {
    const be = await start({
      ...ONE_SPACE,
      object_info: (a) => objectInfoOf(a.key as string),
      object_preview: () => ({ kind: 'text', text: 'hello there', truncated: false }),
    });
    await openSpace(be, [folder('docs/', 'sub'), file('docs/', 'a b+c%#?.txt', 2048)]);
    expect(byTestId('info-panel')).toBeNull();
    key('i', { ctrlKey: true });
    await flush();
    expect(text(byTestId('info-empty'))).toBe('Select a file to see its details.');

    await selectRow('docs/sub/');
    expect(text(byTestId('info-empty'))).toMatch(/A folder has no details/);
    await selectRow(KEY);
    await settle(200);
    expect(be.callsOf('object_info')).toEqual([{ accountId: 'a1', bucket: 's', key: KEY }]);
    expect(text(byTestId('info-name'))).toBe('a b+c%#?.txt');
    expect(text(byTestId('info-size'))).toBe('2.0 KB (2,048 bytes)');
    expect(text(byTestId('info-etag'))).toBe('"abc123"');
    expect(byTestId('info-acl')?.dataset.acl).toBe('private');
    expect(text(byTestId('info-content-type'))).toBe('text/plain');
    expect($$('[data-testid="info-meta-value"]').map((e) => [e.dataset.name, text(e)])).toEqual([
      ['cache-control', 'max-age=60'],
      ['x-amz-meta-owner', 'jo'],
    ]);
    expect(be.callsOf('object_preview')).toEqual([{ accountId: 'a1', bucket: 's', key: KEY, size: 2048, contentType: 'text/plain' }]);
    expect(text(byTestId('info-preview-text'))).toBe('hello there');

    // Space on the table hides it again.
    key(' ', {}, byTestId('file-table')!);
    await flush();
    expect(byTestId('info-panel')).toBeNull();
  });

  it('shows a read failure as written', async () => {
    const be = await start({
      ...ONE_SPACE,
      object_info: () => {
        throw { kind: 'AccessDenied', message: 'This key may not read that file.' };
      },
    });
    await openSpace(be, [file('', 'x.txt')]);
    byTestId('info-toggle')?.click();
    await selectRow('x.txt');
    await settle(200);
    expect(text(byTestId('info-error'))).toBe('This key may not read that file.');
  });
});

describe('quick share', () => {
  it('makes a 6-hour link, copies it and shows its expiry in local time', async () => {
    const clip = fakeClipboard();
    const be = await start({ ...ONE_SPACE, quick_share: () => link() });
    await openSpace(be, [file('docs/', 'a b+c%#?.txt')]);
    await selectRow(KEY);
    byTestId('share-open')?.click();
    await settle();
    expect(byTestId('share-dialog')).not.toBeNull();
    type('share-duration', '21600');
    await flush();
    byTestId('share-create')?.click();
    await settle();
    expect(be.callsOf('quick_share')).toEqual([{ accountId: 'a1', bucket: 's', key: KEY, expiresSecs: 21600 }]);
    expect((byTestId('share-url') as HTMLInputElement).value).toBe('https://s.example/x?X-Amz-Expires=21600');
    expect(text(byTestId('share-expiry'))).toMatch(/Valid until .* \(local time\)\./);
    const { lastCopiedText } = await import('./lib/objects/share');
    expect(lastCopiedText()).toBe('https://s.example/x?X-Amz-Expires=21600');
    expect(clip).toEqual(['https://s.example/x?X-Amz-Expires=21600']);
    expect(text(byTestId('share-expiry'))).toMatch(/^Copied to the clipboard\./);
  });

  it('refuses a custom duration over 7 days before asking', async () => {
    const be = await start({ ...ONE_SPACE, quick_share: () => link() });
    await openSpace(be, [file('', 'x.txt')]);
    await selectRow('x.txt');
    byTestId('share-open')?.click();
    await settle();
    type('share-duration', 'custom');
    await flush();
    type('share-custom-unit', 'days');
    type('share-custom-amount', '8');
    await flush();
    expect(text(byTestId('share-duration-error'))).toBe('A link can last at most 7 days.');
    expect((byTestId('share-create') as HTMLButtonElement).disabled).toBe(true);
    expect(be.callsOf('quick_share')).toEqual([]);
  });

  it('Ctrl+C on a file copies a 1-hour link; a public file gives its public URL', async () => {
    const clip = fakeClipboard();
    const be = await start({ ...ONE_SPACE, quick_share: () => link({ kind: 'public', expiresAt: null, url: 'https://s.ams3.digitaloceanspaces.com/x.txt' }) });
    await openSpace(be, [file('', 'x.txt')]);
    await selectRow('x.txt');
    key('c', { ctrlKey: true }, byTestId('file-table')!);
    await settle();
    expect(be.callsOf('quick_share')).toEqual([{ accountId: 'a1', bucket: 's', key: 'x.txt', expiresSecs: 3600 }]);
    expect(text(byTestId('toast'))).toContain('Copied the public URL of "a b+c%#?.txt".');
    expect(clip).toEqual(['https://s.ams3.digitaloceanspaces.com/x.txt']);
  });
});

describe('share history', () => {
  it('lists links with a countdown, forgets one and clears the expired', async () => {
    const now = Date.now();
    let links = [
      link({ id: 'L1', expiresAt: now + (5 * 3600 + 12 * 60 + 30) * 1000 }),
      link({ id: 'L2', kind: 'public', expiresAt: null, createdAt: now - 1000 }),
      link({ id: 'L3', expiresAt: now - 1000, createdAt: now - 2000 }),
    ];
    const be = await start({
      ...ONE_SPACE,
      share_history: () => links,
      forget_share: (a) => {
        links = links.filter((l) => l.id !== a.id);
        return null;
      },
      clear_share_history: () => {
        links = links.filter((l) => l.expiresAt === null || l.expiresAt > Date.now());
        return 1;
      },
    });
    await openSpace(be, [file('', 'x.txt')]);
    byTestId('share-history-open')?.click();
    await settle();
    const expiries = () => $$('[data-testid="share-history-expiry"]').map(text);
    expect(expiries()).toEqual(['expires in 5 h 12 min', 'never expires', 'expired']);
    byTestId('share-history-clear-expired')?.click();
    await settle();
    expect(be.callsOf('clear_share_history')[0]?.accountId).toBe('a1');
    expect(typeof be.callsOf('clear_share_history')[0]?.expiredBefore).toBe('number');
    expect(expiries()).toEqual(['expires in 5 h 12 min', 'never expires']);
    $('[data-testid="share-history-row"][data-id="L2"] [data-testid="share-history-forget"]')?.click();
    await settle();
    expect(be.callsOf('forget_share')).toEqual([{ id: 'L2' }]);
    expect($$('[data-testid="share-history-row"]').map((r) => r.dataset.id)).toEqual(['L1']);
  });
});

describe('upload link', () => {
  it('asks for a name in the current folder and shows the URL and curl command', async () => {
    const be = await start({
      ...ONE_SPACE,
      upload_link: (a) => link({ kind: 'upload', key: a.key as string, url: 'https://put', curl: "curl --fail -X PUT --upload-file 'r.pdf' 'https://put'" }),
    });
    await openSpace(be, [file('', 'x.txt')]);
    const { runAction } = await import('./lib/objects/actions');
    expect(runAction('uploadLink')).toBe(true);
    await settle();
    byTestId('upload-link-create')?.click();
    await settle();
    expect(text(byTestId('upload-link-name-error'))).toBe('Type the name the uploaded file will get.');
    type('upload-link-name', 'r.pdf');
    type('upload-link-type', 'application/pdf');
    await flush();
    byTestId('upload-link-create')?.click();
    await settle();
    expect(be.callsOf('upload_link')).toEqual([{ accountId: 'a1', bucket: 's', key: 'r.pdf', expiresSecs: 86400, contentType: 'application/pdf' }]);
    expect((byTestId('upload-link-curl') as HTMLTextAreaElement).value).toBe("curl --fail -X PUT --upload-file 'r.pdf' 'https://put'");
  });
});
