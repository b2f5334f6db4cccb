// The only module that talks to Tauri. Each command is a typed function; every rejection
// becomes an AppError so callers can branch on `kind` and show `message` as written.
import { Channel, invoke, isTauri } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { getCurrentWindow, ProgressBarStatus } from '@tauri-apps/api/window';
import { open as openDialog, save as saveDialog } from '@tauri-apps/plugin-dialog';
import type { Account } from './bindings/Account';
import type { AccessLogging } from './bindings/AccessLogging';
import type { AccountDraft } from './bindings/AccountDraft';
import type { AppInfo } from './bindings/AppInfo';
import type { CleanupPreview } from './bindings/CleanupPreview';
import type { CleanupRule } from './bindings/CleanupRule';
import type { ConflictPolicy } from './bindings/ConflictPolicy';
import type { ConnectionReport } from './bindings/ConnectionReport';
import type { CorsRule } from './bindings/CorsRule';
import type { DeletedFile } from './bindings/DeletedFile';
import type { Destination } from './bindings/Destination';
import type { DestroyReport } from './bindings/DestroyReport';
import type { DownloadSelection } from './bindings/DownloadSelection';
import type { ErrorKind } from './bindings/ErrorKind';
import type { Existing } from './bindings/Existing';
import type { FileListing } from './bindings/FileListing';
import type { InterruptedTransfer } from './bindings/InterruptedTransfer';
import type { KeyAcl } from './bindings/KeyAcl';
import type { LastLocation } from './bindings/LastLocation';
import type { LeftoverUpload } from './bindings/LeftoverUpload';
import type { LifecycleRule } from './bindings/LifecycleRule';
import type { ListEvent } from './bindings/ListEvent';
import type { MetaPatch } from './bindings/MetaPatch';
import type { MetaSummary } from './bindings/MetaSummary';
import type { NewSyncPair } from './bindings/NewSyncPair';
import type { NewSpace } from './bindings/NewSpace';
import type { ObjectAcl } from './bindings/ObjectAcl';
import type { ObjectInfo } from './bindings/ObjectInfo';
import type { ObjectVersion } from './bindings/ObjectVersion';
import type { OpProgress } from './bindings/OpProgress';
import type { OpReport } from './bindings/OpReport';
import type { Preview } from './bindings/Preview';
import type { SelectionCount } from './bindings/SelectionCount';
import type { ShareLink } from './bindings/ShareLink';
import type { Settings } from './bindings/Settings';
import type { SpaceContents } from './bindings/SpaceContents';
import type { SpaceInfo } from './bindings/SpaceInfo';
import type { SpacePrefs } from './bindings/SpacePrefs';
import type { SpaceList } from './bindings/SpaceList';
import type { SpaceUrls } from './bindings/SpaceUrls';
import type { SpaceUsage } from './bindings/SpaceUsage';
import type { StagedFile } from './bindings/StagedFile';
import type { SyncPairState } from './bindings/SyncPairState';
import type { SyncPlan } from './bindings/SyncPlan';
import type { TransferInfo } from './bindings/TransferInfo';
import type { UploadOptions } from './bindings/UploadOptions';
import type { Versioning } from './bindings/Versioning';

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
  /** The control panel's "begins with" filter, applied by the server (a full key finds its file). */
  filter?: string | null;
}

