import { createMastersClient, type MastersClient } from '@mastersfetch/core';
import { DEMO_USERS, startMockServer } from '@mastersfetch/mock-server';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisTokenStore } from '../src/index.js';
import { freePort, redisSkipReason, startRedisServer, type RedisServer } from './redis-server.js';

// Issue 17, finding 11: `new RedisTokenStore({ host, port })` silently talked to localhost:6379, an
// unreachable Redis went unnoticed, and a lock key without a TTL made every call fail.

type MockServer = Awaited<ReturnType<typeof startMockServer>>;
const user = DEMO_USERS[0]!;
const credentials = { username: user.username, password: user.password };
const TOKEN_AUTH = '/api/v1/token-auth/';

describe.skipIf(redisSkipReason({ needsOwnServer: true }) !== undefined)(
  'hardening: Redis store (issue 17, finding 11)',
  () => {
    let server: RedisServer;
    let mock: MockServer;
    let admin: Redis;
    const closers: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      server = await startRedisServer();
      admin = new Redis(server.url);
    });
    afterAll(async () => {
      admin.disconnect();
      await server.stop();
    });
    afterEach(async () => {
      for (const close of closers.splice(0).reverse()) await close();
      await mock?.close();
      await admin.flushall();
    });

    function track<T extends { close(): Promise<void> }>(value: T): T {
      closers.push(() => value.close());
      return value;
    }

    function client(store: RedisTokenStore, extra: Record<string, unknown> = {}): MastersClient {
      return track(
        createMastersClient({
          baseUrl: mock.url,
          credentials,
          store,
          keySecret: 'hardening-redis-key-secret',
          ...extra,
        }),
      );
    }

    it('connects to the host and port given at the top level, as ioredis users write them', async () => {
      mock = await startMockServer();
      const first = client(track(new RedisTokenStore({ host: '127.0.0.1', port: server.port })));
      const second = client(track(new RedisTokenStore({ host: '127.0.0.1', port: server.port })));
      const token = await first.getAccessToken();
      expect(await second.getAccessToken()).toBe(token);
      expect(mock.stats().byPath[TOKEN_AUTH]).toBe(1);
      // The record is in this server, not in whatever listens on localhost:6379.
      const keys = await admin.keys('mastersfetch:*');
      expect(keys.length).toBeGreaterThan(0);
    });

    it('rejects a passed client combined with top-level connection options', () => {
      const own = new Redis(server.url, { lazyConnect: true });
      try {
        expect(() => new RedisTokenStore({ client: own, host: '127.0.0.1' })).toThrow(/host/);
      } finally {
        own.disconnect();
      }
    });

    it('warns once, without the password, when Redis cannot be reached at all', async () => {
      mock = await startMockServer();
      const port = await freePort(); // nothing listens there
      const warnings: string[] = [];
      const store = track(
        new RedisTokenStore({
          host: '127.0.0.1',
          port,
          password: 'Redis-Secret-Pw-1',
          logger: {
            warn: (message: string, fields?: Record<string, unknown>) =>
              warnings.push(message + JSON.stringify(fields)),
          },
        }),
      );
      const c = client(store);
      await c.getAccessToken();
      await c.invalidate();
      await new Promise((resolve) => setTimeout(resolve, 300)); // a few reconnect attempts
      await store.get('any').catch(() => undefined);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`127.0.0.1:${port}`);
      expect(warnings[0]).not.toContain('Redis-Secret-Pw-1');
    });

    it('takes over a lock key without a TTL after a bounded wait', async () => {
      mock = await startMockServer();
      const url = server.url;
      // A first process learns the key; then its record is gone and a TTL-less lock is left behind.
      const first = client(track(new RedisTokenStore({ url })));
      await first.getAccessToken();
      const [recordKey] = await admin.keys('mastersfetch:*');
      expect(recordKey).toBeDefined();
      await admin.del(recordKey!);
      await admin.set(`${recordKey}:lock`, 'foreign-holder');
      expect(await admin.pttl(`${recordKey}:lock`)).toBe(-1);

      const started = performance.now();
      const second = client(track(new RedisTokenStore({ url })), {
        lockTtlMs: 300,
        operationDeadlineMs: 5_000,
      });
      await expect(second.getAccessToken()).resolves.toEqual(expect.any(String));
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(mock.stats().byPath[TOKEN_AUTH]).toBe(2);
    });
  },
);
