import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ewayBills } from '@mastersfetch/ewaybill';
import { DEMO_USERS, exampleGenerateBody } from '@mastersfetch/mock-server';
import { mastersIndia } from '@mastersfetch/koa';
import {
  detailsQuery,
  loadSampleConfig,
  sampleErrorResponse,
  type SampleConfig,
} from '@mastersfetch/sample-kit';
import { expectFieldErrors } from '@mastersfetch/sample-kit/testing';
import Koa from 'koa';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type KoaSample } from './app.js';

const PART_B = {
  mode_of_transport: 1,
  vehicle_number: 'UK07CD5678',
  place_of_consignor: 'Dehradun',
  state_of_consignor: 'UTTARAKHAND',
  reason_code_for_vehicle_updation: 'Due to Break Down',
  reason_for_vehicle_updation: 'Truck broke down',
};
const CANCEL = { reason_of_cancel: 'Order Cancelled', cancel_remark: 'Customer cancelled' };

let docCounter = 0;
/** A document number unique in this run (max 16 characters). */
const docNo = (): string => `KOA-${process.pid % 1000}-${++docCounter}`;

describe('koa-sample against the embedded mock (no environment variables)', () => {
  let config: SampleConfig;
  let sample: KoaSample;
  let servers: Server[];
  const logLines: string[] = [];

  beforeEach(async () => {
    config = await loadSampleConfig({
      appName: 'koa-sample',
      defaultPort: 0,
      env: {},
      logger: (line) => logLines.push(line),
    });
    sample = createApp(config);
    servers = [];
  });

  afterEach(async () => {
    for (const server of servers) server.closeAllConnections();
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    await sample.client.close();
    await config.close();
  });

  /** One loopback server for many requests (supertest would start one per request). */
  function serve(app: Koa): Server {
    const server = app.listen(0, '127.0.0.1');
    servers.push(server);
    return server;
  }

  const mock = () => config.embeddedMock!;
  const gstin = () => config.defaultGstin;

  it('starts the embedded mock and says so', () => {
    expect(config.embeddedMock).toBeDefined();
    expect(logLines.join('\n')).toMatch(/embedded mock/);
  });

  it('serves every route: health, generate, details, Part-B, cancel', async () => {
    const http = request(sample.app.callback());

    const cold = await http.get('/health').expect(200);
    expect(cold.body).toEqual({
      status: 'ok',
      auth: { mode: 'password', hasToken: false, expiresInSec: null },
    });

    const generated = await http
      .post('/ewaybills')
      .send(exampleGenerateBody(docNo(), gstin()))
      .expect(201);
    expect(generated.body).toEqual({
      ewayBillNo: expect.stringMatching(/^\d{12}$/),
      ewayBillDate: expect.any(String),
      validUpto: expect.any(String),
      pdfUrl: expect.any(String),
    });
    const ewbNo: string = generated.body.ewayBillNo;

    const details = await http.get(`/ewaybills/${ewbNo}`).expect(200);
    expect(String(details.body.eway_bill_number)).toBe(ewbNo);
    expect(details.body.userGstin).toBe(gstin());

    const partB = await http.patch(`/ewaybills/${ewbNo}/vehicle`).send(PART_B).expect(200);
    expect(partB.body).toEqual({ vehUpdDate: expect.any(String), validUpto: expect.any(String) });

    const cancelled = await http.post(`/ewaybills/${ewbNo}/cancel`).send(CANCEL).expect(200);
    expect(cancelled.body).toEqual({ cancelDate: expect.any(String) });

    const warm = await http.get('/health').expect(200);
    expect(warm.body.auth).toMatchObject({ mode: 'password', hasToken: true });
    expect(warm.body.auth.expiresInSec).toBeGreaterThan(0);
    expect(mock().stats().logins).toBe(1);
  });

  it('answers 422 nic_error with nicCode "604" for a duplicate document number', async () => {
    const http = request(sample.app.callback());
    const body = exampleGenerateBody(docNo(), gstin());
    await http.post('/ewaybills').send(body).expect(201);

    const duplicate = await http.post('/ewaybills').send(body).expect(422);

    expect(duplicate.body).toEqual({
      error: 'nic_error',
      nicCode: '604',
      message: expect.any(String),
    });
  });

  it('answers 400 bad_request for malformed JSON and for missing fields, before calling the API', async () => {
    const http = request(sample.app.callback());

    const malformed = await http
      .post('/ewaybills')
      .set('content-type', 'application/json')
      .send('{"document_number": ')
      .expect(400);
    expect(malformed.body).toMatchObject({ error: 'bad_request', message: expect.any(String) });

    const missing = await http.post('/ewaybills').send({ document_number: 'X1' }).expect(400);
    expect(missing.body).toMatchObject({ error: 'bad_request', fields: expect.any(Object) });

    const badPartB = await http.patch('/ewaybills/351000000001/vehicle').send({}).expect(400);
    expect(badPartB.body.error).toBe('bad_request');

    expect(mock().stats().logins).toBe(0);
  });

  it("answers 400 bad_request with the package's field paths, before calling the API", async () => {
    const server = serve(sample.app);
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;

    await expectFieldErrors(`http://127.0.0.1:${port}`, gstin(), () => mock().stats().apiCalls);
    expect(mock().stats().logins).toBe(0);
  });

  it('answers 400 unknown_tenant for an unknown x-gstin, before calling the API', async () => {
    const res = await request(sample.app.callback())
      .get('/ewaybills/351000000001')
      .set('x-gstin', '29ZZZZZ9999Z1Z4')
      .expect(400);

    expect(res.body).toMatchObject({ error: 'unknown_tenant', message: expect.any(String) });
    expect(mock().stats().logins).toBe(0);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await request(sample.app.callback()).get('/nope').expect(404);

    expect(res.body).toEqual({ error: 'not_found', message: 'No route for GET /nope' });
  });

  it('acts as the tenant the x-gstin header picks', async () => {
    const gamma = DEMO_USERS.find((u) => u.gstins.includes('27CCCCC2222C1Z8'))!;
    const http = request(sample.app.callback());

    const res = await http
      .post('/ewaybills')
      .set('x-gstin', '27CCCCC2222C1Z8')
      .send(exampleGenerateBody(docNo(), '27CCCCC2222C1Z8'))
      .expect(201);
    await http
      .get(`/ewaybills/${res.body.ewayBillNo}`)
      .set('x-gstin', '27CCCCC2222C1Z8')
      .expect(200);

    const calls = mock()
      .requests()
      .filter((r) => r.path.startsWith('/api/v1/') && r.path !== '/api/v1/token-auth/');
    expect(calls.map((r) => r.username)).toEqual([gamma.username, gamma.username]);
  });

  it('logs in once for 200 concurrent cold requests (extendContext style)', async () => {
    const http = serve(sample.app);

    const responses = await Promise.all(
      Array.from({ length: 200 }, () =>
        request(http).post('/ewaybills').send(exampleGenerateBody(docNo(), gstin())),
      ),
    );

    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(201));
    expect(new Set(responses.map((r) => r.body.ewayBillNo)).size).toBe(200);
    expect(mock().stats().logins).toBe(1);
  });

  it('logs in once for 200 concurrent cold requests (mastersIndia() middleware style)', async () => {
    const app = new Koa();
    const masters = mastersIndia({ ...config.clientOptions });
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (err) {
        const { status, body } = sampleErrorResponse(err);
        ctx.status = status;
        ctx.body = body;
      }
    });
    app.use(masters);
    app.use(async (ctx) => {
      ctx.body = await ewayBills(ctx).getEwayBill(detailsQuery(ctx.path.slice(1), gstin()));
    });
    const ewbNo = (
      await request(sample.app.callback())
        .post('/ewaybills')
        .send(exampleGenerateBody(docNo(), gstin()))
        .expect(201)
    ).body.ewayBillNo as string;
    const loginsBefore = mock().stats().logins;
    const http = serve(app);

    try {
      const responses = await Promise.all(
        Array.from({ length: 200 }, () => request(http).get(`/${ewbNo}`)),
      );

      expect(responses.map((r) => r.status)).toEqual(Array(200).fill(200));
      expect(mock().stats().logins - loginsBefore).toBe(1);
      expect(masters.client.stats().logins).toBe(1);
    } finally {
      await masters.client.close();
    }
  });
});
