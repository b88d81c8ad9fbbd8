import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { MastersConfigError, type TokenRecord } from '@mastersfetch/core';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  deleteKeysWithPrefix,
  freePort,
  redisSkipReason,
  sharedRedis,
  startRedisServer,
  uniquePrefix,
  type RedisServer,
} from '../test/redis-server.js';
import {
  RedisTokenStore,
  RedisTokenStoreError,
  type RedisTokenStoreOptions,
} from './redis-token-store.js';

const KEY = 'mastersfetch:v1:http://127.0.0.1:4010:demo:0123456789abcdef0123456789abcdef';

function record(overrides: Partial<TokenRecord> = {}): TokenRecord {
  return {
    token: 'header.payload.signature',
    expiresAtMs: 1_900_000_000_000,
    generation: 3,
    obtainedAtMs: 1_899_913_600_000,
    ...overrides,
  };
}

describe('RedisTokenStore options', () => {
  function thrownBy(options: Record<string, unknown>): unknown {
    try {
      new RedisTokenStore(options as RedisTokenStoreOptions);
    } catch (error) {
      return error;
    }
    return undefined;
  }

  it('rejects a misspelled option with MastersConfigError naming it and the closest option', () => {
    const error = thrownBy({ url: 'redis://127.0.0.1:1', keyPrefx: 'billing:' });
    expect(error).toBeInstanceOf(MastersConfigError);
    expect((error as MastersConfigError).option).toBe('keyPrefx');
    expect((error as Error).message).toContain('did you mean `keyPrefix`?');
  });

  it('rejects an ioredis option outside `connection`, listing the options it knows', () => {
    const error = thrownBy({ host: '127.0.0.1', enableAutoPipelining: true });
    expect(error).toBeInstanceOf(MastersConfigError);
    expect((error as MastersConfigError).option).toBe('enableAutoPipelining');
    expect((error as Error).message).toContain('connection');
  });

  it('accepts the documented top-level ioredis options without connecting', async () => {
    const store = new RedisTokenStore({
      host: '127.0.0.1',
      port: 1,
      path: undefined,
      username: 'app',
      password: 'Redis-Options-Pw-1',
      db: 1,
      name: undefined,
      sentinels: undefined,
      tls: undefined,
    });
    expect(store.client.status).toBe('wait');
    await store.close();
  });
});

