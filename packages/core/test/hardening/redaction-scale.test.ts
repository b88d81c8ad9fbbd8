import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createMastersClient } from '../../src/client.js';
import type { MastersClient } from '../../src/types.js';

// Issue 17, finding 4: the redactor was process-wide, capped at 10,000 secrets (tenant 0's password
// showed once 5,001 tenants were active), scanned every secret on every redaction and replaced
// substrings of any length (a password `b` turned "e-way bill" into "e-way [REDACTED]ill").

const TENANTS = 100_000;
const BASE_URL = 'http://127.0.0.1:9'; // never reached: the custom fetch answers every call

function views(error: unknown): string[] {
  const e = error as Error;
  return [e.message, e.stack ?? '', JSON.stringify(e), inspect(e, { depth: 10 })];
}

function tenant(i: number): { username: string; password: string } {
  return { username: `tenant-${i}`, password: `Pw-${i}-k7Qz` };
}

/**
 * A custom fetch in front of token-auth that fails the way a proxy or an instrumented fetch does:
 * its error quotes the login it was given (`user:password`), a form no generic shape matches.
 */
const quotingFetch: typeof globalThis.fetch = async (input, init) => {
  const body = JSON.parse(String(init?.body ?? '{}')) as { username?: string; password?: string };
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  throw new Error(`proxy refused ${body.username}:${body.password} for ${url}`, {
    cause: new Error(`upstream said: bad login ${body.password}`),
  });
};

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('hardening: redaction at scale (issue 17, finding 4)', () => {
  let client: MastersClient | undefined;
  afterEach(async () => {
    await client?.close();
    client = undefined;
  });

  it('hides the password of the first, the 5,001st, the last and an LRU-evicted tenant of 100,000 in every view', async () => {
    const started = performance.now();
    client = createMastersClient({
      baseUrl: BASE_URL,
      fetch: quotingFetch,
      scheduleRenewal: false,
      // Every tenant but the first 10 keeps its token state: tenants 0 and 5 are evicted from the
      // LRU (their state is recreated on use), 5,000 and 99,999 are live.
      maxEntries: TENANTS - 10,
    });
    for (let i = 0; i < TENANTS; i++) client.forCredentials(tenant(i));
    for (const i of [5_000, TENANTS - 1, 0, 5]) {
      const error = await failure(
        client.forCredentials(tenant(i)).get('api/v1/getEwayBillData/?action=GetGSTINDetails'),
      );
      const { password } = tenant(i);
      // The failure really quoted the password (the test can fail), and no view shows it.
      expect(error).toBeInstanceOf(Error);
      for (const view of views(error)) expect(view).not.toContain(password);
      expect(inspect(error, { depth: 10 })).toContain('proxy refused tenant-');
    }
    expect(performance.now() - started).toBeLessThan(60_000);
  }, 60_000);

  it('replaces a short password only as a whole token and never in another client text', async () => {
    const short = createMastersClient({
      baseUrl: BASE_URL,
      fetch: quotingFetch,
      scheduleRenewal: false,
      credentials: { username: 'short-user', password: 'b' },
    });
    const other = createMastersClient({
      baseUrl: BASE_URL,
      scheduleRenewal: false,
      credentials: { username: 'other-user', password: 'Other-Pass-123' },
      fetch: async () => {
        throw new Error('e-way bill number 331001234567 is not reachable');
      },
    });
    try {
      const own = await failure(short.getAccessToken());
      for (const view of views(own)) {
        expect(view).not.toMatch(/short-user:b\b/);
        expect(view).not.toContain('[REDACTED]ill');
      }
      expect(inspect(own, { depth: 10 })).toContain('short-user:[REDACTED]');
      const foreign = await failure(other.getAccessToken());
      const text = inspect(foreign, { depth: 10 });
      expect(text).toContain('e-way bill number 331001234567');
      expect(text).not.toContain('[REDACTED]ill');
    } finally {
      await short.close();
      await other.close();
    }
  });
});
