import { afterEach, describe, expect, it } from 'vitest';
import { createMastersClient } from '../../src/client.js';
import { MastersConfigError } from '../../src/errors.js';
import type { MastersClientOptions } from '../../src/types.js';
import { ALPHA, GSTIN_QUERY, Harness } from '../helpers.js';

// Issue 17, finding 7: options that cannot work are rejected, naming the key (with the closest
// known one) or the missing field, instead of being ignored.

function configError(run: () => unknown): MastersConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MastersConfigError);
    return error as MastersConfigError;
  }
  throw new Error('expected a MastersConfigError');
}

describe('hardening: options that cannot work (issue 17 #7)', () => {
  const h = new Harness();
  afterEach(() => h.close());

  it('rejects unknown option keys, naming the key and the closest known one', async () => {
    await h.start();
    const create = (extra: Record<string, unknown>) => () =>
      createMastersClient({ baseUrl: h.mock.url, ...extra } as MastersClientOptions);
    const typo = configError(
      create({ credentails: { username: ALPHA.username, password: ALPHA.password } }),
    );
    expect(typo.option).toBe('credentails');
    expect(typo.message).toContain('did you mean `credentials`?');
    const timeout = configError(create({ credentials: { apiKey: 'k' }, timeout: 5_000 }));
    expect(timeout.option).toBe('timeout');
    expect(timeout.message).toContain('did you mean `timeoutMs`?');
    const far = configError(create({ zzzzzz: 1 }));
    expect(far.option).toBe('zzzzzz');
    expect(far.message).toContain('timeoutMs'); // lists the known options
    expect(h.mock.requests()).toHaveLength(0);
  });

  it('names the missing credentials field (an unset environment variable)', async () => {
    await h.start();
    const create = (credentials: unknown) => () =>
      createMastersClient({ baseUrl: h.mock.url, credentials } as MastersClientOptions);
    expect(configError(create({ username: undefined, password: 'p' })).option).toBe(
      'credentials.username',
    );
    expect(configError(create({ username: undefined, password: undefined })).option).toBe(
      'credentials.username',
    );
    expect(configError(create({ username: 'u', password: undefined })).option).toBe(
      'credentials.password',
    );
    expect(configError(create({ apiKey: undefined })).option).toBe('credentials.apiKey');
    const missing = configError(create({ username: undefined, password: 'p' }));
    expect(missing.message).toContain('`credentials.username`');
    expect(missing.message).toContain('missing');
  });

  it('forCredentials() credentials objects: unknown fields and missing fields are named', async () => {
    await h.start();
    const client = h.client({ credentials: undefined });
    const usename = configError(() =>
      client.forCredentials({ usename: ALPHA.username, password: ALPHA.password } as never),
    );
    expect(usename.option).toBe('credentials.usename');
    expect(usename.message).toContain('did you mean `credentials.username`?');
    expect(
      configError(() =>
        client.forCredentials({ username: undefined, password: ALPHA.password } as never),
      ).option,
    ).toBe('credentials.username');
    // The function form checks the value it returns, per request.
    await expect(
      client
        .forCredentials(() => ({ username: ALPHA.username, passwrd: ALPHA.password }) as never)
        .get(GSTIN_QUERY),
    ).rejects.toMatchObject({ name: 'MastersConfigError', option: 'credentials.passwrd' });
    expect(h.mock.requests()).toHaveLength(0);
  });
});
