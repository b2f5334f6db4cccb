// The window title while transfers run, so progress shows in the taskbar and window switcher.
import { plural } from '../format';
import type { Totals } from './book';

export const APP_TITLE = 'Spaceport';

/** Whole percent of the bytes through; never 100 before every byte is. */
export function percentDone(totals: Pick<Totals, 'bytes' | 'doneBytes'>): number {
  if (totals.bytes <= 0) return 0;
  return Math.min(100, Math.floor((totals.doneBytes / totals.bytes) * 100));
}

/** "Spaceport — 42% (3 transfers)" while anything is queued or running, else "Spaceport". */
export function windowTitle(totals: Totals): string {
  if (totals.active === 0) return APP_TITLE;
  return `${APP_TITLE} — ${percentDone(totals)}% (${plural(totals.active, 'transfer', 'transfers')})`;
}
