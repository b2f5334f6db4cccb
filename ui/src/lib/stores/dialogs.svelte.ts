// Which modal dialog is open; one at a time, like a desktop app's sheets.
import type { Account } from '../bindings/Account';
import type { DownloadSelection } from '../bindings/DownloadSelection';
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
