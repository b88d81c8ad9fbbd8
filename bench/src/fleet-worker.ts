/**
 * One process of the fleet (scenario 6). argv: mock URL, `redis` | `memory`, Redis URL, key
 * prefix, calls. Sends `ready`, waits for `go`, fires all calls at once, replies `done`.
 */
import { createMastersClient, type TokenStore } from '@mastersfetch/core';
import { RedisTokenStore } from '@mastersfetch/redis';
import { DEMO_USERS } from '@mastersfetch/mock-server';
import { API_PATH, API_QUERY } from './api.js';

async function main(): Promise<void> {
  const [baseUrl, kind, redisUrl, keyPrefix, callsText] = process.argv.slice(2) as [
    string,
    'redis' | 'memory',
    string,
    string,
    string,
  ];
  const user = DEMO_USERS[0]!;
  const redis = kind === 'redis' ? new RedisTokenStore({ url: redisUrl, keyPrefix }) : undefined;
  const store: TokenStore | undefined = redis;
  const client = createMastersClient({
    baseUrl,
    credentials: { username: user.username, password: user.password },
    keySecret: 'bench-fleet-shared-secret',
    // This scenario counts logins; on a loaded machine 32 cold processes may exceed the 10 s default.
    timeoutMs: 60_000,
    operationDeadlineMs: 60_000,
    ...(store ? { store } : {}),
  });
  process.once('message', () => {
    Promise.allSettled(
      Array.from({ length: Number(callsText) }, () =>
        client.mastersFetch.get(API_PATH, { searchParams: API_QUERY }).json(),
      ),
    ).then(async (results) => {
      const failed = results.filter((r) => r.status === 'rejected').length;
      const stats = client.stats();
      await client.close();
      await redis?.close();
      process.send?.({ type: 'done', failed, logins: stats.logins }, () => process.disconnect());
    });
  });
  process.send?.({ type: 'ready' });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
