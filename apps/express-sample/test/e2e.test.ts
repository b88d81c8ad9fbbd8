import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { DEMO_USERS, exampleGenerateBody } from '@mastersfetch/mock-server';
import { createMastersClient, type MastersClient } from '@mastersfetch/express';
import { loadSampleConfig, type SampleConfig } from '@mastersfetch/sample-kit';
import { expectFieldErrors } from '@mastersfetch/sample-kit/testing';
import { createApp } from '../src/app.js';

const alpha = DEMO_USERS[0]!;
const beta = DEMO_USERS[1]!;
const alphaGstin = alpha.gstins[0]!;

const partB = {
  vehicle_number: 'UK07CD5678',
  vehicle_type: 'Regular',
  place_of_consignor: 'Dehradun',
  state_of_consignor: 'UTTARAKHAND',
  reason_code_for_vehicle_updation: 'Due to Break Down',
  reason_for_vehicle_updation: 'Axle failure',
  transporter_document_number: 'LR-7781',
  mode_of_transport: 1,
};
const cancel = { reason_of_cancel: 'Data Entry mistake', cancel_remark: 'Wrong quantity keyed' };

let config: SampleConfig;
const clients: MastersClient[] = [];
const logLines: string[] = [];

/** A fresh (cold) client and app on the embedded mock. */
function newApp(): { app: Express; client: MastersClient } {
  const client = createMastersClient(config.clientOptions);
  clients.push(client);
  return { app: createApp(config, client), client };
}

function mock() {
  const embedded = config.embeddedMock;
  if (!embedded) throw new Error('expected the embedded mock');
  return embedded;
}

let docCounter = 0;
function docNo(): string {
  docCounter += 1;
  return `EXS-${process.pid % 10_000}-${docCounter}`;
}

beforeAll(async () => {
  // No MASTERS_INDIA_* variables at all: the sample must start the embedded mock.
  config = await loadSampleConfig({
    appName: 'express-sample',
    defaultPort: 0,
    env: {},
    logger: (line) => logLines.push(line),
  });
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await config.close();
});

