// What each transfer state allows, in one place for the rows, the header and the title.
import type { TransferState } from '../bindings/TransferState';

export type StateName = TransferState['state'];

export const STATE_NAMES: readonly StateName[] = ['queued', 'running', 'paused', 'done', 'failed', 'cancelled'];

/** Moving or waiting to move: what "transfers running" in the title counts. */
export function isActive(s: StateName): boolean {
  return s === 'queued' || s === 'running';
}

export function canPause(s: StateName): boolean {
  return s === 'queued' || s === 'running';
}

/** Resume a paused item, or retry a failed or cancelled one: the backend treats them alike. */
export function canResume(s: StateName): boolean {
  return s === 'paused' || s === 'failed' || s === 'cancelled';
}

export function canCancel(s: StateName): boolean {
  return s === 'queued' || s === 'running' || s === 'paused';
}

/** Gone for good until retried: its bytes no longer count toward the totals. */
export function isDropped(s: StateName): boolean {
  return s === 'cancelled';
}
