import { afterEach, describe, expect, it } from 'vitest';
import { MastersInvalidCredentialsError, MastersTokenError } from '../../src/errors.js';
import type { MockFaultRule } from '@mastersfetch/mock-server';
import {
  CHECK_CREDENTIALS_HINT,
  craftJwt,
  GSTIN_QUERY,
  nowSec,
  ReliabilityHarness,
  RETRY_HINT,
  TOKEN_AUTH,
  type ErrorClass,
} from './harness.js';
import { observingFetch } from './secrets.js';

const HTML_502 =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';

interface TokenAuthCase {
  name: string;
  fault: () => Promise<Omit<MockFaultRule, 'path'>> | Omit<MockFaultRule, 'path'>;
  errorClass: ErrorClass;
  what: RegExp;
  todo: RegExp;
  status?: number;
  /** Injected-clock time to move forward before the client may log in again. */
  recoverAfterMs: number;
  clientOptions?: Record<string, unknown>;
}

const INVALID = {
  errorClass: MastersInvalidCredentialsError,
  todo: CHECK_CREDENTIALS_HINT,
  recoverAfterMs: 300_001,
};
const UNUSABLE = { errorClass: MastersTokenError, todo: RETRY_HINT, recoverAfterMs: 1_001 };

const CASES: TokenAuthCase[] = [
  {
    name: 'an HTML 502 page',
    fault: () => ({ status: 502, body: HTML_502 }),
    ...UNUSABLE,
    what: /HTTP 502/,
    status: 502,
  },
  {
    name: 'an empty 200',
    fault: () => ({ status: 200, body: '' }),
    ...UNUSABLE,
    what: /HTTP 200 without a token/,
    status: 200,
  },
  {
    name: 'a 200 with {}',
    fault: () => ({ status: 200, body: {} }),
    ...UNUSABLE,
    what: /without a token/,
    status: 200,
  },
  {
    name: 'a 200 with {"token": ""}',
    fault: () => ({ status: 200, body: { token: '' } }),
    ...UNUSABLE,
    what: /without a token/,
    status: 200,
  },
  {
    name: 'a token that is not a JWT',
    fault: () => ({ status: 200, body: { token: 'opaque-access-token-0123456789abcdef' } }),
    ...UNUSABLE,
    what: /not a JWT/,
    status: 200,
  },
  {
    name: 'a JWT that is already expired',
    fault: async () => ({
      status: 200,
      body: {
        token: await craftJwt({
          username: 'x',
          exp: nowSec() - 3_600,
          orig_iat: nowSec() - 90_000,
        }),
      },
    }),
    ...UNUSABLE,
    what: /already expired/,
    status: 200,
  },
  {
    name: 'HTTP 206 (the API’s invalid credentials)',
    fault: () => ({ status: 206, body: { error: 'Unable to login with provided credential' } }),
    ...INVALID,
    what: /rejected the credentials.*HTTP 206/,
    status: 206,
  },
  {
    name: 'HTTP 400 with field errors',
    fault: () => ({
      status: 400,
      body: { username: ['missing field'], password: ['missing field'] },
    }),
    ...INVALID,
    what: /HTTP 400.*username - missing field.*password - missing field/,
    status: 400,
  },
  {
    name: 'HTTP 401',
    fault: () => ({ status: 401, body: { detail: 'Invalid credentials.' } }),
    ...INVALID,
    what: /rejected the credentials.*HTTP 401/,
    status: 401,
  },
  {
    name: 'HTTP 403',
    fault: () => ({ status: 403, body: { detail: 'Forbidden.' } }),
    ...INVALID,
    what: /rejected the credentials.*HTTP 403/,
    status: 403,
  },
  {
    name: 'HTTP 429 without Retry-After',
    fault: () => ({ status: 429, body: { detail: 'Too many requests.' } }),
    ...UNUSABLE,
    what: /HTTP 429/,
    status: 429,
  },
  {
    name: 'HTTP 500',
    fault: () => ({ status: 500 }),
    ...UNUSABLE,
    what: /HTTP 500/,
    status: 500,
  },
  {
    name: 'HTTP 503',
    fault: () => ({ status: 503, body: '<html><body>Service Unavailable</body></html>' }),
    ...UNUSABLE,
    what: /HTTP 503/,
    status: 503,
  },
  {
    name: 'a connection reset',
    fault: () => ({ dropConnection: true }),
    ...UNUSABLE,
    what: /token-auth.*(ECONNRESET|socket|network|UND_ERR)/i,
  },
  {
    name: 'no answer (timeout)',
    fault: () => ({ delayMs: 5_000, status: 200, body: {} }),
    ...UNUSABLE,
    what: /token-auth.*(ETIMEDOUT|timed out)/i,
    clientOptions: { timeoutMs: 150 },
  },
  {
    name: 'invalid JSON',
    fault: () => ({ status: 200, body: '{"token": "eyJhbGciOi' }),
    ...UNUSABLE,
    what: /without a token/,
    status: 200,
  },
  {
    name: 'a JSON array',
    fault: () => ({ status: 200, body: [{ token: 'in-an-array-0123456789' }] }),
    ...UNUSABLE,
    what: /without a token/,
    status: 200,
  },
];

