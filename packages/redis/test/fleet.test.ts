import { DEMO_USERS, startMockServer, TOKEN_AUTH_PATH } from '@mastersfetch/mock-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnWorker, waitFor, type FleetWorker, type WorkerInit } from './fleet.js';
import {
  deleteKeysWithPrefix,
  redisSkipReason,
  sharedRedis,
  startRedisServer,
  uniquePrefix,
  type RedisServer,
} from './redis-server.js';

/**
 * Issue 8 acceptance: separate Node processes (child_process.fork of `fleet-worker.mjs`, which
 * imports the built dist of core and redis) share one token through a real Redis, against the real
 * mock server over loopback.
 */

type MockServer = Awaited<ReturnType<typeof startMockServer>>;

const user = DEMO_USERS[0]!;
const credentials = { username: user.username, password: user.password };
const gstin = user.gstins[0]!;
const REFRESH_PATH = '/api/v2/api-token-refresh/';

let mock: MockServer | undefined;
const workers: FleetWorker[] = [];

async function spawnFleet(count: number, init: Omit<WorkerInit, 'credentials'>) {
  const spawned = await Promise.all(
    Array.from({ length: count }, () => spawnWorker({ credentials, ...init })),
  );
  workers.push(...spawned);
  return spawned;
}

async function closeFleet() {
  await Promise.all(workers.splice(0).map((w) => w.close()));
}

function total(results: { ok: number; failed: number; errors: string[] }[]) {
  return {
    ok: results.reduce((n, r) => n + r.ok, 0),
    failed: results.reduce((n, r) => n + r.failed, 0),
    errors: [...new Set(results.flatMap((r) => r.errors))],
  };
}

afterEach(async () => {
  await closeFleet();
  await mock?.close();
  mock = undefined;
});

describe.skipIf(redisSkipReason() !== undefined)('a fleet sharing a RedisTokenStore', () => {
  let redis: { url: string; close(): Promise<void> };
  let prefix: string;

  beforeAll(async () => {
    redis = await sharedRedis();
  });

  afterAll(async () => {
    await redis.close();
  });

  afterEach(async () => {
    await deleteKeysWithPrefix(redis.url, prefix);
  });

  it('logs in once for 8 processes × 250 concurrent cold requests (MemoryTokenStore: 8 times)', async () => {
    prefix = uniquePrefix('fleet-cold');
    mock = await startMockServer();
    // 2 000 concurrent requests on a loaded 2-core CI machine: generous per-attempt timeouts.
    const options = { storeTimeoutMs: 2_000, timeoutMs: 120_000, operationDeadlineMs: 120_000 };

    let fleet = await spawnFleet(8, {
      baseUrl: mock.url,
      storeKind: 'redis',
      redisUrl: redis.url,
      keyPrefix: prefix,
      options,
    });
    const shared = total(await Promise.all(fleet.map((w) => w.fire(250, gstin))));
    expect(shared).toEqual({ ok: 2_000, failed: 0, errors: [] });
    expect(mock.stats().logins).toBe(1);
    const sharedStats = await Promise.all(fleet.map((w) => w.stats()));
    expect(sharedStats.flatMap((s) => s.storeErrors)).toEqual([]);
    await closeFleet();

    mock.reset();
    fleet = await spawnFleet(8, { baseUrl: mock.url, storeKind: 'memory', options });
    const separate = total(await Promise.all(fleet.map((w) => w.fire(250, gstin))));
    expect(separate).toEqual({ ok: 2_000, failed: 0, errors: [] });
    expect(mock.stats().logins).toBe(8);
    console.log(
      '[fleet] 8 processes × 250 cold requests: RedisTokenStore 1 login, MemoryTokenStore 8',
    );
  }, 300_000);

  it('recovers when the lock holder is SIGKILLed mid-login: another process logs in after the lock TTL', async () => {
    prefix = uniquePrefix('fleet-kill');
    mock = await startMockServer();
    const lockTtlMs = 1_500;
    const [holder, ...others] = await spawnFleet(3, {
      baseUrl: mock.url,
      storeKind: 'redis',
      redisUrl: redis.url,
      keyPrefix: prefix,
      options: { lockTtlMs, storeTimeoutMs: 2_000 },
    });
    mock.fault({ path: TOKEN_AUTH_PATH, method: 'POST', delayMs: 2_000, times: 1 });

    const doomed = holder!.fire(50, gstin).catch((error: unknown) => error);
    await waitFor('the lock holder’s login to reach the mock', () => {
      return (mock!.stats().byPath[TOKEN_AUTH_PATH] ?? 0) >= 1;
    });
    await holder!.kill();
    expect(await doomed).toBeInstanceOf(Error);

    const killedAt = Date.now();
    const survivors = total(await Promise.all(others.map((w) => w.fire(100, gstin))));
    expect(survivors).toEqual({ ok: 200, failed: 0, errors: [] });

    const stats = await Promise.all(others.map((w) => w.stats()));
    // a survivor logged in itself (the killed holder never wrote a record) ...
    expect(stats.reduce((n, s) => n + s.stats.logins, 0)).toBeGreaterThanOrEqual(1);
    // ... after waiting on the lock: the successful logins at the mock all came after the kill
    const logins = mock.requests().filter((r) => r.path === TOKEN_AUTH_PATH && r.status === 200);
    expect(logins.filter((r) => r.at >= killedAt).length).toBeGreaterThanOrEqual(1);
    expect(stats.every((s) => s.stats.waits > 0)).toBe(true);
    console.log(
      `[fleet] lock holder killed: ${logins.length} successful login(s) after the kill, ${survivors.ok}/200 survivor requests ok`,
    );
  }, 90_000);

  it('refreshes once for 5 processes crossing the soft window together, and none keeps an invalidated token', async () => {
    prefix = uniquePrefix('fleet-refresh');
    const tokenLifetimeSec = 3_600;
    mock = await startMockServer({ refreshPath: REFRESH_PATH, tokenLifetimeSec });
    const fleet = await spawnFleet(5, {
      baseUrl: mock.url,
      storeKind: 'redis',
      redisUrl: redis.url,
      keyPrefix: prefix,
      options: { refreshPath: REFRESH_PATH, storeTimeoutMs: 2_000 },
    });
    expect(total(await Promise.all(fleet.map((w) => w.fire(20, gstin)))).failed).toBe(0);
    expect(mock.stats()).toMatchObject({ logins: 1, refreshes: 0 });

    // 50 min into a 60 min token: inside the soft window (15 min), outside the hard one (30 s).
    await Promise.all(fleet.map((w) => w.call('advance', { ms: 50 * 60_000 })));
    const crossing = total(await Promise.all(fleet.map((w) => w.fire(20, gstin))));
    expect(crossing).toEqual({ ok: 100, failed: 0, errors: [] });

    // Background renewals settle: every process ends up on the same (refreshed) token.
    let hashes: string[] = [];
    await waitFor(
      'every process to hold the refreshed token',
      async () => {
        await Promise.all(fleet.map((w) => w.fire(1, gstin)));
        const infos = await Promise.all(
          fleet.map((w) => w.call<{ tokenSha: string }>('tokenInfo')),
        );
        hashes = infos.map((i) => i.tokenSha);
        return mock!.stats().refreshes >= 1 && new Set(hashes).size === 1;
      },
      () => JSON.stringify({ hashes, mock: mock!.stats() }),
    );
    expect(mock.stats()).toMatchObject({ logins: 1, refreshes: 1 });

    const unauthorizedBefore = mock.stats().unauthorized;
    const requestsBefore = mock.requests().length;
    const after = total(await Promise.all(fleet.map((w) => w.fire(20, gstin))));
    expect(after).toEqual({ ok: 100, failed: 0, errors: [] });
    expect(mock.stats().unauthorized).toBe(unauthorizedBefore);
    const generations = new Set(
      mock
        .requests()
        .slice(requestsBefore)
        .map((r) => r.tokenGeneration),
    );
    expect([...generations]).toEqual([2]); // login = 1, the single refresh = 2
    expect(mock.stats()).toMatchObject({ logins: 1, refreshes: 1 });
  }, 90_000);
});

