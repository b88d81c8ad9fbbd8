import { describe, expect, it } from 'vitest';
import { credentialKey, fingerprint, keyWithFingerprint } from './keys.js';

const origin = 'https://sandb-api.mastersindia.co';

describe('credentialKey', () => {
  it('has the documented shape and no password', () => {
    const key = credentialKey(origin, { username: 'bot@alpha.example', password: 'S3cret-pw' });
    expect(key).toMatch(
      /^mastersfetch:v1:https:\/\/sandb-api\.mastersindia\.co:bot@alpha\.example:[0-9a-f]{32}$/,
    );
    expect(key).not.toContain('S3cret-pw');
  });

  it('is deterministic and changes with the password and keySecret', () => {
    const c = { username: 'u', password: 'p1' };
    expect(credentialKey(origin, c)).toBe(credentialKey(origin, { ...c }));
    expect(credentialKey(origin, c)).not.toBe(
      credentialKey(origin, { username: 'u', password: 'p2' }),
    );
    expect(credentialKey(origin, c, 'secret-a')).not.toBe(credentialKey(origin, c, 'secret-b'));
    expect(credentialKey(origin, c)).not.toBe(credentialKey('http://127.0.0.1:1', c));
  });

  it('uses an apikey segment and the key fingerprint for API keys', () => {
    const key = credentialKey(origin, { apiKey: 'KEY-123456' });
    expect(key).toMatch(/:apikey:[0-9a-f]{32}$/);
    expect(key).not.toContain('KEY-123456');
  });
});

describe('fingerprint', () => {
  it('is 32 hex chars and differs between credentials', () => {
    const a = fingerprint({ username: 'u', password: 'p' });
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(fingerprint({ apiKey: 'up' })).not.toBe(a);
  });

  it('keeps the username and password apart: (ab, c) and (a, bc) differ', () => {
    expect(fingerprint({ username: 'ab', password: 'c' })).not.toBe(
      fingerprint({ username: 'a', password: 'bc' }),
    );
    expect(fingerprint({ username: '', password: 'ab' })).not.toBe(
      fingerprint({ username: 'ab', password: '' }),
    );
  });
});

describe('keyWithFingerprint', () => {
  it('builds the same key as credentialKey from a computed fingerprint', () => {
    const base = 'https://sandb-api.mastersindia.co';
    for (const credentials of [{ username: 'u', password: 'p' }, { apiKey: 'KEY-1' }]) {
      expect(keyWithFingerprint(base, credentials, fingerprint(credentials, 's'))).toBe(
        credentialKey(base, credentials, 's'),
      );
    }
  });
});
