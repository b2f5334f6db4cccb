// Spaces management as the user starts it: create, destroy, the Settings view (with its
// storage usage), a file's versions; and what the sidebar and Spaces view show after.
import type { SpaceInfo } from '../bindings/SpaceInfo';
import { spacesOf, type FolderLocation } from '../browse/location';
import { browser } from '../stores/browser.svelte';
import { dialogs } from '../stores/dialogs.svelte';
import { leftovers } from '../stores/leftovers.svelte';
import { session } from '../stores/session.svelte';
import { toasts } from '../stores/toasts.svelte';
import { openSpace } from '../actions';
import { forgetUsage } from './usage.svelte';

/** The parts of a Space's Settings view, in their order. */
export const SPACE_TABS = ['general', 'usage', 'cors', 'lifecycle', 'policy', 'logging'] as const;
export type SpaceTab = (typeof SPACE_TABS)[number];

export function openCreateSpace(accountId: string): void {
  dialogs.open({ kind: 'createSpace', accountId });
}

export function openDestroySpace(accountId: string, bucket: string): void {
  dialogs.open({ kind: 'destroySpace', accountId, bucket });
}

export function openSpaceSettings(accountId: string, bucket: string, tab: SpaceTab = 'general'): void {
  dialogs.open({ kind: 'spaceSettings', accountId, bucket, tab });
}

export function openVersions(loc: FolderLocation, key: string): void {
  dialogs.open({ kind: 'versions', accountId: loc.accountId, bucket: loc.bucket, key });
}

/** A new Space: listed in the sidebar (even before the server's list shows it), then opened. */
export async function spaceCreated(accountId: string, space: SpaceInfo): Promise<void> {
  session.expanded[accountId] = true;
  await session.refreshSpaces(accountId);
  const state = session.spaces[accountId];
  if (state?.list && !state.list.spaces.some((s) => s.name === space.name)) {
    state.list.spaces = [...state.list.spaces, space].sort((a, b) => (a.name < b.name ? -1 : 1));
  }
  openSpace(accountId, space.name);
  toasts.info(`Created the Space "${space.name}".`);
}

/** A destroyed Space leaves the sidebar; a view inside it goes back to the account's Spaces. */
export async function spaceDestroyed(accountId: string, bucket: string): Promise<void> {
  leftovers.forgetSpace(accountId, bucket);
  forgetUsage(accountId, bucket);
  const loc = browser.location;
  if (loc?.kind === 'folder' && loc.accountId === accountId && loc.bucket === bucket) void browser.core.open(spacesOf(accountId));
  const state = session.spaces[accountId];
  if (state?.list) state.list.spaces = state.list.spaces.filter((s) => s.name !== bucket);
  await session.refreshSpaces(accountId);
}