describe('express-sample with no environment variables', () => {
  it('starts the embedded mock and says so', () => {
    expect(config.embeddedMock).toBeDefined();
    expect(logLines.join('\n')).toContain(config.embeddedMock!.url);
    expect(logLines.join('\n')).not.toContain(alpha.password);
  });

  it('serves generate → details → Part-B → cancel, and 422 nicCode 604 for a duplicate', async () => {
    const { app } = newApp();
    const health = await request(app).get('/health').expect(200);
    expect(health.body).toEqual({
      status: 'ok',
      auth: { mode: 'password', hasToken: false, expiresInSec: null },
    });

    const body = exampleGenerateBody(docNo(), alphaGstin);
    const generated = await request(app).post('/ewaybills').send(body).expect(201);
    expect(generated.body).toEqual({
      ewayBillNo: expect.stringMatching(/^\d{12}$/),
      ewayBillDate: expect.any(String),
      validUpto: expect.any(String),
      pdfUrl: expect.stringMatching(/^https?:\/\//),
    });
    const ewbNo: string = generated.body.ewayBillNo;

    const details = await request(app).get(`/ewaybills/${ewbNo}`).expect(200);
    expect(String(details.body.eway_bill_number)).toBe(ewbNo);
    expect(details.body.document_number).toBe(body.document_number);

    const vehicle = await request(app).patch(`/ewaybills/${ewbNo}/vehicle`).send(partB).expect(200);
    expect(vehicle.body).toEqual({ vehUpdDate: expect.any(String), validUpto: expect.any(String) });

    const cancelled = await request(app)
      .post(`/ewaybills/${ewbNo}/cancel`)
      .send(cancel)
      .expect(200);
    expect(cancelled.body).toEqual({ cancelDate: expect.any(String) });

    const duplicate = await request(app).post('/ewaybills').send(body).expect(422);
    expect(duplicate.body).toMatchObject({ error: 'nic_error', nicCode: '604' });
    expect(typeof duplicate.body.message).toBe('string');

    const after = await request(app).get('/health').expect(200);
    expect(after.body.auth).toMatchObject({ mode: 'password', hasToken: true });
    expect(after.body.auth.expiresInSec).toBeGreaterThan(0);
  });

  it('answers 400 bad_request for malformed JSON and for missing fields, without calling upstream', async () => {
    const { app } = newApp();
    const before = mock().stats().apiCalls;
    const malformed = await request(app)
      .post('/ewaybills')
      .set('content-type', 'application/json')
      .send('{"document_number": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ error: 'bad_request', message: expect.any(String) });

    const missing = await request(app).post('/ewaybills').send({ supply_type: 'outward' });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: 'bad_request', fields: expect.anything() });

    const badNumber = await request(app).get('/ewaybills/not-a-number');
    expect(badNumber.status).toBe(400);
    expect(badNumber.body.error).toBe('bad_request');
    expect(mock().stats().apiCalls).toBe(before);
  });

  it("answers 400 bad_request with the package's field paths, without calling upstream", async () => {
    const { app } = newApp();
    const server = await new Promise<http.Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const { port } = server.address() as AddressInfo;
      await expectFieldErrors(
        `http://127.0.0.1:${port}`,
        alphaGstin,
        () => mock().stats().apiCalls,
      );
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('answers details with the package normalized e-way bill (12-digit string, IST date-times)', async () => {
    const { app } = newApp();
    const generated = await request(app)
      .post('/ewaybills')
      .send(exampleGenerateBody(docNo(), alphaGstin))
      .expect(201);
    const details = await request(app).get(`/ewaybills/${generated.body.ewayBillNo}`).expect(200);
    expect(details.body).toMatchObject({
      eway_bill_number: generated.body.ewayBillNo,
      eway_bill_date: { text: generated.body.ewayBillDate, date: expect.any(String) },
      pincode_of_consignor: expect.any(Number),
    });
  });

  it('answers 201 with the bill when the generate answer is lost after the bill was created (exactly once)', async () => {
    const { app } = newApp();
    const body = exampleGenerateBody(docNo(), alphaGstin);
    const seen = mock().requests().length;
    const fault = mock().fault({
      path: '/api/v1/ewayBillsGenerate/',
      method: 'POST',
      after: true,
      dropConnection: true,
      times: 1,
    });
    try {
      const res = await request(app).post('/ewaybills').send(body).expect(201);
      // Recovered by the look-up by document: the bill itself, without the PDF link of generate.
      expect(res.body).toEqual({
        ewayBillNo: expect.stringMatching(/^\d{12}$/),
        ewayBillDate: expect.any(String),
        validUpto: expect.any(String),
        pdfUrl: '',
      });
      const details = await request(app).get(`/ewaybills/${res.body.ewayBillNo}`).expect(200);
      expect(details.body.document_number).toBe(body.document_number);
    } finally {
      fault.remove();
    }
    const generates = mock()
      .requests()
      .slice(seen)
      .filter((r) => r.path === '/api/v1/ewayBillsGenerate/');
    expect(generates).toHaveLength(1);
  });

  it('answers 400 unknown_tenant for an x-gstin without credentials', async () => {
    const { app } = newApp();
    const res = await request(app).get('/ewaybills/351000000001').set('x-gstin', '29ZZZZZ9999Z1Z4');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'unknown_tenant', message: expect.any(String) });
  });

  it('authenticates interleaved x-gstin tenants as their own users', async () => {
    const { app } = newApp();
    const order = [alpha, beta, beta, alpha, beta, alpha];
    const seen = mock().requests().length;
    for (const user of order) {
      const gstin = user.gstins[0]!;
      const res = await request(app)
        .post('/ewaybills')
        .set('x-gstin', gstin)
        .send(exampleGenerateBody(docNo(), gstin))
        .expect(201);
      expect(res.body.ewayBillNo).toMatch(/^\d{12}$/);
    }
    const generates = mock()
      .requests()
      .slice(seen)
      .filter((r) => r.path === '/api/v1/ewayBillsGenerate/');
    expect(generates.map((r) => r.username)).toEqual(order.map((user) => user.username));
    expect(generates.every((r) => r.status === 200)).toBe(true);
  });

  it('logs in exactly once for 200 concurrent cold requests', async () => {
    const seed = newApp();
    const generated = await request(seed.app)
      .post('/ewaybills')
      .send(exampleGenerateBody(docNo(), alphaGstin))
      .expect(201);
    const { app, client } = newApp();
    const server = await new Promise<http.Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });
    try {
      const { port } = server.address() as AddressInfo;
      const loginsBefore = mock().stats().logins;
      const statuses = await Promise.all(
        Array.from(
          { length: 200 },
          () =>
            new Promise<number>((resolve, reject) => {
              http
                .get(
                  `http://127.0.0.1:${port}/ewaybills/${generated.body.ewayBillNo}`,
                  { agent },
                  (res) => {
                    res.resume();
                    res.on('end', () => resolve(res.statusCode ?? 0));
                  },
                )
                .on('error', reject);
            }),
        ),
      );
      expect(statuses.filter((status) => status === 200)).toHaveLength(200);
      expect(mock().stats().logins - loginsBefore).toBe(1);
      expect(client.stats().logins).toBe(1);
    } finally {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('answers unknown routes with a JSON 404', async () => {
    const { app } = newApp();
    const res = await request(app).get('/nope').expect(404);
    expect(res.body).toMatchObject({ error: 'not_found' });
  });
});
