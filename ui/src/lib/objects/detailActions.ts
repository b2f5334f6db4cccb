// The object-details entries of the action list (row menu, empty-space menu, toolbar menu):
// Info, Quick Share, permissions and metadata for a selection, and an upload link for the
// folder. The App imports this module once, which registers them.
import { dialogs } from '../stores/dialogs.svelte';
import { registerAction, type ActionTarget, type ObjectAction } from './actions';
import { infoPanel } from './info.svelte';

const mac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
const some = (t: ActionTarget): boolean => t.items.length > 0;
const oneFile = (t: ActionTarget): boolean => t.items.length === 1 && t.files === 1;

function where(t: ActionTarget): { accountId: string; bucket: string } {
  return { accountId: t.loc.accountId, bucket: t.loc.bucket };
}

const entries: ObjectAction[] = [
  {
    id: 'quickShare',
    label: 'Quick Share…',
    section: 'share',
    keys: mac ? '⌘C copies a link' : 'Ctrl+C copies a link',
    enabled: oneFile,
    run: (t) => dialogs.open({ kind: 'share', ...where(t), key: t.items[0] ?? '' }),
  },
  { id: 'info', label: 'Info', section: 'details', keys: 'Space', enabled: some, run: () => infoPanel.set(true) },
  {
    id: 'makePublic',
    label: 'Make public…',
    section: 'details',
    order: 1,
    enabled: some,
    run: (t) => dialogs.open({ kind: 'permissions', ...where(t), items: t.items, acl: 'publicRead' }),
  },
  {
    id: 'makePrivate',
    label: 'Make private…',
    section: 'details',
    order: 2,
    enabled: some,
    run: (t) => dialogs.open({ kind: 'permissions', ...where(t), items: t.items, acl: 'private' }),
  },
  {
    id: 'metadata',
    label: 'Metadata…',
    section: 'details',
    order: 3,
    enabled: some,
    run: (t) => dialogs.open({ kind: 'meta', ...where(t), items: t.items }),
  },
  {
    id: 'uploadLink',
    label: 'Upload link…',
    section: 'folder',
    order: 3,
    enabled: () => true,
    run: (t) => dialogs.open({ kind: 'uploadLink', ...where(t), prefix: t.loc.prefix }),
  },
];

for (const a of entries) registerAction(a);
