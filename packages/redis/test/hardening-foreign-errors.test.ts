import { inspect } from 'node:util';
import { createMastersClient, type MastersClient } from '@mastersfetch/core';
import { DEMO_USERS, startMockServer } from '@mastersfetch/mock-server';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisTokenStore } from '../src/index.js';
import { redisSkipReason, startRedisServer, type RedisServer } from './redis-server.js';

// Issue 17, finding 5: ioredis' ReplyError holds the command it failed, `command.args` included:
// for a SET that is the stored record, access token and all. It reached `storeError` listeners raw.

const user = DEMO_USERS[0]!;

describe.skipIf(redisSkipReason({ needsOwnServer: true }) !== undefined)(
  'hardening: foreign errors of the Redis store (issue 17, finding 5)',
  () => {
    let server: RedisServer;
    beforeAll(async () => {
      server = await startRedisServer();
    });
    afterAll(async () => {
      await server.stop();
    });

    it('shows no access token in any view of a storeError payload whose ReplyError quotes the record', async () => {
      // Redis out of memory: every write is refused with an OOM ReplyError (reads still work).
      const admin = new Redis(server.url);
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
      await admin.config('SET', 'maxmemory', '1');
      const mock = await startMockServer();
      const store = new RedisTokenStore({ url: server.url });
      let client: MastersClient | undefined;
      try {
        client = createMastersClient({
          baseUrl: mock.url,
          credentials: { username: user.username, password: user.password },
          store,
          keySecret: 'foreign-errors-key-secret',
        });
        const payloads: unknown[] = [];
        client.on('storeError', (p) => payloads.push(p));
        const token = await client.getAccessToken();
        const setFailure = payloads.find((p) => (p as { operation: string }).operation === 'set');
        expect(setFailure).toBeDefined();
        const text = inspect(setFailure, { depth: 10 });
        // The failure really is the ReplyError of the SET (the test can fail) ...
        expect(text).toContain('OOM');
        expect(text).toContain('args');
        // ... and no view of it shows the token (nor any part of the stored record's token).
        for (const view of [text, JSON.stringify(setFailure), String(setFailure)]) {
          expect(view).not.toContain(token);
          expect(view).not.toContain(token.split('.')[2]!);
          expect(view).not.toContain(user.password);
        }
      } finally {
        await client?.close();
        await store.close();
        await mock.close();
        await admin.config('SET', 'maxmemory', '0');
        admin.disconnect();
      }
    });
  },
);
