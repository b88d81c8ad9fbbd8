import { afterEach, describe, expect, it } from 'vitest';
import { MastersClientClosedError, MastersError } from '../../src/errors.js';
import { ALPHA_CREDENTIALS, GSTIN_QUERY, Harness, TOKEN_AUTH } from '../helpers.js';

// Issue 17, finding 9: after close() every entry point rejects with MastersClientClosedError and
// nothing reaches the network (counted at the server).

const closedError = { name: 'MastersClientClosedError' };

describe('hardening: a closed client (issue 17 #9)', () => {
  const h = new Harness();
  afterEach(() => h.close());

  it('rejects mastersFetch, forCredentials (both forms, made before or after), getAccessToken, warmUp and invalidate', async () => {
    await h.start({ apiKeys: [{ key: 'test-api-key-17', username: ALPHA_CREDENTIALS.username }] });
    const client = h.client();
    const apiKeyClient = h.client({ credentials: { apiKey: 'test-api-key-17' } });
    await client.mastersFetch.get(GSTIN_QUERY); // a cached token: nothing left to wait for
    await apiKeyClient.mastersFetch.get(GSTIN_QUERY);
    const tenantFetch = client.forCredentials(ALPHA_CREDENTIALS);
    const perRequest = client.forCredentials(() => ALPHA_CREDENTIALS);
    const before = h.mock.requests().length;

    await client.close();
    await apiKeyClient.close();
    await client.close(); // idempotent

    const rejections = [
      client.mastersFetch.get(GSTIN_QUERY),
      client.mastersFetch.post('api/v1/ewayBillsGenerate/', { json: {} }),
      client.mastersFetch.get(new URL('/api/v1/getEwayBillData/', h.mock.url)),
      apiKeyClient.mastersFetch.get(GSTIN_QUERY),
      tenantFetch.get(GSTIN_QUERY),
      perRequest.get(GSTIN_QUERY),
      client.getAccessToken(),
      client.warmUp(),
      apiKeyClient.warmUp(),
      client.invalidate(),
    ];
    for (const rejection of rejections) {
      const error = await rejection.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(MastersClientClosedError);
      expect(error).toBeInstanceOf(MastersError);
    }
    expect(() => client.forCredentials(ALPHA_CREDENTIALS)).toThrow(MastersClientClosedError);
    expect(() => client.forCredentials(() => ALPHA_CREDENTIALS)).toThrow(MastersClientClosedError);
    expect(h.mock.requests().length).toBe(before);
  });

  it('a call waiting for a login when close() runs rejects and sends no API request', async () => {
    await h.start();
    h.mock.fault({ path: TOKEN_AUTH, delayMs: 300, times: 1 });
    const client = h.client();
    const waiting = client.mastersFetch.get(GSTIN_QUERY);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await client.close(); // waits for the login in flight
    await expect(waiting).rejects.toMatchObject(closedError);
    expect(h.mock.requests().filter((r) => r.path !== TOKEN_AUTH)).toHaveLength(0);
  });
});
