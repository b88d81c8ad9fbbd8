/* global process, performance, setTimeout, setImmediate */
// One process of a simulated fleet, driven by the fleet tests over IPC (child_process.fork).
// It imports the BUILT packages (dist), exactly as an application would.
import { createHash } from 'node:crypto';
import { createMastersClient, MemoryTokenStore } from '@mastersfetch/core';
import { RedisTokenStore } from '@mastersfetch/redis';

/** Added to both clocks on `advance`, so a test can move a process into its soft window. */
let offsetMs = 0;
const clock = {
  now: () => performance.now() + offsetMs,
  wallNow: () => Date.now() + offsetMs,
};

let client;
let store;
const storeErrors = [];

const sha = (text) => createHash('sha256').update(text).digest('hex').slice(0, 16);

async function fire({ count, gstin }) {
  const results = await Promise.allSettled(
    Array.from({ length: count }, () =>
      client.mastersFetch
        .get('api/v1/getEwayBillData/', {
          searchParams: { action: 'GetGSTINDetails', userGstin: gstin, gstin },
        })
        .json(),
    ),
  );
  const errors = results
    .filter((r) => r.status === 'rejected')
    .map((r) => `${r.reason?.name}: ${r.reason?.message}`);
  return { ok: count - errors.length, failed: errors.length, errors: [...new Set(errors)] };
}

const handlers = {
  async init({ baseUrl, credentials, storeKind, redisUrl, keyPrefix, options }) {
    store =
      storeKind === 'redis'
        ? new RedisTokenStore({ url: redisUrl, keyPrefix })
        : new MemoryTokenStore();
    if (storeKind === 'redis') {
      // Connect before the test's start signal so 8 cold processes race on the token, not on TCP.
      // (Retried: on a loaded machine the first connection can exceed the store's ready budget.)
      for (let attempt = 0; ; attempt++) {
        try {
          await store.get('warm-up-connection');
          break;
        } catch (error) {
          if (attempt >= 40) throw error;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
    }
    client = createMastersClient({
      baseUrl,
      credentials,
      store,
      keySecret: 'fleet-test-shared-key-secret',
      clock,
      ...options,
    });
    client.on('storeError', ({ operation }) => storeErrors.push(operation));
    return { pid: process.pid };
  },
  fire,
  advance({ ms }) {
    offsetMs += ms;
    return offsetMs;
  },
  async tokenInfo() {
    const token = await client.getAccessToken();
    return { tokenSha: sha(token), status: client.tokenStatus() };
  },
  stats() {
    return { stats: client.stats(), storeErrors: [...storeErrors] };
  },
  storeStatus() {
    return store.client?.status ?? 'memory';
  },
  async close() {
    await client?.close();
    await store?.close?.();
    setImmediate(() => process.exit(0));
    return null;
  },
};

process.on('message', async (message) => {
  const { id, type, payload } = message;
  try {
    const result = await handlers[type](payload ?? {});
    process.send({ id, ok: true, result });
  } catch (error) {
    process.send({ id, ok: false, error: `${error?.name}: ${error?.message}` });
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ id: 0, ok: true, result: 'booted' });
