import http from 'node:http';
import { once } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { INestApplication } from '@nestjs/common';
import { startMockServer, type MockServer } from '@mastersfetch/mock-server';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startProbeApp, type FilterRegistration, type Platform } from './apps.js';
import { slowEvents } from './probe.controller.js';

const setups: { platform: Platform; filter: FilterRegistration }[] = [
  { platform: 'express', filter: 'APP_FILTER' },
  { platform: 'fastify', filter: 'useGlobalFilters' },
  { platform: 'fastify', filter: 'APP_FILTER' },
];

describe.each(setups)('MastersIndiaModule on Nest 11 ($platform, filter via $filter)', (setup) => {
  let mock: MockServer;
  let app: INestApplication;
  let url: string;

  beforeEach(async () => {
    mock = await startMockServer();
    app = await startProbeApp({ baseUrl: mock.url, ...setup });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterEach(async () => {
    await app.close();
    await mock.close();
  });

  it('hands the service fetch to @MastersFetch(), @InjectMastersFetch() and the request', async () => {
    const res = await request(url).get('/wiring').expect(200);
    expect(res.body).toEqual({
      decoratorIsRequestFetch: true,
      decoratorIsKy: true,
      injectedIsServiceFetch: true,
    });
    expect(mock.stats().logins).toBe(0); // wiring alone never logs in
  });

  it('logs in exactly once for 200 concurrent cold requests through a controller', async () => {
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => request(url).get(`/bills/${100000000000 + i}`)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(200));
    expect(mock.stats().logins).toBe(1);
    const apiCalls = mock.requests().filter((r) => r.path === '/api/v1/getEwayBillData/');
    expect(apiCalls).toHaveLength(200);
    expect(new Set(apiCalls.map((r) => r.tokenGeneration))).toEqual(new Set([1]));
  }, 120_000);

  it('aborts only the token wait of a client that disconnects, not the shared login', async () => {
    mock.fault({ path: '/api/v1/token-auth/', delayMs: 3_000, times: 1 });
    const outcomes: string[] = [];
    slowEvents.on('outcome', (name: string) => outcomes.push(name));
    const firstEntered = once(slowEvents, 'entered');
    const leaving = http.get(`${url}/slow`);
    leaving.on('error', () => {}); // we destroy it on purpose
    await firstEntered;
    // Wait (event-loop turns, no timers) until the login is on the wire, then join it and leave.
    while ((mock.stats().byPath['/api/v1/token-auth/'] ?? 0) === 0) await nextTurn();
    const secondEntered = once(slowEvents, 'entered');
    const staying = request(url).get('/slow');
    const stayingDone = staying.then((res) => res);
    await secondEntered;
    leaving.destroy();

    const res = await stayingDone;
    expect(res.status).toBe(200);
    while (outcomes.length < 2) await nextTurn();
    slowEvents.removeAllListeners();
    expect(outcomes.sort()).toEqual(['AbortError', 'completed']);
    expect(mock.stats().logins).toBe(1);
  });

  it('answers a NIC error envelope with 422 nic_error and its nicCode', async () => {
    const res = await request(url).get('/unwrapped/123456789012').expect(422);
    expect(res.body).toMatchObject({ error: 'nic_error', nicCode: expect.any(String) });
    expect(typeof res.body.message).toBe('string');
  });

  it('answers invalid credentials with 502 upstream_auth and no secret in the body', async () => {
    const res = await request(url).get('/wrong-password').expect(502);
    expect(res.body).toMatchObject({ error: 'upstream_auth' });
    expect(JSON.stringify(res.body)).not.toContain('not-the-password');
  });

  it('answers an upstream 5xx on a generate with 503 upstream_unavailable (POST is not retried)', async () => {
    mock.fault({ path: '/api/v1/ewayBillsGenerate/', status: 500, body: { error: 'boom' } });
    const res = await request(url).post('/generate').expect(503);
    expect(res.body).toMatchObject({ error: 'upstream_unavailable' });
    expect(mock.stats().byPath['/api/v1/ewayBillsGenerate/']).toBe(1);
  });

  it('leaves other exceptions to Nest (unknown route stays a Nest 404)', async () => {
    const res = await request(url).get('/no-such-route').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404 });
  });
});
