import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ALPHA, ALPHA_GSTIN, GSTIN_QUERY, Harness, TOKEN_AUTH } from './helpers.js';
import type { MastersClient, MastersEventName } from '../src/types.js';

const EVENTS: MastersEventName[] = [
  'login',
  'renew',
  'renewFailed',
  'invalidCredentials',
  'tokenRejected',
  'skewDetected',
  'storeError',
];
const API_KEY = 'secret-api-key-0123456789';
const CANCEL = '/api/v1/ewayBillCancel/';

function renderings(error: unknown): string[] {
  const e = error as Error;
  return [e.message, e.stack ?? '', JSON.stringify(e), inspect(e, { depth: 10 })];
}

describe('secrets never leak', () => {
  const h = new Harness();
  afterEach(() => h.close());

  it('keeps password, token and API key out of errors, logs, events and inspect(client)', async () => {
    await h.start({ apiKeys: [{ key: API_KEY, username: ALPHA.username }] });
    const logged: unknown[][] = [];
    const logger = {
      debug: (...a: unknown[]) => logged.push(a),
      info: (...a: unknown[]) => logged.push(a),
      warn: (...a: unknown[]) => logged.push(a),
      error: (...a: unknown[]) => logged.push(a),
    };
    const events: unknown[] = [];
    const watch = (c: MastersClient) => {
      for (const name of EVENTS) c.on(name, (p) => events.push(p));
    };
    const errors: unknown[] = [];
    const capture = (p: Promise<unknown>) =>
      p.then(
        () => {
          throw new Error('expected a failure');
        },
        (e: unknown) => errors.push(e),
      );

    // A failed login.
    const wrong = h.client({
      logger,
      credentials: { username: ALPHA.username, password: 'Wr0ng-Secret-Pass' },
    });
    watch(wrong);
    await capture(wrong.mastersFetch.get(GSTIN_QUERY));

    // A 500, a timeout and a 401 with a valid token.
    const client = h.client({ logger });
    watch(client);
    const token = await client.getAccessToken();
    h.mock.fault({ path: CANCEL, status: 500, times: 1 });
    await capture(
      client.mastersFetch.post('api/v1/ewayBillCancel/', { json: { userGstin: ALPHA_GSTIN } }),
    );
    // The timeout on this call only (a client-wide one also timed the login out on a loaded CI).
    h.mock.fault({ path: CANCEL, delayMs: 1_500, times: 1 });
    await capture(
      client.mastersFetch.post('api/v1/ewayBillCancel/', {
        json: { userGstin: ALPHA_GSTIN },
        timeout: 300,
      }),
    );
    h.mock.fault({ path: CANCEL, status: 401, body: { detail: 'nope' } });
    await capture(
      client.mastersFetch.post('api/v1/ewayBillCancel/', { json: { userGstin: ALPHA_GSTIN } }),
    );
    const renewedToken = await client.getAccessToken();

    // API-key mode: a 500 and a 401.
    const keyed = h.client({ logger, credentials: { apiKey: API_KEY } });
    watch(keyed);
    h.mock.reset();
    h.mock.fault({ path: CANCEL, status: 500, times: 1 });
    await capture(keyed.mastersFetch.post('api/v1/ewayBillCancel/', { json: {} }));
    h.mock.fault({ path: CANCEL, status: 401, body: { detail: 'Invalid api_key' } });
    await capture(keyed.mastersFetch.post('api/v1/ewayBillCancel/', { json: {} }));
    expect(h.mock.stats().byPath[TOKEN_AUTH] ?? 0).toBe(0);

    expect(errors.length).toBe(6);
    expect(errors.map((e) => (e as Error).name)).toEqual([
      'MastersInvalidCredentialsError',
      'MastersHttpError',
      'MastersHttpError',
      'MastersHttpError',
      'MastersHttpError',
      'MastersHttpError',
    ]);
    expect(events.length).toBeGreaterThan(0);
    expect(logged.length).toBeGreaterThan(0);

    const secrets = [ALPHA.password, 'Wr0ng-Secret-Pass', token, renewedToken, API_KEY];
    const haystacks = [
      ...errors.flatMap(renderings),
      ...logged.map((a) => inspect(a, { depth: 10 })),
      ...events.map((p) => inspect(p, { depth: 10 })),
      ...events.map((p) => JSON.stringify(p)),
      inspect(client, { depth: 10 }),
      inspect(keyed, { depth: 10 }),
      inspect(wrong, { depth: 10 }),
      JSON.stringify(client),
    ];
    for (const text of haystacks) {
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
});
