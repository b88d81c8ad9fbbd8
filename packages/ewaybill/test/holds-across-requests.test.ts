import type { AddressInfo } from 'node:net';
import { createServer, type RequestListener, type Server } from 'node:http';
import { createMastersClient, type MastersClient } from '@mastersfetch/core';
import { mastersErrorHandler, mastersIndia as expressMastersIndia } from '@mastersfetch/express';
import { mastersErrors, mastersIndia as koaMastersIndia } from '@mastersfetch/koa';
import { startMockServer, type MockServer } from '@mastersfetch/mock-server';
import express from 'express';
import Koa from 'koa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ewayBills } from '../src/index.js';
import { CONSIGNOR, USERS } from './helpers.js';

// Issue 22: `ewayBills(req)` / `ewayBills(ctx)` is a new EwayBills on a new per-request view
// each time; the NIC 118/658 holds (docs/ARCHITECTURE.md §11) belong to the client and its
// credentials, so a hold started by one request holds the next one back, with nothing sent.

const LOOKUP = '/api/v1/getEwayBillData/';
const nic = (code: string, text: string) => ({
  results: { message: `${code}: ${text}`, status: 'No Content', code: 204, nic_code: code },
});

let mock: MockServer;
let client: MastersClient;
beforeAll(async () => {
  mock = await startMockServer({ users: USERS.map((u) => ({ ...u, gstins: [...u.gstins] })) });
});
afterAll(async () => {
  await mock.close();
});
afterEach(async () => {
  await client.close();
  mock.reset();
});
const newClient = () =>
  createMastersClient({
    baseUrl: mock.url,
    credentials: { username: USERS[0].username, password: USERS[0].password },
  });

const listen = async (handler: RequestListener): Promise<{ url: string; server: Server }> => {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
};
const lookUps = () => mock.stats().byPath[LOOKUP] ?? 0;
const query = `?gstin=${CONSIGNOR}&eway_bill_number=351000000001`;

/** Two requests: the first meets `code` at the mock, the second must be held back locally. */
async function twoRequests(url: string, code: string) {
  mock.fault({ path: LOOKUP, status: 200, body: nic(code, 'Try again later'), times: 1 });
  const first = await fetch(`${url}/bill${query}`);
  expect(first.status).toBe(422);
  expect(await first.json()).toMatchObject({ error: 'nic_error' });
  expect(lookUps()).toBe(1);
  const second = await fetch(`${url}/bill${query}`);
  const answer = (await second.json()) as { message: string };
  expect(second.status).toBe(422);
  expect(answer.message).toMatch(/held back locally/);
  expect(lookUps()).toBe(1); // nothing reached the mock
}

describe('NIC 118/658 holds carry across requests', () => {
  it.each(['118', '658'])(
    'Express: a hold after NIC %s holds the next request back',
    async (code) => {
      client = newClient();
      const app = express();
      app.use(expressMastersIndia(client));
      app.get('/bill', async (req, res, next) => {
        try {
          res.json(await ewayBills(req).getEwayBill(req.query as never));
        } catch (error) {
          next(error);
        }
      });
      app.use(mastersErrorHandler());
      const { url, server } = await listen(app);
      try {
        await twoRequests(url, code);
      } finally {
        server.close();
      }
    },
  );

  it('Koa: a hold after NIC 118 holds the next request back', async () => {
    client = newClient();
    const app = new Koa();
    app.use(mastersErrors());
    app.use(koaMastersIndia(client));
    app.use(async (ctx) => {
      ctx.body = await ewayBills(ctx).getEwayBill(ctx.query as never);
    });
    const { url, server } = await listen(app.callback());
    try {
      await twoRequests(url, '118');
    } finally {
      server.close();
    }
  });

  it('another client (or other credentials) is not held back by it', async () => {
    client = newClient();
    const other = newClient();
    mock.fault({ path: LOOKUP, status: 200, body: nic('118', 'Try again later'), times: 1 });
    const lookup = { gstin: CONSIGNOR, eway_bill_number: '351000000001' };
    await expect(ewayBills(client).getEwayBill(lookup)).rejects.toMatchObject({ nicCode: '118' });
    const before = lookUps();
    await ewayBills(other)
      .getEwayBill(lookup)
      .catch(() => undefined);
    expect(lookUps()).toBe(before + 1); // sent: its own account state
    await other.close();
  });
});
