// Which modal dialog is open; one at a time, like a desktop app's sheets.
import type { Account } from '../bindings/Account';
import type { DownloadSelection } from '../bindings/DownloadSelection';
import type { ObjectAcl } from '../bindings/ObjectAcl';
import type { FolderLocation } from '../browse/location';
import type { BulkOp } from '../objects/ops.svelte';
import type { SpaceTab } from '../spaces/actions';
import type { LeftoverSpace } from './leftovers.svelte';
import type { StagedBatch } from './staged.svelte';

export type Dialog =
  | { kind: 'account'; account: Account | null }
  | { kind: 'addSpace'; accountId: string }
  | { kind: 'settings' }
  | { kind: 'upload'; batch: StagedBatch }
  | { kind: 'download'; accountId: string; bucket: string; selection: DownloadSelection[]; dest: string }
  /** Unfinished uploads left on the server: of one Space, or (scope null) all found so far. */
  | { kind: 'leftovers'; scope: LeftoverSpace | null }
  /** Quick Share of one file. */
  | { kind: 'share'; accountId: string; bucket: string; key: string }
  | { kind: 'shareHistory'; accountId: string }
  /** A signed PUT link for a new file in `prefix`. */
  | { kind: 'uploadLink'; accountId: string; bucket: string; prefix: string }
  /** The Space's CDN settings share links use. */
  | { kind: 'cdn'; accountId: string; bucket: string }
  /** Make files (folders: everything under them) public or private. */
  | { kind: 'permissions'; accountId: string; bucket: string; items: string[]; acl: ObjectAcl }
  | { kind: 'meta'; accountId: string; bucket: string; items: string[] }
  /** Delete the selection: counted, confirmed, then deleted with progress and a failure list. */
  | { kind: 'delete'; loc: FolderLocation; items: string[] }
  /** Move or copy the selection into a folder (of any Space or account) chosen in the dialog. */
  | { kind: 'relocate'; mode: 'move' | 'copy'; loc: FolderLocation; items: string[] }
  /** Spaces management: make a Space, destroy one, its Settings view, a file's versions. */
  | { kind: 'createSpace'; accountId: string }
  | { kind: 'destroySpace'; accountId: string; bucket: string }
  | { kind: 'spaceSettings'; accountId: string; bucket: string; tab: SpaceTab }
  | { kind: 'versions'; accountId: string; bucket: string; key: string }
  /** Folder sync: a new pair's form; a pair's plan (previewed on open) to start it. */
  | { kind: 'syncSetup' }
  | { kind: 'syncPlan'; pairId: string }
  /** Delete the files under a folder older than some days: preview, confirm, run. */
  | { kind: 'cleanup'; accountId: string; bucket: string; prefix: string }
  /** A long action's progress (shown after a second), then what failed. */
  | { kind: 'op'; op: BulkOp }
  | {
      kind: 'confirm';
      title: string;
      message: string;
      okLabel: string;
      danger: boolean;
      onConfirm: () => Promise<void>;
    };

class Dialogs {
  current = $state<Dialog | null>(null);

  open(d: Dialog): void {
    this.current = d;
  }

  close(): void {
    this.current = null;
  }
}

export const dialogs = new Dialogs();
