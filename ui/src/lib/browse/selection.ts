// Keyboard movement through a list of `total` rows, `page` of which fit on screen.

export type Move = 'up' | 'down' | 'home' | 'end' | 'pageUp' | 'pageDown';

export function moveIndex(current: number, move: Move, total: number, page: number): number {
  if (total <= 0) return -1;
  const last = total - 1;
  const step = Math.max(1, page - 1);
  if (current < 0) return move === 'end' ? last : 0;
  switch (move) {
    case 'up':
      return Math.max(0, current - 1);
    case 'down':
      return Math.min(last, current + 1);
    case 'home':
      return 0;
    case 'end':
      return last;
    case 'pageUp':
      return Math.max(0, current - step);
    case 'pageDown':
      return Math.min(last, current + step);
  }
}

const KEYS: Record<string, Move> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  Home: 'home',
  End: 'end',
  PageUp: 'pageUp',
  PageDown: 'pageDown',
};

export function moveForKey(key: string): Move | null {
  return KEYS[key] ?? null;
}
