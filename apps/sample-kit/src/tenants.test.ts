import { describe, expect, it } from 'vitest';
import { SampleRequestError } from './sample-request-error.js';
import { resolveTenant } from './tenants.js';

const config = {
  defaultGstin: '05AAAAA0000A1Z8',
  tenants: new Map([['09BBBBB1111B1ZL', { username: 'beta@example.test', password: 'beta-pass' }]]),
};

describe('resolveTenant', () => {
  it('uses the default GSTIN and the default credentials without a header', () => {
    expect(resolveTenant(config, undefined)).toEqual({
      gstin: '05AAAAA0000A1Z8',
      credentials: undefined,
    });
    expect(resolveTenant(config, '  ')).toEqual({
      gstin: '05AAAAA0000A1Z8',
      credentials: undefined,
    });
  });

  it('picks a configured tenant (trimmed, case-insensitive)', () => {
    expect(resolveTenant(config, ' 09bbbbb1111b1zl ')).toEqual({
      gstin: '09BBBBB1111B1ZL',
      credentials: { username: 'beta@example.test', password: 'beta-pass' },
    });
  });

  it('accepts the default GSTIN as a header', () => {
    expect(resolveTenant(config, '05AAAAA0000A1Z8')).toEqual({
      gstin: '05AAAAA0000A1Z8',
      credentials: undefined,
    });
  });

  it('rejects an unknown GSTIN with 400 unknown_tenant', () => {
    let error: unknown;
    try {
      resolveTenant(config, '27ZZZZZ9999Z1Z8');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SampleRequestError);
    expect(error).toMatchObject({ status: 400, error: 'unknown_tenant' });
    expect((error as Error).message).toContain('27ZZZZZ9999Z1Z8');
  });
});
