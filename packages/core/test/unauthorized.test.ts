import { afterEach, describe, expect, it } from 'vitest';
import { MastersHttpError } from '../src/errors.js';
import { ALPHA, ALPHA_GSTIN, DETAILS_PATH, GSTIN_QUERY, Harness } from './helpers.js';

const CANCEL = '/api/v1/ewayBillCancel/';

describe('mastersFetch: 401 replay', () => {
  const h = new Harness();
  afterEach(() => h.close());

  it('renews once after revokeTokens() and replays three requests (one POST) with identical bodies', async () => {
    await h.start();
    const client = h.client();
    await client.warmUp();
    h.mock.revokeTokens(ALPHA.username);
    const body = {
      userGstin: ALPHA_GSTIN,
      eway_bill_number: 123456789012,
      reason_of_cancel: 'Others',
      cancel_remark: 'test',
    };
    const [a, b, c] = await Promise.all([
      client.mastersFetch.get(GSTIN_QUERY),
      client.mastersFetch.get(GSTIN_QUERY),
      client.mastersFetch.post('api/v1/ewayBillCancel/', { json: body }),
    ]);
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    expect(h.tokenAuthCount()).toBe(2);
    const api = h.mock.requests().filter((r) => r.path === DETAILS_PATH || r.path === CANCEL);
    const rejected = api.filter((r) => r.status === 401);
    const replays = api.filter((r) => r.status !== 401);
    expect(rejected).toHaveLength(3);
    expect(replays).toHaveLength(3);
    expect(replays.every((r) => r.tokenGeneration === 2)).toBe(true);
    const posts = api.filter((r) => r.path === CANCEL);
    expect(posts).toHaveLength(2);
    expect(posts[0]!.bodySha256).toBeDefined();
    expect(posts[1]!.bodySha256).toBe(posts[0]!.bodySha256);
    expect(client.stats()).toMatchObject({ logins: 2, renewals: 1, replays: 3 });
  });

  it('surfaces a 401 that survives the replay and then stops renewing for the guard period', async () => {
    await h.start();
    h.mock.fault({ path: CANCEL, status: 401, body: { detail: 'Forbidden for this GSTIN' } });
    const client = h.client();
    await client.warmUp();
    const call = () =>
      client.mastersFetch.post('api/v1/ewayBillCancel/', { json: { userGstin: ALPHA_GSTIN } });
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MastersHttpError);
    expect((error as MastersHttpError).status).toBe(401);
    expect(h.mock.stats().byPath[CANCEL]).toBe(2);
    expect(h.tokenAuthCount()).toBe(2);
    for (let i = 0; i < 10; i++) {
      h.clock.advance(5_900);
      await expect(call()).rejects.toMatchObject({ name: 'MastersHttpError', status: 401 });
    }
    expect(h.mock.stats().byPath[CANCEL]).toBe(12);
    expect(h.tokenAuthCount()).toBe(2);
    // Other paths keep working with the current token.
    expect((await client.mastersFetch.get(GSTIN_QUERY)).status).toBe(200);
  });

  it('works with retry: 0 and never retries a POST on 5xx', async () => {
    await h.start();
    h.mock.fault({ path: CANCEL, status: 503, times: 5 });
    const client = h.client();
    const err = await client.mastersFetch
      .post('api/v1/ewayBillCancel/', { json: {}, retry: 0 })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      name: 'MastersHttpError',
      status: 503,
      method: 'POST',
      path: CANCEL,
    });
    expect(h.mock.stats().byPath[CANCEL]).toBe(1);
    const err2 = await client.mastersFetch
      .post('api/v1/ewayBillCancel/', { json: {} })
      .catch((e: unknown) => e);
    expect(err2).toMatchObject({ status: 503 });
    expect(h.mock.stats().byPath[CANCEL]).toBe(2);
    h.mock.revokeTokens();
    const r = await client.mastersFetch.get(GSTIN_QUERY, { retry: 0 });
    expect(r.status).toBe(200);
  });

  it('retries a GET on 503 (limit 2) and sends the auth header on every attempt', async () => {
    await h.start();
    h.mock.fault({ path: DETAILS_PATH, status: 503, times: 2, headers: { 'retry-after': '0' } });
    const client = h.client();
    const r = await client.mastersFetch.get(GSTIN_QUERY);
    expect(r.status).toBe(200);
    const attempts = h.mock.requests().filter((x) => x.path === DETAILS_PATH);
    expect(attempts).toHaveLength(3);
    expect(attempts.at(-1)?.tokenGeneration).toBe(1);
    expect(h.tokenAuthCount()).toBe(1);
  });

  it('sends no auth header to another origin', async () => {
    await h.start();
    const other = await (await import('@mastersfetch/mock-server')).startMockServer();
    try {
      const client = h.client();
      const url = new URL(`${other.url}/${GSTIN_QUERY}`);
      const r = await client.mastersFetch.get(url, { throwHttpErrors: false, retry: 0 });
      expect(r.status).toBe(401);
      expect(other.requests()[0]?.tokenGeneration).toBeUndefined();
      expect(h.tokenAuthCount()).toBe(0);
    } finally {
      await other.close();
    }
  });
});
