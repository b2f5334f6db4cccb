// Remembers the folder last opened (in the config dir, through the backend) so the next start
// opens it again; session.load does the reopening. Called on every change of the browser,
// it writes only when the folder is another one.
import * as ipc from '../ipc';
import type { Location } from './location';

let remembered = '';

export function rememberLocation(loc: Location | null): void {
  if (loc === null || loc.kind !== 'folder') return;
  const { accountId, bucket, prefix } = loc;
  const key = JSON.stringify([accountId, bucket, prefix]);
  if (key === remembered) return;
  remembered = key;
  // Best effort: a folder not remembered only means the next start opens the Spaces list.
  ipc.setLastLocation({ accountId, bucket, prefix }).catch(() => {
    remembered = '';
  });
}
