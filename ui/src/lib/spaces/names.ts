// The rules for naming a new Space, checked as the user types, with the core's sentences
// (src-tauri/core/src/buckets/names.rs): Spaces allows 3–63 lowercase letters, digits and
// dashes, starting and ending with a letter or digit; other S3 servers also allow dots.
// Whether a name is free is only known by trying: the server answers Conflict.
import type { Account } from '../bindings/Account';

const MIN = 3;
const MAX = 63;

/** Whether the account is DigitalOcean Spaces (its naming rules and regions). */
export function isSpacesAccount(account: Account | undefined): boolean {
  return account?.provider.type === 'digitalocean';
}

const edgeOk = (c: string | undefined): boolean => c !== undefined && /^[a-z0-9]$/.test(c);

/** What is wrong with `name` as a new Space's name, or null when it follows the rules. */
export function newSpaceNameProblem(name: string, spaces: boolean): string | null {
  const chars = Array.from(name);
  if (chars.length < MIN) return `A Space name needs at least ${MIN} characters.`;
  if (chars.length > MAX) return `A Space name has at most ${MAX} characters (${chars.length} now).`;
  const allowed = spaces ? /^[a-z0-9-]$/ : /^[a-z0-9.-]$/;
  const bad = chars.find((c) => !allowed.test(c));
  if (bad !== undefined) {
    const shown = bad === ' ' ? 'spaces' : `"${bad}"`;
    const rule = spaces ? 'lowercase letters, digits and dashes' : 'lowercase letters, digits, dashes and dots';
    const hint = /^[A-Z]$/.test(bad) ? ' (capitals are not allowed)' : '';
    return `A Space name may contain only ${rule}, not ${shown}${hint}.`;
  }
  if (!edgeOk(chars[0])) return 'A Space name must start with a lowercase letter or a digit.';
  if (!edgeOk(chars[chars.length - 1])) return 'A Space name must end with a lowercase letter or a digit.';
  if (name.includes('..') || name.includes('.-') || name.includes('-.')) {
    return 'A dot in a Space name must stand between letters or digits.';
  }
  if (/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(name)) {
    return 'A Space name cannot look like an IP address.';
  }
  return null;
}
