// The account form's fields, their checks before anything is sent, and the draft they make.
// The backend checks again; these only catch what can be seen without asking it.
import type { Account } from './bindings/Account';
import type { AccountDraft } from './bindings/AccountDraft';

export type ProviderType = 'digitalocean' | 's3compatible';

export interface AccountFields {
  name: string;
  provider: ProviderType;
  /** DigitalOcean region, from the picker. */
  region: string;
  endpoint: string;
  /** Region of another S3-compatible server, typed by the user. */
  customRegion: string;
  pathStyle: boolean;
  accessKey: string;
  secret: string;
}

export type FieldName = keyof AccountFields;
export type FieldErrors = Partial<Record<FieldName, string>>;

/** Used only if the backend's list cannot be had; it mirrors the core's list. */
export const FALLBACK_REGIONS = ['nyc3', 'sfo2', 'sfo3', 'ams3', 'sgp1', 'lon1', 'fra1', 'tor1', 'blr1', 'syd1', 'atl1'];

export function emptyFields(regions: readonly string[]): AccountFields {
  return {
    name: '',
    provider: 'digitalocean',
    region: regions[0] ?? 'nyc3',
    endpoint: '',
    customRegion: 'us-east-1',
    pathStyle: true,
    accessKey: '',
    secret: '',
  };
}

/** The form for editing: the secret stays blank, meaning "keep the stored one". */
export function fieldsFromAccount(account: Account, regions: readonly string[]): AccountFields {
  const f = emptyFields(regions);
  f.name = account.name;
  f.accessKey = account.accessKeyId;
  const p = account.provider;
  if (p.type === 'digitalocean') {
    f.provider = 'digitalocean';
    f.region = p.region;
  } else {
    f.provider = 's3compatible';
    f.endpoint = p.endpoint;
    f.customRegion = p.region;
    f.pathStyle = p.pathStyle;
  }
  return f;
}

export function isHttpUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

export function validateFields(f: AccountFields, editing: boolean): FieldErrors {
  const errors: FieldErrors = {};
  const name = f.name.trim();
  if (name === '') errors.name = 'Give the account a name.';
  else if (name.includes(':') || name.includes('/')) errors.name = 'An account name may not contain ":" or "/".';
  if (f.provider === 'digitalocean') {
    if (f.region.trim() === '') errors.region = 'Pick the region of your Spaces.';
  } else {
    if (f.endpoint.trim() === '') errors.endpoint = 'Enter the endpoint URL, like https://s3.example.com.';
    else if (!isHttpUrl(f.endpoint))
      errors.endpoint = 'The endpoint URL must start with https:// (or http:// for a local server).';
    if (f.customRegion.trim() === '')
      errors.customRegion = 'Enter the region (for servers that ignore it, us-east-1 works).';
  }
  if (f.accessKey.trim() === '') errors.accessKey = 'Enter the access key.';
  if (!editing && f.secret === '') errors.secret = 'Enter the secret key.';
  return errors;
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0;
}

export function draftFromFields(f: AccountFields): AccountDraft {
  return {
    name: f.name.trim(),
    provider:
      f.provider === 'digitalocean'
        ? { type: 'digitalocean', region: f.region.trim() }
        : {
            type: 's3compatible',
            endpoint: f.endpoint.trim(),
            region: f.customRegion.trim(),
            pathStyle: f.pathStyle,
          },
    accessKeyId: f.accessKey.trim(),
    // Secrets are taken exactly as typed or pasted.
    secretKey: f.secret,
  };
}

/** Mirrors the core's rule so the dialog can say so before asking. */
export function spaceNameError(name: string): string | null {
  const n = name.trim();
  if (n === '') return 'Enter the name of the Space.';
  const ok = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(n);
  return ok
    ? null
    : 'Use 3 to 63 lowercase letters, digits, dots and dashes, starting and ending with a letter or digit.';
}

export function providerLabel(account: Account): string {
  const p = account.provider;
  if (p.type === 'digitalocean') return `DigitalOcean · ${p.region}`;
  try {
    return new URL(p.endpoint).host;
  } catch {
    return p.endpoint;
  }
}