describe.skipIf(redisSkipReason() !== undefined)('RedisTokenStore', () => {
  let redis: { url: string; close(): Promise<void> };
  let raw: Redis;
  let prefix: string;
  const stores: RedisTokenStore[] = [];

  function newStore(options: ConstructorParameters<typeof RedisTokenStore>[0] = {}) {
    const store = new RedisTokenStore({ url: redis.url, keyPrefix: prefix, ...options });
    stores.push(store);
    return store;
  }

  beforeAll(async () => {
    redis = await sharedRedis();
    raw = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    raw.disconnect();
    await redis.close();
  });

  beforeEach(() => {
    prefix = uniquePrefix('store');
  });

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await deleteKeysWithPrefix(redis.url, prefix);
  });

  it('returns undefined for a key it never stored', async () => {
    await expect(newStore().get(KEY)).resolves.toBeUndefined();
  });

  it('connects a cold client on first use instead of failing the first call', async () => {
    const store = newStore();
    expect(store.client.status).toBe('wait');
    await store.set(KEY, record(), 60_000);
    expect(store.client.status).toBe('ready');
  });

  it('round-trips the whole record as JSON under keyPrefix + key', async () => {
    const store = newStore();
    const full = record({ refreshToken: 'r.e.f', refreshExpiresAtMs: 1_950_000_000_000 });
    await store.set(KEY, full, 60_000);
    await expect(store.get(KEY)).resolves.toEqual(full);
    expect(JSON.parse((await raw.get(prefix + KEY)) ?? 'null')).toEqual(full);
    // another process (another store) sees the same record
    await expect(newStore().get(KEY)).resolves.toEqual(full);
  });

  it('never writes fields other than the record’s own (no password can leak in)', async () => {
    const store = newStore();
    const leaky = { ...record(), password: 'hunter2', username: 'demo' } as TokenRecord;
    await store.set(KEY, leaky, 60_000);
    const stored = (await raw.get(prefix + KEY)) ?? '';
    expect(stored).not.toContain('hunter2');
    expect(Object.keys(JSON.parse(stored)).sort()).toEqual([
      'expiresAtMs',
      'generation',
      'obtainedAtMs',
      'token',
    ]);
  });

  it('stores the record with the given TTL (PX)', async () => {
    await newStore().set(KEY, record(), 60_000);
    const pttl = await raw.pttl(prefix + KEY);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(60_000);
  });

  it('deletes the record when set with a TTL of 0 or less', async () => {
    const store = newStore();
    await store.set(KEY, record(), 60_000);
    await store.set(KEY, record({ generation: 4 }), 0);
    expect(await raw.exists(prefix + KEY)).toBe(0);
  });

  it('deletes a record', async () => {
    const store = newStore();
    await store.set(KEY, record(), 60_000);
    await store.delete(KEY);
    await expect(store.get(KEY)).resolves.toBeUndefined();
  });

  it('rejects a corrupt stored value without quoting it', async () => {
    await raw.set(prefix + KEY, '{"token":"secret-token-value","generation":"x"}');
    const error = await newStore()
      .get(KEY)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisTokenStoreError);
    expect((error as RedisTokenStoreError).operation).toBe('get');
    expect(String((error as Error).message)).not.toContain('secret-token-value');
  });

  describe('lock', () => {
    it('lets exactly one of many concurrent holders take the lock', async () => {
      const contenders = Array.from({ length: 8 }, () => newStore());
      const results = await Promise.all(contenders.map((s) => s.lock(KEY, 15_000)));
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      const pttl = await raw.pttl(`${prefix}${KEY}:lock`);
      expect(pttl).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(15_000);
    });

    it('is free again after release, and releasing twice is harmless', async () => {
      const a = newStore();
      const b = newStore();
      const release = await a.lock(KEY, 15_000);
      expect(release).toBeTypeOf('function');
      await expect(b.lock(KEY, 15_000)).resolves.toBeNull();
      await release!();
      await release!();
      const releaseB = await b.lock(KEY, 15_000);
      expect(releaseB).toBeTypeOf('function');
      await releaseB!();
    });

    it('never releases a lock that expired and was taken by another holder', async () => {
      const a = newStore();
      const b = newStore();
      const releaseA = await a.lock(KEY, 15_000);
      // the TTL runs out (simulated without waiting): the key disappears, and b takes the lock
      await raw.del(`${prefix}${KEY}:lock`);
      const releaseB = await b.lock(KEY, 15_000);
      expect(releaseB).not.toBeNull();
      await releaseA!();
      expect(await raw.exists(`${prefix}${KEY}:lock`)).toBe(1);
      await expect(a.lock(KEY, 15_000)).resolves.toBeNull();
      await releaseB!();
      expect(await raw.exists(`${prefix}${KEY}:lock`)).toBe(0);
    });

    it('expires on its own after the TTL (a crashed holder cannot block the fleet)', async () => {
      const a = newStore();
      await a.lock(KEY, 50);
      const b = newStore();
      let release: (() => Promise<void>) | null = null;
      for (let i = 0; i < 200 && release === null; i++) {
        release = await b.lock(KEY, 15_000);
        if (release === null) await new Promise((r) => setTimeout(r, 20));
      }
      expect(release).toBeTypeOf('function');
    });
  });

  describe('encrypt/decrypt hooks', () => {
    const key = randomBytes(32);
    const encrypt = (plain: string) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    };
    const decrypt = async (stored: string) => {
      const buf = Buffer.from(stored, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
      decipher.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString('utf8');
    };

    it('stores only ciphertext and decrypts on read', async () => {
      const store = newStore({ encrypt, decrypt });
      await store.set(KEY, record(), 60_000);
      const stored = (await raw.get(prefix + KEY)) ?? '';
      expect(stored).not.toContain('header.payload.signature');
      await expect(store.get(KEY)).resolves.toEqual(record());
    });

    it('rejects (as a store error) a value it cannot decrypt', async () => {
      await newStore().set(KEY, record(), 60_000);
      await expect(newStore({ encrypt, decrypt }).get(KEY)).rejects.toBeInstanceOf(
        RedisTokenStoreError,
      );
    });

    it('requires both hooks', () => {
      expect(() => new RedisTokenStore({ encrypt })).toThrow(TypeError);
    });
  });

  describe('client ownership', () => {
    it('does not quit a client it was given', async () => {
      const client = new Redis(redis.url, { lazyConnect: true });
      const store = new RedisTokenStore({ client, keyPrefix: prefix });
      await store.set(KEY, record(), 60_000);
      await store.close();
      expect(client.status).toBe('ready');
      expect(client.listenerCount('ready')).toBe(0);
      await expect(client.get(prefix + KEY)).resolves.not.toBeNull();
      await expect(store.get(KEY)).rejects.toBeInstanceOf(RedisTokenStoreError);
      await client.quit();
    });

    it('quits the client it created', async () => {
      const store = newStore();
      await store.get(KEY);
      await store.close();
      expect(['end', 'close']).toContain(store.client.status);
      await expect(store.get(KEY)).rejects.toBeInstanceOf(RedisTokenStoreError);
    });

    it('refuses a client together with connection options', () => {
      const client = new Redis(redis.url, { lazyConnect: true });
      expect(() => new RedisTokenStore({ client, url: redis.url })).toThrow(TypeError);
      client.disconnect();
    });
  });
});