describe.skipIf(redisSkipReason({ needsOwnServer: true }) !== undefined)(
  'a fleet whose Redis goes away',
  () => {
    let server: RedisServer | undefined;

    afterEach(async () => {
      await closeFleet();
      await server?.stop();
      server = undefined;
    });

    it('keeps serving without Redis (storeError, ≤ 1 extra login per process) and shares one login again once it is back', async () => {
      server = await startRedisServer();
      mock = await startMockServer();
      const fleet = await spawnFleet(3, {
        baseUrl: mock.url,
        storeKind: 'redis',
        redisUrl: server.url,
        keyPrefix: uniquePrefix('fleet-outage'),
        options: { storeTimeoutMs: 2_000 },
      });
      expect(total(await Promise.all(fleet.map((w) => w.fire(50, gstin)))).failed).toBe(0);
      expect(mock.stats().logins).toBe(1);
      const before = await Promise.all(fleet.map((w) => w.stats()));

      await server.stop();
      // Tokens in memory keep working while Redis is away ...
      expect(total(await Promise.all(fleet.map((w) => w.fire(50, gstin)))).failed).toBe(0);
      expect(mock.stats().logins).toBe(1);
      // ... and when they run out (a day later), each process logs in on its own.
      await Promise.all(fleet.map((w) => w.call('advance', { ms: 86_400_000 + 60_000 })));
      const outage = total(await Promise.all(fleet.map((w) => w.fire(50, gstin))));
      expect(outage).toEqual({ ok: 150, failed: 0, errors: [] });
      const outageLogins = mock.stats().logins - 1;
      expect(outageLogins).toBeLessThanOrEqual(fleet.length);
      const outageStats = await Promise.all(fleet.map((w) => w.stats()));
      outageStats.forEach((s, i) => {
        expect(s.storeErrors.length).toBeGreaterThan(0);
        expect(s.stats.logins - before[i]!.stats.logins).toBeLessThanOrEqual(1);
      });

      await server.start();
      await waitFor('every process to reconnect to Redis', async () => {
        const statuses = await Promise.all(fleet.map((w) => w.call<string>('storeStatus')));
        return statuses.every((s) => s === 'ready');
      });
      mock.revokeTokens();
      const loginsBefore = mock.stats().logins;
      const wave = total(await Promise.all(fleet.map((w) => w.fire(50, gstin))));
      expect(wave).toEqual({ ok: 150, failed: 0, errors: [] });
      expect(mock.stats().logins - loginsBefore).toBe(1);
      console.log(
        `[fleet] Redis outage: ${outageLogins} login(s) for ${fleet.length} processes, ` +
          `${outageStats.reduce((n, s) => n + s.storeErrors.length, 0)} storeError events; after restart + revoke: 1 login`,
      );
    }, 90_000);
  },
);
