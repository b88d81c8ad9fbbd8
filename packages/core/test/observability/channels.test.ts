import dc from 'node:diagnostics_channel';
import { metrics, trace } from '@opentelemetry/api';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MASTERSFETCH_CHANNELS } from '../../src/index.js';
import { ALPHA, DETAILS_PATH, GSTIN_QUERY, Harness } from '../helpers.js';

type Recorded = { event: string; payload: Record<string, unknown> };

/** Subscribes to every event of TracingChannel `name`; payloads are snapshots (copied at publish). */
function recordTracing(name: string): { events: Recorded[]; stop: () => void } {
  const events: Recorded[] = [];
  const channel = dc.tracingChannel(name);
  const on = (event: string) => (payload: unknown) =>
    events.push({ event, payload: { ...(payload as Record<string, unknown>) } });
  const handlers = {
    start: on('start'),
    end: on('end'),
    asyncStart: on('asyncStart'),
    asyncEnd: on('asyncEnd'),
    error: on('error'),
  };
  channel.subscribe(handlers);
  return { events, stop: () => channel.unsubscribe(handlers) };
}

const SETTLED_OK = ['start', 'end', 'asyncStart', 'asyncEnd'];
const SETTLED_ERROR = ['start', 'end', 'error', 'asyncStart', 'asyncEnd'];

describe('observability: diagnostics_channel publications', () => {
  const h = new Harness();
  const stops: (() => void)[] = [];
  const record = (name: string) => {
    const r = recordTracing(name);
    stops.push(r.stop);
    return r.events;
  };
  beforeAll(() => {
    // No OpenTelemetry SDK in this file: the channels work on their own.
    trace.disable();
    metrics.disable();
  });
  afterEach(async () => {
    for (const stop of stops.splice(0)) stop();
    await h.close();
  });

  it('exports the channel names', () => {
    expect(MASTERSFETCH_CHANNELS).toEqual({
      login: 'mastersfetch:login',
      refresh: 'mastersfetch:refresh',
      renew: 'mastersfetch:renew',
      store: 'mastersfetch:store',
      request: 'mastersfetch:request',
      unauthorizedReplay: 'mastersfetch:unauthorized-replay',
    });
  });

  it('mastersfetch:login, success and rejected credentials (error channel, sanitized error)', async () => {
    const events = record(MASTERSFETCH_CHANNELS.login);
    await h.start();
    await h.client().warmUp();
    expect(events.map((e) => e.event)).toEqual(SETTLED_OK);
    const done = events[3]!.payload;
    expect(done).toMatchObject({
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      mode: 'password',
      outcome: 'success',
    });
    expect(typeof done.durationMs).toBe('number');
    expect(Object.keys(done).sort()).toEqual(['durationMs', 'fingerprint', 'mode', 'outcome']);
    expect(Object.keys(events[0]!.payload).sort()).toEqual(['fingerprint', 'mode']);

    events.length = 0;
    const wrong = h.client({
      credentials: { username: ALPHA.username, password: 'Wr0ng-Pass-123' },
    });
    await wrong.warmUp().catch(() => {});
    expect(events.map((e) => e.event)).toEqual(SETTLED_ERROR);
    expect(events[2]!.payload).toMatchObject({
      outcome: 'invalid_credentials',
      error: { name: 'MastersInvalidCredentialsError', status: 206 },
    });
  });

  it('mastersfetch:refresh', async () => {
    const events = record(MASTERSFETCH_CHANNELS.refresh);
    await h.start({ refreshPath: '/api/v2/api-token-refresh/', tokenLifetimeSec: 600 });
    const client = h.client({ refreshPath: 'api/v2/api-token-refresh/' });
    await client.warmUp();
    expect(events).toEqual([]);
    h.clock.advance(600_000 - 5_000);
    await client.mastersFetch.get(GSTIN_QUERY);
    expect(events.map((e) => e.event)).toEqual(SETTLED_OK);
    expect(events[3]!.payload).toMatchObject({ mode: 'password', outcome: 'success' });
  });

  it('mastersfetch:renew, with the reason (cold, then unauthorized)', async () => {
    const events = record(MASTERSFETCH_CHANNELS.renew);
    await h.start();
    const client = h.client();
    await client.mastersFetch.get(GSTIN_QUERY);
    h.mock.revokeTokens(ALPHA.username);
    await client.mastersFetch.get(GSTIN_QUERY);
    const settled = events.filter((e) => e.event === 'asyncEnd').map((e) => e.payload);
    expect(settled.map((p) => [p.reason, p.outcome, p.mode])).toEqual([
      ['cold', 'success', 'password'],
      ['unauthorized', 'success', 'password'],
    ]);
    expect(events.filter((e) => e.event === 'start').map((e) => e.payload.reason)).toEqual([
      'cold',
      'unauthorized',
    ]);
  });

  it('mastersfetch:store, one traced call per store operation', async () => {
    const events = record(MASTERSFETCH_CHANNELS.store);
    await h.start();
    const client = h.client();
    await client.warmUp();
    await client.invalidate();
    const ops = events.filter((e) => e.event === 'asyncEnd').map((e) => e.payload.operation);
    expect(ops).toEqual(['get', 'lock', 'get', 'set', 'unlock', 'delete']);
    for (const e of events) expect(e.payload.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('mastersfetch:request: method, path without query, fingerprint, mode, status, durationMs; error on failure', async () => {
    const events = record(MASTERSFETCH_CHANNELS.request);
    await h.start();
    const client = h.client();
    await client.mastersFetch.get(GSTIN_QUERY);
    expect(events.map((e) => e.event)).toEqual(SETTLED_OK);
    expect(events[0]!.payload).toMatchObject({ method: 'GET', path: DETAILS_PATH });
    expect(events[3]!.payload).toMatchObject({
      method: 'GET',
      path: DETAILS_PATH,
      mode: 'password',
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      status: 200,
    });
    expect(typeof events[3]!.payload.durationMs).toBe('number');

    events.length = 0;
    h.mock.fault({ path: '/api/v1/ewayBillCancel/', status: 500, body: { detail: 'x' } });
    await client.mastersFetch.post('api/v1/ewayBillCancel/', { json: {} }).catch(() => {});
    expect(events.map((e) => e.event)).toEqual(SETTLED_ERROR);
    expect(events[2]!.payload).toMatchObject({
      method: 'POST',
      status: 500,
      error: { name: 'MastersHttpError', status: 500 },
    });
  });

  it('mastersfetch:unauthorized-replay', async () => {
    const seen: unknown[] = [];
    const onReplay = (payload: unknown) => seen.push(payload);
    dc.subscribe(MASTERSFETCH_CHANNELS.unauthorizedReplay, onReplay);
    stops.push(() => dc.unsubscribe(MASTERSFETCH_CHANNELS.unauthorizedReplay, onReplay));
    await h.start();
    const client = h.client();
    await client.warmUp();
    h.mock.revokeTokens(ALPHA.username);
    await client.mastersFetch.get(GSTIN_QUERY);
    expect(seen).toEqual([
      {
        fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
        mode: 'password',
        method: 'GET',
        path: DETAILS_PATH,
      },
    ]);
  });
});
