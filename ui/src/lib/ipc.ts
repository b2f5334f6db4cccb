// The only module that talks to Tauri. Each command is a typed function; every rejection
// becomes an AppError so callers can branch on `kind` and show `message` as written.
import { Channel, invoke } from '@tauri-apps/api/core';
import type { Account } from './bindings/Account';
import type { AccountDraft } from './bindings/AccountDraft';
import type { AppInfo } from './bindings/AppInfo';
import type { ConnectionReport } from './bindings/ConnectionReport';
import type { ErrorKind } from './bindings/ErrorKind';
import type { ListEvent } from './bindings/ListEvent';
import type { SpaceList } from './bindings/SpaceList';

const ERROR_KINDS: readonly ErrorKind[] = [
  'InvalidInput',
  'AuthFailed',
  'AccessDenied',
  'NotFound',
  'Conflict',
  'RateLimited',
  'Network',
  'Cancelled',
  'Io',
  'Keychain',
  'Unsupported',
  'Internal',
];

export class AppError extends Error {
  readonly kind: ErrorKind;

  constructor(kind: ErrorKind, message: string) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
  }
}

function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && (ERROR_KINDS as readonly string[]).includes(value);
}

/** Turn whatever a command rejected with into an AppError; unknown shapes are Internal. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (typeof err === 'object' && err !== null) {
    const { kind, message } = err as { kind?: unknown; message?: unknown };
    if (isErrorKind(kind) && typeof message === 'string') return new AppError(kind, message);
    if (err instanceof Error) return new AppError('Internal', err.message);
  }
  if (typeof err === 'string' && err.length > 0) return new AppError('Internal', err);
  return new AppError('Internal', 'Something went wrong inside Spaceport. Try again.');
}

export function isCancelled(err: unknown): boolean {
  return err instanceof AppError && err.kind === 'Cancelled';
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (err) {
    throw toAppError(err);
  }
}

export function appInfo(): Promise<AppInfo> {
  return call('app_info');
}

export function listAccounts(): Promise<Account[]> {
  return call('list_accounts');
}

/** `accountId` is set when editing with the secret left blank: the stored secret is used. */
export function testConnection(draft: AccountDraft, accountId: string | null): Promise<ConnectionReport> {
  return call('test_connection', { draft, accountId });
}

export function addAccount(draft: AccountDraft): Promise<Account> {
  return call('add_account', { draft });
}

/** An empty `draft.secretKey` keeps the stored secret. */
export function updateAccount(id: string, draft: AccountDraft): Promise<Account> {
  return call('update_account', { id, draft });
}

export function removeAccount(id: string): Promise<void> {
  return call('remove_account', { id });
}

export function addSpace(accountId: string, space: string): Promise<Account> {
  return call('add_space', { accountId, space });
}

export function forgetSpace(accountId: string, space: string): Promise<Account> {
  return call('forget_space', { accountId, space });
}

export function listSpaces(accountId: string): Promise<SpaceList> {
  return call('list_spaces', { accountId });
}

export interface ListFolderArgs {
  accountId: string;
  bucket: string;
  prefix: string;
  listingId: string;
  onEvent: (event: ListEvent) => void;
}

/** Resolves once the listing finished (after its `done` event was sent), rejects on failure. */
export function listFolder(args: ListFolderArgs): Promise<void> {
  const onEvent = new Channel<ListEvent>(args.onEvent);
  return call('list_folder', {
    accountId: args.accountId,
    bucket: args.bucket,
    prefix: args.prefix,
    listingId: args.listingId,
    onEvent,
  });
}

export function cancelListing(listingId: string): Promise<void> {
  return call('cancel_listing', { listingId });
}

export function newListingId(): string {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = c.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
