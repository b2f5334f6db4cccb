// Development only: object details, permissions, metadata, search and share links for the
// mock backend (mock.ts), so the Info panel and its dialogs can be seen in a plain browser.
import type { Entry } from '../lib/bindings/Entry';
import type { ListEvent } from '../lib/bindings/ListEvent';
import type { ObjectAcl } from '../lib/bindings/ObjectAcl';
import type { ObjectInfo } from '../lib/bindings/ObjectInfo';
import type { ShareLink } from '../lib/bindings/ShareLink';
import type { SpacePrefs } from '../lib/bindings/SpacePrefs';

interface ChannelLike {
  id: number;
}

interface TauriInternals {
  runCallback: (id: number, data: unknown) => void;
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const acls = new Map<string, ObjectAcl>();
const prefs = new Map<string, SpacePrefs>();
let links: ShareLink[] = [];

function aclOf(key: string): ObjectAcl {
  return acls.get(key) ?? (/\.(png|jpe?g)$/i.test(key) ? 'publicRead' : 'private');
}

function info(bucket: string, key: string): ObjectInfo {
  const enc = key.split('/').map(encodeURIComponent).join('/');
  const p = prefs.get(bucket);
  return {
    key,
    size: 48_213,
    lastModified: Date.UTC(2026, 10, 22, 14, 3),
    etag: '9b2cf535f27731c974343645a3985328',
    storageClass: 'STANDARD',
    contentType: /\.(png)$/i.test(key) ? 'image/png' : 'text/plain',
    acl: aclOf(key),
    headers: { 'content-type': 'text/plain', 'cache-control': 'max-age=86400', 'x-amz-meta-owner': 'ana' },
    originUrl: `https://${bucket}.ams3.digitaloceanspaces.com/${enc}`,
    cdnUrl: p?.cdnEnabled ? `https://${p.cdnDomain ?? `${bucket}.ams3.cdn.digitaloceanspaces.com`}/${enc}` : null,
  };
}

function link(a: Record<string, unknown>, kind: ShareLink['kind'], secs: number | null): ShareLink {
  const key = a.key as string;
  const now = Date.now();
  const url = `https://${a.bucket as string}.ams3.digitaloceanspaces.com/${encodeURIComponent(key)}`;
  const l: ShareLink = {
    id: Math.random().toString(36).slice(2),
    accountId: a.accountId as string,
    bucket: a.bucket as string,
    key,
    url: secs === null ? url : `${url}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=${secs}&X-Amz-Signature=f00d`,
    kind,
    createdAt: now,
    expiresAt: secs === null ? null : now + secs * 1000,
    curl: kind === 'upload' ? `curl --fail -X PUT --upload-file '${key.split('/').pop() ?? key}' '${url}?X-Amz-Expires=${secs ?? 0}'` : null,
  };
  links = [l, ...links];
  return l;
}

async function search(channel: ChannelLike, text: string): Promise<void> {
  const internals = (window as unknown as { __TAURI_INTERNALS__: TauriInternals }).__TAURI_INTERNALS__;
  let index = 0;
  const send = (message: ListEvent): void => internals.runCallback(channel.id, { index: index++, message });
  let found = 0;
  for (let p = 0; p < 5; p++) {
    await delay(400);
    const entries: Entry[] = [0, 1, 2].map((i) => {
      const key = `2024 reports/q${p + 1}/${text} ${p * 3 + i}.pdf`;
      return { key, name: key, kind: 'file', size: 10_000 * (i + 1), lastModified: Date.now(), etag: null, storageClass: 'STANDARD' };
    });
    found += entries.length;
    send({ event: 'page', entries });
  }
  send({ event: 'done', folders: 0, files: found, bytes: 0 });
}

/** Answers the commands it knows; `handled` false for the rest. */
export async function handleDetails(cmd: string, a: Record<string, unknown>): Promise<{ handled: boolean; value?: unknown }> {
  switch (cmd) {
    case 'object_acls':
      await delay(200);
      return { handled: true, value: (a.keys as string[]).map((key) => ({ key, acl: aclOf(key) })) };
    case 'object_info':
      await delay(120);
      return { handled: true, value: info(a.bucket as string, a.key as string) };
    case 'object_preview':
      await delay(200);
      return {
        handled: true,
        value: { kind: 'text', text: 'Quarterly numbers\n=================\n\nRevenue   1,204\nCosts       880\n', truncated: false },
      };
    case 'search_space':
      return { handled: true, value: await search(a.onEvent as ChannelLike, a.text as string) };
    case 'quick_share':
      await delay(150);
      return { handled: true, value: aclOf(a.key as string) === 'publicRead' ? link(a, 'public', null) : link(a, 'presigned', a.expiresSecs as number) };
    case 'upload_link':
      await delay(150);
      return { handled: true, value: link(a, 'upload', a.expiresSecs as number) };
    case 'share_history':
      return { handled: true, value: links.filter((l) => l.accountId === a.accountId) };
    case 'forget_share':
      links = links.filter((l) => l.id !== a.id);
      return { handled: true, value: null };
    case 'clear_share_history': {
      const before = links.length;
      const cut = a.expiredBefore as number | null;
      links = links.filter((l) => l.accountId !== a.accountId || (cut !== null && (l.expiresAt === null || l.expiresAt > cut)));
      return { handled: true, value: before - links.length };
    }
    case 'space_prefs':
      return { handled: true, value: prefs.get(a.bucket as string) ?? { cdnEnabled: false, cdnDomain: null } };
    case 'set_space_prefs':
      prefs.set(a.bucket as string, a.prefs as SpacePrefs);
      return { handled: true, value: a.prefs };
    case 'set_acl':
      for (const k of a.items as string[]) acls.set(k, a.acl as ObjectAcl);
      return { handled: false };
    default:
      return { handled: false };
  }
}
