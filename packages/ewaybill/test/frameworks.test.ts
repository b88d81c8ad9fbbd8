import type { AddressInfo } from 'node:net';
import { createServer, type RequestListener, type Server } from 'node:http';
import { createMastersClient, MastersConfigError, type MastersClient } from '@mastersfetch/core';
import { mastersErrorHandler, mastersIndia as expressMastersIndia } from '@mastersfetch/express';
import { mastersErrors, mastersIndia as koaMastersIndia } from '@mastersfetch/koa';
import { startMockServer, type MockServer } from '@mastersfetch/mock-server';
import express from 'express';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ewayBills } from '../src/index.js';
import { CONSIGNEE, CONSIGNOR, generateBody, USERS } from './helpers.js';

let mock: MockServer;
let client: MastersClient;

beforeAll(async () => {
  mock = await startMockServer({ users: USERS.map((u) => ({ ...u, gstins: [...u.gstins] })) });
  client = createMastersClient({
    baseUrl: mock.url,
    credentials: { username: USERS[0].username, password: USERS[0].password },
  });
});
afterAll(async () => {
  await client.close();
  await mock.close();
});

const listen = async (handler: RequestListener): Promise<{ url: string; server: Server }> => {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
};
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

/** Per-request credentials: the `x-tenant` header picks the user. */
const tenant = (header: unknown) => {
  const user = USERS[header === 'beta' ? 1 : 0];
  return { username: user.username, password: user.password };
};

describe('Express: ewayBills(req)', () => {
  it('generates through req.mastersFetch, and answers a local rejection as 400 bad_request with fields', async () => {
    const app = express();
    app.use(express.json());
    app.use(expressMastersIndia(client));
    app.post('/ewaybills', async (req, res, next) => {
      try {
        const bill = await ewayBills(req).generate(req.body);
        res.status(201).json({ ewayBillNo: bill.ewayBillNo });
      } catch (error) {
        next(error);
      }
    });
    app.use(mastersErrorHandler());
    const { url, server } = await listen(app);
    try {
      const ok = await post(`${url}/ewaybills`, generateBody());
      expect(ok.status).toBe(201);
      expect(((await ok.json()) as { ewayBillNo: string }).ewayBillNo).toMatch(/^\d{12}$/);
      const before = mock.stats().apiCalls;
      const bad = await post(`${url}/ewaybills`, generateBody({ document_date: '2025-13-01' }));
      expect(bad.status).toBe(400);
      const body = (await bad.json()) as { error: string; fields: { path: string }[] };
      expect(body.error).toBe('bad_request');
      expect(body.fields.map((f) => f.path)).toContain('document_date');
      expect(mock.stats().apiCalls).toBe(before);
    } finally {
      server.close();
    }
  });

  it('per-request credentials flow through (resolveCredentials)', async () => {
    const app = express();
    app.use(express.json());
    app.use(
      expressMastersIndia(client, { resolveCredentials: (req) => tenant(req.headers['x-tenant']) }),
    );
    app.post('/ewaybills', async (req, res, next) => {
      try {
        res.status(201).json(await ewayBills(req).generate(req.body));
      } catch (error) {
        next(error);
      }
    });
    app.use(mastersErrorHandler());
    const { url, server } = await listen(app);
    try {
      const asBeta = await post(
        `${url}/ewaybills`,
        generateBody({
          userGstin: CONSIGNEE,
          gstin_of_consignor: CONSIGNEE,
          gstin_of_consignee: CONSIGNOR,
        }),
        { 'x-tenant': 'beta' },
      );
      expect(asBeta.status).toBe(201);
      const last = mock
        .requests()
        .filter((r) => r.path === '/api/v1/ewayBillsGenerate/')
        .at(-1);
      expect(last?.username).toBe(USERS[1].username);
    } finally {
      server.close();
    }
  });
});

describe('Koa: ewayBills(ctx)', () => {
  it('generates through ctx.mastersFetch and maps NIC errors with mastersErrors()', async () => {
    const app = new Koa();
    app.use(mastersErrors());
    app.use(koaMastersIndia(client));
    app.use(async (ctx) => {
      const chunks: Buffer[] = [];
      for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
      const bill = await ewayBills(ctx).generate(JSON.parse(Buffer.concat(chunks).toString()));
      ctx.status = 201;
      ctx.body = { ewayBillNo: bill.ewayBillNo };
    });
    const { url, server } = await listen(app.callback());
    try {
      const body = generateBody();
      expect((await post(url, body)).status).toBe(201);
      const duplicate = await post(url, body);
      expect(duplicate.status).toBe(422);
      expect(await duplicate.json()).toMatchObject({ error: 'nic_error', nicCode: '604' });
    } finally {
      server.close();
    }
  });
});

describe('ewayBills(source)', () => {
  it('accepts a client, a mastersFetch, a request-like and a Nest service-like source', () => {
    const fetch = client.mastersFetch;
    expect(ewayBills(client)).toBe(ewayBills(fetch));
    expect(ewayBills({ mastersFetch: fetch })).toBe(ewayBills(fetch));
    expect(ewayBills({ state: { mastersFetch: fetch } })).toBe(ewayBills(fetch));
    expect(ewayBills({ fetch })).toBe(ewayBills(fetch));
  });

  it('throws MastersConfigError naming mastersFetch when the middleware is missing', () => {
    expect(() => ewayBills({} as never)).toThrow(MastersConfigError);
    expect(() => ewayBills({} as never)).toThrow(/mastersIndia\(\) middleware/);
  });
});