describe('reliability: token-auth answers', () => {
  const h = new ReliabilityHarness();
  afterEach(() => h.close());

  it.each(CASES)(
    'fails clearly on $name, serves nothing stale, then logs in once the fault is gone',
    async (c) => {
      await h.start();
      const client = h.client(c.clientOptions);
      const fault = h.mock.fault({ path: TOKEN_AUTH, ...(await c.fault()) });
      const error = await h.expectFailure(client.mastersFetch.get(GSTIN_QUERY), c);
      if (c.status !== undefined) expect((error as { status?: number }).status).toBe(c.status);
      expect(h.mock.stats().apiCalls).toBe(0);
      // A second caller right away does not hammer token-auth (backoff / cooldown).
      await h.expectFailure(client.mastersFetch.get(GSTIN_QUERY), c);
      expect(h.count(TOKEN_AUTH)).toBe(1);
      const eventName =
        c.errorClass === MastersInvalidCredentialsError ? 'invalidCredentials' : 'renewFailed';
      expect(h.eventsNamed(eventName)).toHaveLength(1);
      fault.remove();
      h.clock.advance(c.recoverAfterMs);
      await h.expectHealthy(client);
      expect(h.count(TOKEN_AUTH)).toBe(2);
    },
  );

  it('honours Retry-After on a 429: no login before it, one login after it', async () => {
    await h.start();
    const client = h.client();
    const fault = h.mock.fault({
      path: TOKEN_AUTH,
      status: 429,
      headers: { 'retry-after': '120' },
      body: { detail: 'Too many requests.' },
    });
    await h.expectFailure(client.mastersFetch.get(GSTIN_QUERY), {
      errorClass: MastersTokenError,
      what: /HTTP 429/,
      todo: RETRY_HINT,
    });
    fault.remove();
    h.clock.advance(60_000);
    await h.expectFailure(client.mastersFetch.get(GSTIN_QUERY), {
      errorClass: MastersTokenError,
      what: /HTTP 429/,
    });
    expect(h.count(TOKEN_AUTH)).toBe(1);
    h.clock.advance(60_001);
    await h.expectHealthy(client);
    expect(h.count(TOKEN_AUTH)).toBe(2);
  });

  it('reads at most a bounded part of a 10 MB token-auth body', async () => {
    await h.start();
    let bytesRead = 0;
    const base = observingFetch(globalThis.fetch.bind(globalThis));
    const countingFetch: typeof fetch = async (input, init) => {
      const response = await base(input, init);
      if (response.body === null) return response;
      const reader = response.body.getReader();
      const counted = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else {
            bytesRead += value.byteLength;
            controller.enqueue(value);
          }
        },
        cancel(reason) {
          return reader.cancel(reason);
        },
      });
      return new Response(counted, { status: response.status, headers: response.headers });
    };
    const client = h.client({ fetch: countingFetch });
    const fault = h.mock.fault({
      path: TOKEN_AUTH,
      status: 200,
      body: 'x'.repeat(10 * 1024 * 1024),
    });
    await h.expectFailure(client.mastersFetch.get(GSTIN_QUERY), {
      errorClass: MastersTokenError,
      what: /token/,
      todo: RETRY_HINT,
    });
    expect(bytesRead).toBeGreaterThan(0);
    expect(bytesRead).toBeLessThanOrEqual(2 * 1024 * 1024);
    fault.remove();
    h.clock.advance(1_001);
    bytesRead = 0;
    await h.expectHealthy(client);
  });

  it('accepts a JWT without exp with the documented 24 h lifetime and a logged warning', async () => {
    await h.start();
    const client = h.client();
    const token = await craftJwt({ username: 'x', orig_iat: nowSec() });
    const fault = h.mock.fault({ path: TOKEN_AUTH, status: 200, body: { token }, times: 1 });
    await client.warmUp();
    fault.remove();
    expect(client.tokenStatus()).toEqual({
      mode: 'password',
      hasToken: true,
      expiresInSec: 86_400,
    });
    expect(h.logLines.some((l) => /no exp claim/.test(l))).toBe(true);
    // The crafted token is not the mock's: the API answers 401, the client renews and replays.
    await h.expectHealthy(client);
    expect(h.count(TOKEN_AUTH)).toBe(2);
  });

  it('caps the lifetime of a JWT expiring in year 3000 at 7 days', async () => {
    await h.start();
    const client = h.client();
    const token = await craftJwt({
      username: 'x',
      orig_iat: nowSec(),
      exp: Math.floor(Date.UTC(3000, 0, 1) / 1000),
    });
    h.mock.fault({ path: TOKEN_AUTH, status: 200, body: { token }, times: 1 });
    await client.warmUp();
    expect(client.tokenStatus().expiresInSec).toBe(7 * 86_400);
    h.clock.advance(7 * 86_400_000);
    expect(client.tokenStatus().hasToken).toBe(false);
    await h.expectHealthy(client);
    expect(h.count(TOKEN_AUTH)).toBe(2);
  });
});
