import { describe, expect, it } from 'vitest';
import {
  draftFromFields,
  emptyFields,
  fieldsFromAccount,
  hasErrors,
  isHttpUrl,
  spaceNameError,
  validateFields,
  type AccountFields,
} from './accountForm';
import type { Account } from './bindings/Account';

const REGIONS = ['nyc3', 'ams3'];

function filled(over: Partial<AccountFields> = {}): AccountFields {
  return { ...emptyFields(REGIONS), name: 'Work', accessKey: 'AK', secret: 'SK', ...over };
}

describe('validateFields', () => {
  it('accepts a complete DigitalOcean form', () => {
    expect(validateFields(filled(), false)).toEqual({});
  });

  it('names every empty field of a new account', () => {
    const errors = validateFields(emptyFields(REGIONS), false);
    expect(Object.keys(errors).sort()).toEqual(['accessKey', 'name', 'secret']);
    expect(hasErrors(errors)).toBe(true);
  });

  it('treats whitespace as empty', () => {
    expect(validateFields(filled({ name: '   ', accessKey: ' ' }), false)).toMatchObject({
      name: expect.any(String),
      accessKey: expect.any(String),
    });
  });

  it('lets an edit keep the stored secret', () => {
    expect(validateFields(filled({ secret: '' }), true)).toEqual({});
    expect(validateFields(filled({ secret: '' }), false).secret).toBeDefined();
  });

  it('refuses ":" and "/" in names', () => {
    expect(validateFields(filled({ name: 'a/b' }), false).name).toBeDefined();
    expect(validateFields(filled({ name: 'a:b' }), false).name).toBeDefined();
  });

  it('needs an http(s) endpoint and a region for other S3-compatible servers', () => {
    const base = filled({ provider: 's3compatible', endpoint: '', customRegion: '' });
    expect(Object.keys(validateFields(base, false)).sort()).toEqual(['customRegion', 'endpoint']);
    for (const bad of ['s3.example.com', 'ftp://s3.example.com', 'https://', 'http//x']) {
      expect(validateFields({ ...base, endpoint: bad, customRegion: 'us-east-1' }, false).endpoint).toBeDefined();
    }
    for (const good of ['https://s3.example.com', 'http://127.0.0.1:9000', ' https://minio.local/ ']) {
      expect(validateFields({ ...base, endpoint: good, customRegion: 'us-east-1' }, false)).toEqual({});
    }
  });

  it('ignores the other provider fields', () => {
    expect(validateFields(filled({ endpoint: 'nonsense', customRegion: '' }), false)).toEqual({});
  });
});

describe('drafts', () => {
  it('builds a DigitalOcean draft, trimming all but the secret', () => {
    expect(draftFromFields(filled({ name: ' Work ', accessKey: ' AK ', secret: ' s k ', region: 'ams3' }))).toEqual({
      name: 'Work',
      provider: { type: 'digitalocean', region: 'ams3' },
      accessKeyId: 'AK',
      secretKey: ' s k ',
    });
  });

  it('builds an S3-compatible draft with path style', () => {
    const d = draftFromFields(
      filled({ provider: 's3compatible', endpoint: 'http://127.0.0.1:9000', customRegion: 'us-east-1', pathStyle: true }),
    );
    expect(d.provider).toEqual({ type: 's3compatible', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', pathStyle: true });
  });

  it('defaults to path style on and the first region', () => {
    const f = emptyFields(REGIONS);
    expect([f.provider, f.region, f.pathStyle]).toEqual(['digitalocean', 'nyc3', true]);
  });

  it('fills the form from an account with the secret left blank', () => {
    const acc: Account = {
      id: 'a1',
      name: 'Lab',
      provider: { type: 's3compatible', endpoint: 'https://s3.lab', region: 'eu-1', pathStyle: false },
      accessKeyId: 'AK',
      addedSpaces: [],
    };
    expect(fieldsFromAccount(acc, REGIONS)).toMatchObject({
      name: 'Lab',
      provider: 's3compatible',
      endpoint: 'https://s3.lab',
      customRegion: 'eu-1',
      pathStyle: false,
      accessKey: 'AK',
      secret: '',
    });
  });
});

describe('small checks', () => {
  it('recognises http(s) URLs only', () => {
    expect(isHttpUrl('https://x.y')).toBe(true);
    expect(isHttpUrl('mailto:a@b')).toBe(false);
  });

  it('checks Space names like the backend', () => {
    expect(spaceNameError('my-space')).toBeNull();
    expect(spaceNameError('media.example.com')).toBeNull();
    expect(spaceNameError('')).not.toBeNull();
    expect(spaceNameError('ab')).not.toBeNull();
    expect(spaceNameError('My-Space')).not.toBeNull();
    expect(spaceNameError('-space')).not.toBeNull();
  });
});
