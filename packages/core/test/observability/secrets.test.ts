import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTokenStore } from '../../src/index.js';
import type { TokenRecord } from '../../src/types.js';
import { ALPHA, ALPHA_GSTIN, GSTIN_QUERY, Harness, recordOutputs } from '../helpers.js';
import { addSecret, secretRegistry, secretsIn } from '../reliability/secrets.js';
import { OtelSdk } from './otel.js';

const API_KEY = 'observe-secret-api-key-0123456789';
const WRONG_PASSWORD = 'Wr0ng-Observe-Pass';
const CANCEL = 'api/v1/ewayBillCancel/';

/** A store whose `set` throws an error quoting the record (its token) and whose `get` is slow. */
class LeakyStore extends MemoryTokenStore {
  override async set(key: string, record: TokenRecord, ttlMs: number): Promise<void> {
    await super.set(key, record, ttlMs);
    throw new Error(`cannot replicate ${JSON.stringify(record)}`);
  }
}

describe('observability: no secret in spans, events, metrics, log lines or channel payloads', () => {
  const sdk = new OtelSdk();
  const h = new Harness();
  beforeAll(() => {
    sdk.register();
  });
  afterEach(() => h.close());
  afterAll(() => sdk.shutdown());

  it('keeps password, tokens and API key out of every observability output', async () => {
    addSecret(API_KEY);
    addSecret(WRONG_PASSWORD);
    await h.start({
      apiKeys: [{ key: API_KEY, username: ALPHA.username }],
      refreshPath: '/api/v2/api-token-refresh/',
      tokenLifetimeSec: 600,
    });
    const { payloads, lines, logger, stop } = recordOutputs();
    try {
      // A rejected password.
      const wrong = h.client({
        logger,
        credentials: { username: ALPHA.username, password: WRONG_PASSWORD },
      });
      await wrong.mastersFetch.get(GSTIN_QUERY).catch(() => {});
      // Logins, a store that quotes the token in its error, a refresh, a 401 replay, 500, timeout.
      const client = h.client({
        logger,
        store: new LeakyStore(),
        refreshPath: 'api/v2/api-token-refresh/',
      });
      await client.mastersFetch.get(GSTIN_QUERY);
      h.clock.advance(600_000 - 5_000);
      await client.mastersFetch.get(GSTIN_QUERY);
      expect(h.mock.stats().refreshes).toBe(1);
      h.mock.revokeTokens(ALPHA.username);
      await client.mastersFetch.post(CANCEL, { json: { userGstin: ALPHA_GSTIN } });
      h.mock.fault({ path: `/${CANCEL}`, status: 500, times: 1 });
      await client.mastersFetch.post(CANCEL, { json: {} }).catch(() => {});
      // The timeout on this call only: a client-wide 300 ms also timed the logins out on a loaded CI.
      h.mock.fault({ path: `/${CANCEL}`, delayMs: 1_000, times: 1 });
      const timedOut = await client.mastersFetch
        .post(CANCEL, { json: {}, timeout: 300 })
        .catch((error: unknown) => error);
      expect(timedOut).toMatchObject({ code: 'ETIMEDOUT' });
      // API-key mode: a call and a 401.
      const keyed = h.client({ logger, credentials: { apiKey: API_KEY } });
      await keyed.mastersFetch.get(GSTIN_QUERY);
      h.mock.fault({ path: `/${CANCEL}`, status: 401, times: 1 });
      await keyed.mastersFetch.post(CANCEL, { json: {} }).catch(() => {});
      await client.getAccessToken();
    } finally {
      stop();
    }

    const spans = sdk.finished();
    expect(spans.length).toBeGreaterThan(10);
    expect(
      spans.some((s) => s.events.some((e) => e.name === 'mastersfetch.unauthorized_replay')),
    ).toBe(true);
    expect(payloads.length).toBeGreaterThan(20);
    expect(lines.some(([, msg]) => msg === 'Masters India API call')).toBe(true);
    const metricNames = [
      'mastersfetch.logins',
      'mastersfetch.renewals',
      'mastersfetch.renewal.waits',
      'mastersfetch.unauthorized_replays',
      'mastersfetch.login.duration',
      'mastersfetch.token.time_to_expiry',
    ];
    const points = (await Promise.all(metricNames.map((n) => sdk.points(n)))).flat();
    expect(points.length).toBeGreaterThan(3);

    // The registry holds the demo passwords and every password, token and key seen on the wire.
    const secrets = secretRegistry();
    expect(secrets.has(API_KEY)).toBe(true);
    expect(secrets.size).toBeGreaterThan(5);
    const haystacks = [
      ...spans.map((s) =>
        inspect(
          {
            name: s.name,
            attributes: s.attributes,
            events: s.events,
            status: s.status,
            links: s.links,
          },
          { depth: 10 },
        ),
      ),
      ...points.map((p) => inspect(p.attributes, { depth: 10 })),
      ...lines.map((a) => inspect(a, { depth: 10 })),
      ...payloads.map((p) => inspect(p, { depth: 10 })),
      ...payloads.map((p) => JSON.stringify(p)),
    ];
    for (const text of haystacks) expect(secretsIn(text)).toEqual([]);
  });
});