/** Resolves once the listing finished (after its `done` event was sent), rejects on failure. */
export function listFolder(args: ListFolderArgs): Promise<void> {
  const onEvent = new Channel<ListEvent>(args.onEvent);
  return call('list_folder', {
    accountId: args.accountId,
    bucket: args.bucket,
    prefix: args.prefix,
    filter: args.filter ?? null,
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

// ---- Transfers ----

/** Dropped or picked paths as files to upload; a folder becomes `prefix/FOLDER/...`. */
export function stageUpload(paths: string[], prefix: string): Promise<StagedFile[]> {
  return call('stage_upload', { paths, prefix });
}

export interface StartUploadsArgs {
  accountId: string;
  bucket: string;
  files: StagedFile[];
  options: UploadOptions;
  conflict: ConflictPolicy;
}

/** Queues one transfer per file left after the conflict policy; resolves with their ids. */
export function startUploads(args: StartUploadsArgs): Promise<number[]> {
  return call('start_uploads', { ...args });
}

export interface StartDownloadsArgs {
  accountId: string;
  bucket: string;
  selection: DownloadSelection[];
  dest: string;
  conflict: ConflictPolicy;
}

/** Folders are downloaded recursively, keeping their structure under `dest`. */
export function startDownloads(args: StartDownloadsArgs): Promise<number[]> {
  return call('start_downloads', { ...args });
}

export function listTransfers(): Promise<TransferInfo[]> {
  return call('list_transfers');
}

export function pauseTransfer(id: number): Promise<void> {
  return call('pause_transfer', { id });
}

/** Resumes a paused transfer, or retries a failed or cancelled one. */
export function resumeTransfer(id: number): Promise<void> {
  return call('resume_transfer', { id });
}

export function cancelTransfer(id: number): Promise<void> {
  return call('cancel_transfer', { id });
}

/** Drops done and cancelled transfers. The backend sends no event for it: list again. */
export function clearFinishedTransfers(): Promise<void> {
  return call('clear_finished_transfers');
}

// ---- Preferences (src-tauri/src/commands/prefs.rs) ----

/** The saved preferences (in range; the defaults where none are saved). */
export function preferences(): Promise<Settings> {
  return call('preferences');
}

/**
 * Save the preferences; running transfers follow the new limits at once, the log level
 * applies from the next start. Numbers out of range are brought into range (resolves with
 * what was kept); text that cannot be used rejects with an InvalidInput.
 */
export function setPreferences(settings: Settings): Promise<Settings> {
  return call('set_preferences', { settings });
}

/** The folder last opened, to open again at start (null: none). */
export function lastLocation(): Promise<LastLocation | null> {
  return call('last_location');
}

/** Remember the folder just opened; null forgets it. */
export function setLastLocation(location: LastLocation | null): Promise<void> {
  return call('set_last_location', { location });
}

/** Show the log folder in the system's file manager. */
export function openLogFolder(): Promise<void> {
  return call('open_log_folder');
}

// ---- Recovery: interrupted transfers and leftover multipart uploads ----

/** Transfers a crash, quit or restart interrupted (from the on-disk journal), not in the live list. */
export function interruptedTransfers(): Promise<InterruptedTransfer[]> {
  return call('interrupted_transfers');
}

/** Queue an interrupted transfer again (it continues from the parts already moved); the new transfer's id. */
export function resumeInterrupted(id: string): Promise<number> {
  return call('resume_interrupted', { id });
}

/** Abort its multipart upload on the server or delete its partial download, and forget it. */
export function discardInterrupted(id: string): Promise<void> {
  return call('discard_interrupted', { id });
}

/** Unfinished multipart uploads in a Space that no journal here knows about (billed until aborted). */
export function findLeftoverUploads(accountId: string, bucket: string): Promise<LeftoverUpload[]> {
  return call('find_leftover_uploads', { accountId, bucket });
}

/** Abort them; one already gone counts as done. Every one is tried; rejects with the first failure. */
export function abortLeftoverUploads(accountId: string, uploads: LeftoverUpload[]): Promise<void> {
  return call('abort_leftover_uploads', { accountId, uploads });
}

/** Every change of any transfer, app-wide. Resolves with the function that stops listening. */
export function onTransfer(handler: (info: TransferInfo) => void): Promise<() => void> {
  return listenTo('transfer', handler);
}

/** An app-wide broadcast's payloads; resolves with the function that stops listening. */
async function listenTo<T>(event: string, handler: (payload: T) => void): Promise<() => void> {
  try {
    const unlisten = await listen<T>(event, (e) => handler(e.payload));
    return () => void unlisten();
  } catch (err) {
    throw toAppError(err);
  }
}

// ---- Native dialogs ----

/** Files to upload, from the system's Open dialog; empty when the user cancelled. */
export async function pickFiles(): Promise<string[]> {
  return pickMany({ multiple: true, title: 'Upload files' });
}

/** Folders to upload (each one with everything inside it); empty when cancelled. */
export async function pickFolders(): Promise<string[]> {
  return pickMany({ directory: true, multiple: true, title: 'Upload folders' });
}

async function pickMany(options: { multiple: true; directory?: true; title: string }): Promise<string[]> {
  try {
    const picked = await openDialog(options);
    return picked ?? [];
  } catch (err) {
    throw toAppError(err);
  }
}

/** A folder to download into; null when the user cancelled. */
export async function pickFolder(title: string): Promise<string | null> {
  try {
    return await openDialog({ directory: true, title });
  } catch (err) {
    throw toAppError(err);
  }
}

// ---- The window ----

export type FileDragEvent =
  | { type: 'enter' | 'over'; x: number; y: number }
  | { type: 'drop'; paths: string[]; x: number; y: number }
  | { type: 'leave' };

/**
 * Files dragged from the OS over the window. Tauri reports physical pixels from the
 * webview's corner; handlers get CSS pixels, ready for `document.elementFromPoint`.
 * Outside the real app (tests, the mock build) nothing is ever dragged in.
 */
export async function onFileDrag(handler: (e: FileDragEvent) => void): Promise<() => void> {
  if (!isTauri()) return () => {};
  const unlisten = await getCurrentWebview().onDragDropEvent(({ payload }) => {
    if (payload.type === 'leave') {
      handler({ type: 'leave' });
      return;
    }
    const { x, y } = payload.position.toLogical(window.devicePixelRatio || 1);
    if (payload.type === 'drop') handler({ type: 'drop', paths: payload.paths, x, y });
    else handler({ type: payload.type, x, y });
  });
  return () => void unlisten();
}

/** The OS window's title (taskbar, window switcher); document.title alone is not shown. */
export async function setWindowTitle(title: string): Promise<void> {
  if (!isTauri()) return;
  try {
    await getCurrentWindow().setTitle(title);
  } catch {
    // A title is cosmetic: a refused permission must not disturb the transfers it reports.
  }
}

/** The taskbar / dock progress indicator: a percentage, or null to hide it. */
export async function setWindowProgress(percent: number | null): Promise<void> {
  if (!isTauri()) return;
  try {
    await getCurrentWindow().setProgressBar(
      percent === null ? { status: ProgressBarStatus.None } : { status: ProgressBarStatus.Normal, progress: percent },
    );
  } catch {
    // Not every desktop shows one (and the permission may be withheld): the title still tells.
  }
}

// ---- Object details, permissions, metadata and share links ----

/** A bulk action on a selection: `items` are file keys and folder prefixes (recursive). */
export interface OpArgs {
  accountId: string;
  bucket: string;
  items: string[];
  /** Lets `cancelOp` stop it. */
  opId: string;
  onProgress: (p: OpProgress) => void;
}

function opArgs(args: OpArgs): Record<string, unknown> {
  return { ...args, onProgress: new Channel<OpProgress>(args.onProgress) };
}

export function cancelOp(opId: string): Promise<void> {
  return call('cancel_op', { opId });
}

/** How many files and folders a selection holds, folders counted to the last key under them. */
export function countSelection(args: OpArgs): Promise<SelectionCount> {
  return call('count_selection', opArgs(args));
}

/** Delete files, and folders with every key under them (DeleteObjects, 1,000 a call). */
export function deleteItems(args: OpArgs): Promise<OpReport> {
  return call('delete_items', opArgs(args));
}

/** Make the folder `name` in `parent` (a zero-byte `name/` marker); resolves with its prefix. */
export function createFolder(accountId: string, bucket: string, parent: string, name: string): Promise<string> {
  return call('create_folder', { accountId, bucket, parent, name });
}

/** Rename one file or folder (a folder: every key under it) within its folder. */
export function renameItem(
  args: Omit<OpArgs, 'items'> & { item: string; newName: string },
): Promise<OpReport> {
  return call('rename_item', { ...args, onProgress: new Channel<OpProgress>(args.onProgress) });
}

/** The selected folders that already exist in `dest` (a move or copy asks to merge them). */
export function foldersInTheWay(items: string[], dest: Destination): Promise<string[]> {
  return call('folders_in_the_way', { items, dest });
}

/** Copy (or, with `removeSource`, move) the items into `dest`: another folder, Space or account. */
export function relocateItems(
  args: OpArgs & { dest: Destination; removeSource: boolean; existing: Existing },
): Promise<OpReport> {
  return call('relocate_items', opArgs(args));
}

/** Make files public or private; folders count as every file under them. */
export function setAcl(args: OpArgs & { acl: ObjectAcl }): Promise<OpReport> {
  return call('set_acl', opArgs(args));
}

/** The permission of each file (for the rows on screen); `acl` null where it could not be read. */
export function objectAcls(accountId: string, bucket: string, keys: string[]): Promise<KeyAcl[]> {
  return call('object_acls', { accountId, bucket, keys });
}

/** The headers of a selection: the common value of each, or null where they differ. */
export function metaSummary(args: OpArgs): Promise<MetaSummary> {
  return call('meta_summary', opArgs(args));
}

/** Apply an edit to every file of a selection, keeping each one's ACL and other headers. */
export function setMeta(args: OpArgs & { patch: MetaPatch }): Promise<OpReport> {
  return call('set_meta', opArgs(args));
}

export function objectInfo(accountId: string, bucket: string, key: string): Promise<ObjectInfo> {
  return call('object_info', { accountId, bucket, key });
}

/** The start of a text file or a small image, or why there is no preview. */
export function objectPreview(
  accountId: string,
  bucket: string,
  key: string,
  size: number,
  contentType: string | null,
): Promise<Preview> {
  return call('object_preview', { accountId, bucket, key, size, contentType });
}

export interface SearchArgs {
  accountId: string;
  bucket: string;
  prefix: string;
  text: string;
  listingId: string;
  onEvent: (event: ListEvent) => void;
}

/** Keys under `prefix` whose name contains `text`, streamed as pages; `cancelListing` stops it. */
export function searchSpace(args: SearchArgs): Promise<void> {
  return call('search_space', { ...args, onEvent: new Channel<ListEvent>(args.onEvent) });
}

/** A file's public (or CDN) URL when it is public, else a link signed for `expiresSecs`. */
export function quickShare(accountId: string, bucket: string, key: string, expiresSecs: number): Promise<ShareLink> {
  return call('quick_share', { accountId, bucket, key, expiresSecs });
}

/** A signed PUT link to `key`, with the curl command that uploads a file through it. */
export function uploadLink(
  accountId: string,
  bucket: string,
  key: string,
  expiresSecs: number,
  contentType: string | null,
): Promise<ShareLink> {
  return call('upload_link', { accountId, bucket, key, expiresSecs, contentType });
}

export function shareHistory(accountId: string): Promise<ShareLink[]> {
  return call('share_history', { accountId });
}

export function forgetShare(id: string): Promise<void> {
  return call('forget_share', { id });
}

/** Forget an account's links: all of them, or (with a time) those expired before it. */
export function clearShareHistory(accountId: string, expiredBefore: number | null): Promise<number> {
  return call('clear_share_history', { accountId, expiredBefore });
}

export function spacePrefs(accountId: string, bucket: string): Promise<SpacePrefs> {
  return call('space_prefs', { accountId, bucket });
}

export function setSpacePrefs(accountId: string, bucket: string, prefs: SpacePrefs): Promise<SpacePrefs> {
  return call('set_space_prefs', { accountId, bucket, prefs });
}

/** Open a link in the system's browser; false when there is no way to here (tests, the mock build). */
export async function openUrl(url: string): Promise<boolean> {
  if (!isTauri()) return false;
  await call('plugin:opener|open_url', { url });
  return true;
}

// ---- Spaces management (src-tauri/src/commands/buckets.rs) ----
// Long actions take an op id (`cancelOp` stops them) and a progress listener, as object actions do.

/** A long Space action: `opId` for `cancelOp`, and its progress as it goes. */
export interface SpaceOpArgs {
  accountId: string;
  bucket: string;
  opId: string;
  onProgress: (p: OpProgress) => void;
}

/** Every field of `args` (those beside SpaceOpArgs too), the listener as a Channel. */
function spaceOpArgs(args: SpaceOpArgs): Record<string, unknown> {
  return { ...args, onProgress: new Channel<OpProgress>(args.onProgress) };
}

/** Make a Space (in `space.region`, or the account's); a taken name rejects with kind Conflict. */
export function createSpace(accountId: string, space: NewSpace): Promise<SpaceInfo> {
  return call('create_space', { accountId, space });
}

/** What the Space holds (files, older versions, delete markers, unfinished uploads), listed to the end. */
export function countSpaceContents(args: SpaceOpArgs): Promise<SpaceContents> {
  return call('count_space_contents', spaceOpArgs(args));
}

/** Destroy the Space; with `force`, first delete every object, version and unfinished upload in it. */
/** `expected` is the count the user confirmed: the Space is not emptied if it holds more by now. */
export function destroySpace(
  args: SpaceOpArgs & { force: boolean; expected: SpaceContents | null },
): Promise<DestroyReport> {
  return call('destroy_space', spaceOpArgs(args));
}

/** Measure the objects and bytes under `prefix` ("" for the whole Space) by listing them; the result is cached. */
export function spaceUsage(args: SpaceOpArgs & { prefix: string }): Promise<SpaceUsage> {
  return call('space_usage', spaceOpArgs(args));
}

/** The last measure of a Space or folder, with its time; null when never measured. */
export function cachedSpaceUsage(accountId: string, bucket: string, prefix: string): Promise<SpaceUsage | null> {
  return call('cached_space_usage', { accountId, bucket, prefix });
}

export function spaceUrls(accountId: string, bucket: string): Promise<SpaceUrls> {
  return call('space_urls', { accountId, bucket });
}

export function spaceFileListing(accountId: string, bucket: string): Promise<FileListing> {
  return call('space_file_listing', { accountId, bucket });
}

export function setSpaceFileListing(accountId: string, bucket: string, listing: FileListing): Promise<void> {
  return call('set_space_file_listing', { accountId, bucket, listing });
}

export function spaceCors(accountId: string, bucket: string): Promise<CorsRule[]> {
  return call('space_cors', { accountId, bucket });
}

/** Replace the CORS rules; an empty list removes CORS. */
export function setSpaceCors(accountId: string, bucket: string, rules: CorsRule[]): Promise<void> {
  return call('set_space_cors', { accountId, bucket, rules });
}

export function spaceLifecycle(accountId: string, bucket: string): Promise<LifecycleRule[]> {
  return call('space_lifecycle', { accountId, bucket });
}

/** Replace the lifecycle rules; an empty list removes them. */
export function setSpaceLifecycle(accountId: string, bucket: string, rules: LifecycleRule[]): Promise<void> {
  return call('set_space_lifecycle', { accountId, bucket, rules });
}

export function spaceVersioning(accountId: string, bucket: string): Promise<Versioning> {
  return call('space_versioning', { accountId, bucket });
}

export function setSpaceVersioning(accountId: string, bucket: string, versioning: Versioning): Promise<void> {
  return call('set_space_versioning', { accountId, bucket, versioning });
}

/** The bucket policy as pretty JSON; null when there is none. */
export function spacePolicy(accountId: string, bucket: string): Promise<string | null> {
  return call('space_policy', { accountId, bucket });
}

/** Replace the policy; null removes it. */
export function setSpacePolicy(accountId: string, bucket: string, policy: string | null): Promise<void> {
  return call('set_space_policy', { accountId, bucket, policy });
}

/** Where access logs go; null when logging is off. */
export function spaceLogging(accountId: string, bucket: string): Promise<AccessLogging | null> {
  return call('space_logging', { accountId, bucket });
}

/** Send access logs to `target`, or (null) stop logging. */
export function setSpaceLogging(accountId: string, bucket: string, target: AccessLogging | null): Promise<void> {
  return call('set_space_logging', { accountId, bucket, target });
}

/** Every version of a file, newest first, delete markers included. */
export function listVersions(accountId: string, bucket: string, key: string): Promise<ObjectVersion[]> {
  return call('list_versions', { accountId, bucket, key });
}

/** Copy a version over the latest (a new version); resolves with the new latest version's id. */
export function restoreVersion(accountId: string, bucket: string, key: string, versionId: string): Promise<string | null> {
  return call('restore_version', { accountId, bucket, key, versionId });
}

/** Delete one version (or delete marker) for good. */
export function deleteVersion(accountId: string, bucket: string, key: string, versionId: string): Promise<void> {
  return call('delete_version', { accountId, bucket, key, versionId });
}

/** Save one version to `dest`; resolves with the bytes written. */
export function downloadVersion(
  accountId: string,
  bucket: string,
  key: string,
  versionId: string,
  dest: string,
): Promise<number> {
  return call('download_version', { accountId, bucket, key, versionId, dest });
}

/** Files directly in the folder whose latest version is a delete marker. */
export function deletedFiles(accountId: string, bucket: string, prefix: string): Promise<DeletedFile[]> {
  return call('deleted_files', { accountId, bucket, prefix });
}

/** Bring deleted files back by deleting their delete markers. */
export function undeleteFiles(args: SpaceOpArgs & { files: DeletedFile[] }): Promise<OpReport> {
  return call('undelete_files', spaceOpArgs(args));
}

/** Where to save a file, from the system's Save dialog; null when the user cancelled. */
export async function pickSavePath(title: string, defaultPath: string): Promise<string | null> {
  try {
    return await saveDialog({ title, defaultPath });
  } catch (err) {
    throw toAppError(err);
  }
}

// ---- Folder sync and the cleanup rule (src-tauri/src/commands/sync.rs) ----

export function listSyncPairs(): Promise<SyncPairState[]> {
  return call('list_sync_pairs');
}

/** Save a new pair (the folder must exist); it waits in Setup until its plan is agreed to. */
export function addSyncPair(pair: NewSyncPair): Promise<SyncPairState> {
  return call('add_sync_pair', { pair });
}

/** What the pair's sync would do now, compared without changing anything; `cancelOp` stops it. */
export function previewSyncPair(args: { pairId: string; opId: string; onProgress: (p: OpProgress) => void }): Promise<SyncPlan> {
  return call('preview_sync_pair', { ...args, onProgress: new Channel<OpProgress>(args.onProgress) });
}

/** Run the plan last previewed, then watch the folder; Conflict when no plan was previewed. */
export function startSyncPair(pairId: string): Promise<void> {
  return call('start_sync_pair', { pairId });
}

export function pauseSyncPair(pairId: string): Promise<void> {
  return call('pause_sync_pair', { pairId });
}

/** Watch again, catching up on what changed while paused. */
export function resumeSyncPair(pairId: string): Promise<void> {
  return call('resume_sync_pair', { pairId });
}

/** Stop and forget the pair; nothing in the Space or the folder is touched. */
export function removeSyncPair(pairId: string): Promise<void> {
  return call('remove_sync_pair', { pairId });
}

/** Every `sync` broadcast: a pair's state each time it changes. Resolves with a stop function. */
export function onSync(handler: (state: SyncPairState) => void): Promise<() => void> {
  return listenTo('sync', handler);
}

/** A cleanup's arguments: the account, the rule, and an op id with its progress. */
export interface CleanupArgs {
  accountId: string;
  rule: CleanupRule;
  opId: string;
  onProgress: (p: OpProgress) => void;
}

/** What the rule would delete now (oldest first, at most 1,000 named), and its cutoff. */
export function previewCleanup(args: CleanupArgs): Promise<CleanupPreview> {
  return call('preview_cleanup', { ...args, onProgress: new Channel<OpProgress>(args.onProgress) });
}

/** Delete what the preview with `cutoffMs` showed (only files still older than it). */
export function runCleanup(args: CleanupArgs & { cutoffMs: number }): Promise<OpReport> {
  return call('run_cleanup', { ...args, onProgress: new Channel<OpProgress>(args.onProgress) });
}
