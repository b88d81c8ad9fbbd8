import { afterEach, describe, expect, it } from 'vitest';
import { MemoryTokenStore } from '../../src/store/memory.js';
import type { TokenRecord, TokenStore } from '../../src/types.js';
import { GSTIN_QUERY, ReliabilityHarness, TOKEN_AUTH } from './harness.js';

type Operation = 'get' | 'set' | 'delete' | 'lock';
const never = <T>(): Promise<T> => new Promise<T>(() => {});

/** A memory store whose `operation` throws (an error quoting its arguments, like a Redis client) or hangs. */
function brokenStore(operation: Operation, mode: 'throw' | 'hang'): TokenStore {
  const inner = new MemoryTokenStore();
  const fail = (args: unknown[]): Promise<never> => {
    if (mode === 'hang') return never();
    const record = args[1] as TokenRecord | undefined;
    return Promise.reject(
      new Error(
        `ERR ${operation} failed for key ${String(args[0])}${record ? ` value ${JSON.stringify(record)}` : ''}`,
      ),
    );
  };
  return {
    get: (...args) => (operation === 'get' ? fail(args) : inner.get(...args)),
    set: (...args) => (operation === 'set' ? fail(args) : inner.set(...args)),
    delete: (...args) => (operation === 'delete' ? fail(args) : inner.delete(...args)),
    lock: (...args) => (operation === 'lock' ? fail(args) : inner.lock(...args)),
  };
}

const CASES: { operation: Operation; mode: 'throw' | 'hang' }[] = [
  { operation: 'get', mode: 'throw' },
  { operation: 'set', mode: 'throw' },
  { operation: 'lock', mode: 'throw' },
  { operation: 'delete', mode: 'throw' },
  { operation: 'get', mode: 'hang' },
  { operation: 'set', mode: 'hang' },
  { operation: 'lock', mode: 'hang' },
];

describe('reliability: store failures', () => {
  const h = new ReliabilityHarness();
  afterEach(() => h.close());

  it.each(CASES)(
    'a store whose $operation calls $mode: requests keep succeeding with one login',
    async ({ operation, mode }) => {
      await h.start();
      const client = h.client({ store: brokenStore(operation, mode), storeTimeoutMs: 50 });
      for (let i = 0; i < 20; i++) {
        expect((await client.mastersFetch.get(GSTIN_QUERY)).status).toBe(200);
      }
      expect(h.count(TOKEN_AUTH)).toBe(1);
      // invalidate() exercises delete; the next call logs in again through the broken store.
      await client.invalidate();
      await h.expectHealthy(client);
      expect(h.count(TOKEN_AUTH)).toBe(2);
      const errors = h.eventsNamed('storeError') as { operation: string; error: Error }[];
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((e) => e.operation === operation)).toBe(true);
      if (mode === 'hang') expect(errors[0]!.error.message).toMatch(/took longer than 50 ms/);
      expect(h.logLines.some((l) => /token store failed/.test(l))).toBe(true);
    },
  );
});
