// New folder, rename, delete and move/copy as the user starts them: the inline name editor's
// state, the long-running part of a rename (shown in a dialog once it passes a second), and
// the openers of the delete and move/copy dialogs.
import type { OpReport } from '../bindings/OpReport';
import type { SelectionCount } from '../bindings/SelectionCount';
import { sameLocation, type FolderLocation } from '../browse/location';
import * as ipc from '../ipc';
import { browser } from '../stores/browser.svelte';
import { dialogs } from '../stores/dialogs.svelte';
import { baseName, describeItems, isFolderKey, nameProblem, parentPrefix } from './names';
import { OpRun } from './opRun.svelte';

/** How long an action may run before its progress is shown. */
export const PROGRESS_AFTER_MS = 1000;

/** A bulk action shown in a dialog: the run (progress, Stop), then its report. */
export class BulkOp {
  report = $state<OpReport | null>(null);

  constructor(
    /** "Renaming “photos”" */
    readonly title: string,
    /** Heads the failure list: "could not be renamed". */
    readonly failedHeading: string,
    readonly run: OpRun,
  ) {}
}

export type EditMode = 'newFolder' | 'rename';

/** The name being typed in the table: a new folder's (a row at the top) or a rename's. */
class InlineEdit {
  mode = $state<EditMode | null>(null);
  /** The renamed row's key. */
  key = $state<string | null>(null);
  name = $state('');
  /** The server's answer to the last attempt (a name taken, a refusal). */
  error = $state<string | null>(null);
  busy = $state(false);
  #loc: FolderLocation | null = null;

  get what(): 'file' | 'folder' {
    return this.mode === 'newFolder' || (this.key !== null && isFolderKey(this.key)) ? 'folder' : 'file';
  }

  /** What is wrong with the name as typed (checked before anything is sent). */
  get problem(): string | null {
    return nameProblem(this.name, this.what);
  }

  startNewFolder(loc: FolderLocation): void {
    this.#begin('newFolder', loc, null, freeName(loc.prefix, 'New folder'));
  }

  startRename(loc: FolderLocation, key: string): void {
    this.#begin('rename', loc, key, baseName(key));
  }

  setName(name: string): void {
    this.name = name;
    this.error = null;
  }

  cancel(): void {
    if (this.busy) return;
    this.mode = null;
    this.key = null;
    this.error = null;
    this.#loc = null;
  }

  /** Enter: make the folder or rename; errors stay beside the field. */
  async commit(): Promise<void> {
    const loc = this.#loc;
    if (this.busy || loc === null || this.problem !== null) return;
    if (this.mode === 'newFolder') await this.#createFolder(loc);
    else if (this.mode === 'rename' && this.key !== null) await this.#rename(loc, this.key);
  }

  #begin(mode: EditMode, loc: FolderLocation, key: string | null, name: string): void {
    if (this.busy) return;
    this.#loc = loc;
    this.mode = mode;
    this.key = key;
    this.name = name;
    this.error = null;
  }

  #finish(loc: FolderLocation, select: string): void {
    this.busy = false;
    this.mode = null;
    this.key = null;
    this.#loc = null;
    refreshAfter(loc, select);
  }

  async #createFolder(loc: FolderLocation): Promise<void> {
    this.busy = true;
    try {
      const prefix = await ipc.createFolder(loc.accountId, loc.bucket, loc.prefix, this.name);
      this.#finish(loc, prefix);
    } catch (err) {
      this.busy = false;
      this.error = ipc.toAppError(err).message;
    }
  }

  async #rename(loc: FolderLocation, key: string): Promise<void> {
    const name = this.name;
    const folder = isFolderKey(key);
    if (name === baseName(key)) {
      this.cancel();
      return;
    }
    const run = new OpRun({ listing: 'Listing what to rename', copying: 'Renaming…', deleting: 'Removing the old names' });
    const op = new BulkOp(`Renaming “${baseName(key)}” to “${name}”`, 'could not be renamed', run);
    this.busy = true;
    const shown = setTimeout(() => {
      if (run.state === 'running') dialogs.open({ kind: 'op', op });
    }, PROGRESS_AFTER_MS);
    const report = await run.run((opId, onProgress) =>
      ipc.renameItem({ accountId: loc.accountId, bucket: loc.bucket, item: key, newName: name, opId, onProgress }),
    );
    clearTimeout(shown);
    const inDialog = dialogs.current?.kind === 'op' && dialogs.current.op === op;
    if (run.state === 'failed') {
      // Nothing was renamed (a name taken, no access): say so beside the name.
      if (inDialog) dialogs.close();
      this.busy = false;
      this.error = run.error?.message ?? 'The rename failed.';
      return;
    }
    op.report = report;
    const renamed = `${parentPrefix(key)}${name}${folder ? '/' : ''}`;
    if (report && (report.failed.length > 0 || report.cancelled)) {
      if (!inDialog) dialogs.open({ kind: 'op', op });
    } else if (inDialog) {
      dialogs.close();
    }
    this.#finish(loc, run.state === 'cancelled' ? key : renamed);
  }
}

export const inlineEdit = new InlineEdit();

/** After a change in `loc`: list it again if it is still on screen, selecting `select` (null: nothing). */
export function refreshAfter(loc: FolderLocation, select: string | null): void {
  if (!sameLocation(browser.location, loc)) return;
  browser.core.select(select);
  void browser.core.refresh();
}

/** "New folder", or "New folder 2", ... where the name is taken in the rows shown. */
function freeName(prefix: string, base: string): string {
  const taken = (n: string): boolean => browser.rows.has(`${prefix}${n}/`) || browser.rows.has(`${prefix}${n}`);
  if (!taken(base)) return base;
  for (let i = 2; ; i++) if (!taken(`${base} ${i}`)) return `${base} ${i}`;
}

export function openDelete(loc: FolderLocation, items: string[]): void {
  if (items.length === 0) return;
  dialogs.open({ kind: 'delete', loc, items });
}

export function openRelocate(mode: 'move' | 'copy', loc: FolderLocation, items: string[]): void {
  if (items.length === 0) return;
  dialogs.open({ kind: 'relocate', mode, loc, items });
}

/**
 * The delete confirmation: "Delete 3 files and 2 folders? 1,204 objects in all will be
 * deleted. This cannot be undone." A single file is named.
 */
export function deleteQuestion(items: readonly string[], count: SelectionCount): string {
  const only = items.length === 1 ? items[0] : undefined;
  const what =
    only === undefined
      ? describeItems(count.files, count.folders)
      : isFolderKey(only)
        ? `the folder “${baseName(only)}”`
        : `“${baseName(only)}”`;
  const objects =
    count.folders === 0
      ? ''
      : count.objects === 0
        ? ` ${count.folders === 1 ? 'The folder is' : 'The folders are'} empty.`
        : count.objects === 1
          ? ' 1 object will be deleted.'
          : ` ${count.objects.toLocaleString('en-US')} objects in all will be deleted.`;
  return `Delete ${what}?${objects} This cannot be undone.`;
}
