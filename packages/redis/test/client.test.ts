import { createMastersClient, type MastersClient } from '@mastersfetch/core';
import { DEMO_USERS, startMockServer } from '@mastersfetch/mock-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisTokenStore } from '../src/index.js';
import {
  deleteKeysWithPrefix,
  freePort,
  redisSkipReason,
  sharedRedis,
  uniquePrefix,
} from './redis-server.js';

/** In-process checks of RedisTokenStore behind createMastersClient (the fleet tests fork processes). */

type MockServer = Awaited<ReturnType<typeof startMockServer>>;

const user = DEMO_USERS[0]!;
const credentials = { username: user.username, password: user.password };
const gstin = user.gstins[0]!;

function getDetails(client: MastersClient) {
  return client.mastersFetch
    .get('api/v1/getEwayBillData/', {
      searchParams: { action: 'GetGSTINDetails', userGstin: gstin, gstin },
    })
    .json();
}

describe.skipIf(redisSkipReason() !== undefined)(
  'createMastersClient with a RedisTokenStore',
  () => {
    let redis: { url: string; close(): Promise<void> };
    let mock: MockServer;
    let prefix: string;
    const closers: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      redis = await sharedRedis();
    });

    afterAll(async () => {
      await redis.close();
    });

    afterEach(async () => {
      for (const close of closers.splice(0).reverse()) await close();
      await mock.close();
      await deleteKeysWithPrefix(redis.url, prefix);
    });

    function newClient(store: RedisTokenStore): MastersClient {
      const client = createMastersClient({
        baseUrl: mock.url,
        credentials,
        store,
        keySecret: 'client-test-key-secret',
      });
      closers.push(
        () => store.close(),
        () => client.close(),
      );
      return client;
    }

    it('lets two clients with separate stores share one login and one record', async () => {
      prefix = uniquePrefix('client-share');
      mock = await startMockServer();
      const a = newClient(new RedisTokenStore({ url: redis.url, keyPrefix: prefix }));
      const b = newClient(new RedisTokenStore({ url: redis.url, keyPrefix: prefix }));

      await Promise.all(Array.from({ length: 25 }, () => getDetails(a)));
      await Promise.all(Array.from({ length: 25 }, () => getDetails(b)));

      expect(mock.stats().logins).toBe(1);
      expect(await a.getAccessToken()).toBe(await b.getAccessToken());
    });

    it('works per process and emits storeError when Redis is unreachable', async () => {
      prefix = uniquePrefix('client-down');
      mock = await startMockServer();
      const port = await freePort();
      const store = new RedisTokenStore({ url: `redis://127.0.0.1:${port}`, readyTimeoutMs: 100 });
      const client = newClient(store);
      const operations: string[] = [];
      client.on('storeError', ({ operation }) => operations.push(operation));

      const results = await Promise.allSettled(
        Array.from({ length: 25 }, () => getDetails(client)),
      );

      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect(mock.stats().logins).toBe(1);
      expect(operations).toContain('get');
    });
  },
);
