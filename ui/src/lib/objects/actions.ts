// The actions on the selection (and on the folder's background), as one list: the row menu,
// the empty-space menu, the toolbar and the keyboard all read it, so an action is offered,
// enabled and run the same way wherever it is started. Each action says for which selections
// it applies, as the DigitalOcean control panel does: folders can be moved, copied and deleted,
// but have no metadata or permissions of their own.
//
// Other features add their own entries with `registerAction` (from their module, which the
// App imports), e.g. { id: 'metadata', section: 'details', enabled: (t) => t.folders === 0, ... }.
import type { MenuItem } from '../../components/Menu.svelte';
import type { FolderLocation } from '../browse/location';
import { refreshView } from '../actions';
import { browser } from '../stores/browser.svelte';
import { downloadSelected, uploadFiles, uploadFolder } from '../transferActions';
import { folderHere } from './info.svelte';
import { isFolderKey } from './names';
import { inlineEdit, openDelete, openRelocate } from './ops.svelte';

/** What an action acts on: the folder on screen and the chosen rows (none: the background). */
export interface ActionTarget {
  loc: FolderLocation;
  items: string[];
  files: number;
  folders: number;
}

/**
 * Sections of the menus, in order; a line separates them. 'folder' entries act on the folder
 * itself and show in the empty-space menu; the others need a selection.
 */
export const SECTIONS = ['open', 'transfer', 'share', 'details', 'organize', 'danger', 'folder'] as const;
export type ActionSection = (typeof SECTIONS)[number];

export interface ObjectAction {
  /** Unique; the menu item's data-testid is `action-<id>`. */
  id: string;
  label: string;
  section: ActionSection;
  /** Order inside its section (lower first); 0 when not given. */
  order?: number;
  /** The key that runs it, as shown beside it in the menu. */
  keys?: string;
  danger?: boolean;
  /** Offered for this selection (for 'folder' entries: in this folder). */
  enabled: (t: ActionTarget) => boolean;
  run: (t: ActionTarget) => void;
}

const mac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
const mod = mac ? '⌘' : 'Ctrl+';

const registry = new Map<string, ObjectAction>();

/** Add an action, or replace the one with the same id. */
export function registerAction(action: ObjectAction): void {
  registry.set(action.id, action);
}

export function targetOf(loc: FolderLocation, items: string[]): ActionTarget {
  let folders = 0;
  for (const i of items) if (isFolderKey(i)) folders++;
  return { loc, items, files: items.length - folders, folders };
}

/** The selection on screen as actions take it; null outside a folder. */
export function currentTarget(): ActionTarget | null {
  const loc = folderHere();
  return loc ? targetOf(loc, browser.selectedItems) : null;
}

/** The entries for a menu: on a selection, or (no items) on the folder's background, in order. */
export function actionsFor(t: ActionTarget): ObjectAction[] {
  const background = t.items.length === 0;
  const rank = (a: ObjectAction): number => SECTIONS.indexOf(a.section) * 1000 + (a.order ?? 0);
  return Array.from(registry.values())
    .filter((a) => (a.section === 'folder') === background && a.enabled(t))
    .sort((a, b) => rank(a) - rank(b));
}

/** Whether an action applies to the current selection (toolbar buttons, keyboard). */
export function canRun(id: string): boolean {
  const a = registry.get(id);
  const t = currentTarget();
  if (!a || !t) return false;
  return a.section === 'folder' ? a.enabled(t) : t.items.length > 0 && a.enabled(t);
}

/** Run an action on the current selection if it applies; true when it ran. */
export function runAction(id: string): boolean {
  const a = registry.get(id);
  const t = currentTarget();
  if (!a || !t || !canRun(id)) return false;
  a.run(t);
  return true;
}

const some = (t: ActionTarget): boolean => t.items.length > 0;
const one = (t: ActionTarget): boolean => t.items.length === 1;

for (const a of [
  {
    id: 'open',
    label: 'Open',
    section: 'open',
    keys: 'Enter',
    enabled: (t) => one(t) && t.folders === 1,
    run: () => void browser.core.openSelected(),
  },
  { id: 'download', label: 'Download…', section: 'transfer', enabled: some, run: () => void downloadSelected() },
  {
    id: 'rename',
    label: 'Rename',
    section: 'organize',
    keys: 'F2',
    enabled: one,
    run: (t) => inlineEdit.startRename(t.loc, t.items[0] ?? ''),
  },
  { id: 'move', label: 'Move to…', section: 'organize', order: 1, enabled: some, run: (t) => openRelocate('move', t.loc, t.items) },
  { id: 'copy', label: 'Copy to…', section: 'organize', order: 2, enabled: some, run: (t) => openRelocate('copy', t.loc, t.items) },
  {
    id: 'delete',
    label: 'Delete…',
    section: 'danger',
    keys: mac ? '⌘⌫' : 'Delete',
    danger: true,
    enabled: some,
    run: (t) => openDelete(t.loc, t.items),
  },
  {
    id: 'newFolder',
    label: 'New folder',
    section: 'folder',
    keys: `${mod}${mac ? '⇧N' : 'Shift+N'}`,
    enabled: () => true,
    run: (t) => inlineEdit.startNewFolder(t.loc),
  },
  { id: 'uploadFiles', label: 'Upload files…', section: 'folder', order: 1, keys: `${mod}U`, enabled: () => true, run: () => void uploadFiles() },
  { id: 'uploadFolder', label: 'Upload a folder…', section: 'folder', order: 2, enabled: () => true, run: () => void uploadFolder() },
  { id: 'refresh', label: 'Refresh', section: 'folder', order: 9, keys: 'F5', enabled: () => true, run: refreshView },
] satisfies ObjectAction[]) {
  registerAction(a);
}

/** The menu entries for a target, a line between sections. */
export function menuFor(t: ActionTarget): MenuItem[] {
  let last: ActionSection | null = null;
  return actionsFor(t).map((a) => {
    const item: MenuItem = {
      label: a.label,
      testid: `action-${a.id}`,
      danger: a.danger,
      hint: a.keys,
      separated: last !== null && a.section !== last,
      action: () => a.run(t),
    };
    last = a.section;
    return item;
  });
}
