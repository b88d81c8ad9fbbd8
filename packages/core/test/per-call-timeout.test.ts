import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { MastersHttpError } from '../src/errors.js';
import { ALPHA_CREDENTIALS, DETAILS_PATH, GSTIN_QUERY, Harness } from './helpers.js';

describe('a per-call ky timeout', () => {
  const h = new Harness();
  afterEach(() => h.close());

  it.each(['get', 'post'] as const)(
    'surfaces as MastersHttpError ETIMEDOUT with a sanitized cause (%s), never as ky’s TimeoutError',
    async (method) => {
      await h.start();
      const client = h.client();
      const token = await client.getAccessToken();
      h.mock.fault({ path: DETAILS_PATH, delayMs: 3_000, times: 1 });

      const error = await client.mastersFetch[method](GSTIN_QUERY, {
        timeout: 300,
        retry: 0,
        ...(method === 'post' ? { json: { probe: true } } : {}),
      }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(MastersHttpError);
      expect(error).toMatchObject({
        name: 'MastersHttpError',
        status: undefined,
        code: 'ETIMEDOUT',
        method: method.toUpperCase(),
        path: DETAILS_PATH,
      });
      expect((error as Error).message).toContain('300 ms');
      const cause = (error as Error).cause;
      expect(
        cause === undefined || !(cause instanceof Error && cause.name === 'TimeoutError'),
      ).toBe(true);
      for (const text of [inspect(error, { depth: 8 }), JSON.stringify(error)]) {
        expect(text).not.toContain(token);
        expect(text).not.toContain(ALPHA_CREDENTIALS.password);
        expect(text).not.toContain('TimeoutError');
      }
    },
  );
});
