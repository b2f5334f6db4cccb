// The Spaces-management entries of the action list (row, empty-space and toolbar menus):
// a file's versions, the deleted files of a folder, and the Space's settings. The App
// imports this module once, which registers them.
import { registerAction, type ActionTarget, type ObjectAction } from '../objects/actions';
import { openSpaceSettings, openVersions } from './actions';
import { deletedView } from './deleted.svelte';

const oneFile = (t: ActionTarget): boolean => t.items.length === 1 && t.files === 1;

const entries: ObjectAction[] = [
  {
    id: 'versions',
    label: 'Versions…',
    section: 'details',
    order: 4,
    enabled: oneFile,
    run: (t) => openVersions(t.loc, t.items[0] ?? ''),
  },
  {
    id: 'showDeleted',
    label: 'Show deleted files',
    section: 'folder',
    order: 5,
    enabled: () => !deletedView.on,
    run: () => deletedView.set(true),
  },
  {
    id: 'hideDeleted',
    label: 'Hide deleted files',
    section: 'folder',
    order: 5,
    enabled: () => deletedView.on,
    run: () => deletedView.set(false),
  },
  {
    id: 'spaceSettings',
    label: 'Space settings…',
    section: 'folder',
    order: 10,
    enabled: () => true,
    run: (t) => openSpaceSettings(t.loc.accountId, t.loc.bucket),
  },
];

for (const a of entries) registerAction(a);
