import { afterEach, describe, expect, it } from 'vitest';
import { MastersTokenError } from '../src/errors.js';
import { credentialKey } from '../src/keys.js';
import { MemoryTokenStore } from '../src/store/memory.js';
import type { TokenStore } from '../src/types.js';
import { ALPHA_CREDENTIALS, GSTIN_QUERY, Harness } from './helpers.js';

/** Polls a condition on real time (a few ms per check); throws after `timeoutMs`. */
async function until(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Wraps a store and counts `lock()` calls (each waiting client calls it once before polling). */
function countingLocks(inner: TokenStore): TokenStore & { lockCalls: number } {
  const counted = {
    lockCalls: 0,
    get: (key: string) => inner.get(key),
    set: (...args: Parameters<TokenStore['set']>) => inner.set(...args),
    delete: (key: string) => inner.delete(key),
    lock: (key: string, ttlMs: number) => {
      counted.lockCalls++;
      return inner.lock ? inner.lock(key, ttlMs) : Promise.resolve(null);
    },
  };
  return counted;
}

describe('store lock held by another process', () => {
  const h = new Harness();
  afterEach(() => h.close());

  it('lets exactly one of 6 waiting processes log in after the lock holder died without storing a token', async () => {
    await h.start();
    const lockTtlMs = 15_000;
    const memory = new MemoryTokenStore({ clock: h.clock });
    const key = credentialKey(new URL(h.mock.url).origin, ALPHA_CREDENTIALS);
    // A process took the lock for this key and was killed before it stored a token.
    expect(await memory.lock(key, lockTtlMs)).toBeTypeOf('function');
    const store = countingLocks(memory);
    const clients = Array.from({ length: 6 }, () => h.client({ store, lockTtlMs }));
    const calls = clients.map((c) => c.mastersFetch.get(GSTIN_QUERY));

    await until('every client to find the lock held', () => store.lockCalls >= 6);
    expect(h.tokenAuthCount()).toBe(0);
    h.clock.advance(lockTtlMs); // the dead holder's lock expires

    const responses = await Promise.all(calls);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(h.tokenAuthCount()).toBe(1);
    expect(clients.reduce((n, c) => n + c.stats().logins, 0)).toBe(1);
  });

  it('gives up after operationDeadlineMs without logging in while a live process keeps the lock', async () => {
    await h.start();
    const lockTtlMs = 15_000;
    const operationDeadlineMs = 20_000;
    const memory = new MemoryTokenStore({ clock: h.clock });
    // The other process is alive and re-takes its lock every time: ours never gets it.
    const store = countingLocks({
      get: (k) => memory.get(k),
      set: (k, r, t) => memory.set(k, r, t),
      delete: (k) => memory.delete(k),
      lock: () => Promise.resolve(null),
    });
    const client = h.client({ store, lockTtlMs, operationDeadlineMs });
    const call = client.mastersFetch.get(GSTIN_QUERY).catch((error: unknown) => error);

    await until('the first lock attempt', () => store.lockCalls >= 1);
    h.clock.advance(lockTtlMs);
    await until('the retry of the lock after its TTL', () => store.lockCalls >= 2);
    h.clock.advance(operationDeadlineMs - lockTtlMs);

    const error = await call;
    expect(error).toBeInstanceOf(MastersTokenError);
    expect((error as Error).message).toContain('login lock');
    expect(h.tokenAuthCount()).toBe(0);
  });
});