describe.skipIf(redisSkipReason({ needsOwnServer: true }) !== undefined)(
  'RedisTokenStore when Redis is unavailable',
  () => {
    let server: RedisServer | undefined;
    const stores: RedisTokenStore[] = [];

    afterEach(async () => {
      await Promise.all(stores.splice(0).map((store) => store.close()));
      await server?.stop();
      server = undefined;
    });

    it('rejects a cold call after readyTimeoutMs when nothing listens', async () => {
      const port = await freePort();
      const store = new RedisTokenStore({ url: `redis://127.0.0.1:${port}`, readyTimeoutMs: 100 });
      stores.push(store);
      const error = await store.get(KEY).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedisTokenStoreError);
      expect((error as Error).message).toMatch(/not ready within 100 ms/);
    });

    it('fails fast, without waiting again, once a connection attempt has failed', async () => {
      const port = await freePort();
      const store = new RedisTokenStore({
        url: `redis://127.0.0.1:${port}`,
        readyTimeoutMs: 60_000,
      });
      stores.push(store);
      const reconnecting = new Promise((resolve) => store.client.once('reconnecting', resolve));
      const first = store.get(KEY).catch((e: unknown) => e);
      await reconnecting;
      const error = await store.lock(KEY, 1_000).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedisTokenStoreError);
      expect((error as Error).message).toMatch(/Redis is unavailable/);
      await store.close();
      // closing ends the first call's wait for the connection
      expect(await first).toBeInstanceOf(RedisTokenStoreError);
    });

    it('fails fast while Redis is down and recovers when it is back', async () => {
      server = await startRedisServer();
      const store = new RedisTokenStore({ url: server.url });
      stores.push(store);
      await store.set(KEY, record(), 60_000);

      await server.stop();
      const error = await store.get(KEY).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedisTokenStoreError);
      await expect(store.lock(KEY, 1_000)).rejects.toBeInstanceOf(RedisTokenStoreError);

      await server.start();
      let recovered = false;
      for (let i = 0; i < 100 && !recovered; i++) {
        recovered = await store.set(KEY, record({ generation: 9 }), 60_000).then(
          () => true,
          () => false,
        );
        if (!recovered) await new Promise((r) => setTimeout(r, 50));
      }
      expect(recovered).toBe(true);
      await expect(store.get(KEY)).resolves.toEqual(record({ generation: 9 }));
    });
  },
);
