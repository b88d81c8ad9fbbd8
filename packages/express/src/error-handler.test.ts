import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { NextFunction, Request, Response } from 'express';
import { DEMO_USERS, startMockServer, type MockServer } from '@mastersfetch/mock-server';
import {
  createMastersClient,
  MastersApiError,
  unwrapResults,
  type Credentials,
  type MastersClient,
} from '@mastersfetch/core';
import { mastersIndia } from './middleware.js';
import { mastersErrorHandler } from './error-handler.js';
import { createExpressApp, expressVersions, lookupPath } from '../test/apps.js';

const alpha = DEMO_USERS[0]!;
const alphaCredentials: Credentials = { username: alpha.username, password: alpha.password };
const nicDuplicate = {
  results: {
    message: '604: E-way bill(s) are already generated for the same document number',
    status: 'No Content',
    code: 204,
    nic_code: '604',
  },
};

let mock: MockServer;
const clients: MastersClient[] = [];

beforeEach(async () => {
  mock = await startMockServer();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await mock.close();
});

function newClient(credentials?: Credentials): MastersClient {
  const client = createMastersClient({ baseUrl: mock.url, credentials });
  clients.push(client);
  return client;
}

const lookup = {
  searchParams: { action: 'GetEwayBill', gstin: alpha.gstins[0]!, eway_bill_number: '1' },
};

describe.each(expressVersions)('mastersErrorHandler() on $name', ({ major }) => {
  /** An app whose route forwards errors Express-4 style, with `next(err)`. */
  function callbackApp(client: MastersClient) {
    const app = createExpressApp(major);
    app.use(mastersIndia(client));
    app.get('/lookup', (req, res, next) => {
      req.mastersFetch
        .get(lookupPath, lookup)
        .json()
        .then((body) => res.json(unwrapResults(body)))
        .catch(next);
    });
    app.use(mastersErrorHandler());
    return app;
  }

  it('turns a NIC error passed to next(err) into 422 with its nicCode', async () => {
    mock.fault({ path: `/${lookupPath}`, status: 200, body: nicDuplicate });
    const res = await request(callbackApp(newClient(alphaCredentials))).get('/lookup');
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ error: 'nic_error', nicCode: '604' });
    expect(res.body.message).toContain('already generated');
  });

  it('answers 502 upstream_auth for invalid credentials, without the password', async () => {
    const password = 'definitely-wrong-password';
    const res = await request(callbackApp(newClient({ username: alpha.username, password }))).get(
      '/lookup',
    );
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ error: 'upstream_auth' });
    expect(typeof res.body.message).toBe('string');
    expect(res.text).not.toContain(password);
  });

  it('answers 500 misconfigured when the client has no credentials', async () => {
    const res = await request(callbackApp(newClient(undefined))).get('/lookup');
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ error: 'misconfigured' });
    expect(mock.stats().logins).toBe(0);
  });

  it('answers 503 upstream_unavailable for an upstream 5xx', async () => {
    mock.fault({ path: `/${lookupPath}`, status: 503, body: { detail: 'down' } });
    const res = await request(callbackApp(newClient(alphaCredentials))).get('/lookup');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ error: 'upstream_unavailable' });
  });

  it('passes errors that are not ours on with next(err)', async () => {
    const app = createExpressApp(major);
    app.get('/boom', (_req, _res, next) => next(new TypeError('not ours')));
    app.use(mastersErrorHandler());
    app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
      res.status(599).json({ passedOn: err.message });
    });
    const res = await request(app).get('/boom');
    expect(res.status).toBe(599);
    expect(res.body).toEqual({ passedOn: 'not ours' });
  });

  it('passes our error on when the response has already started', async () => {
    let passedOn: unknown;
    const app = createExpressApp(major);
    app.get('/late', (_req, res, next) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
      next(new MastersApiError({ message: '604: duplicate', nicCode: '604' }));
    });
    app.use(mastersErrorHandler());
    app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
      passedOn = err;
      res.end();
    });
    const res = await request(app).get('/late');
    expect(res.status).toBe(200);
    expect(passedOn).toBeInstanceOf(MastersApiError);
  });
});

describe('mastersErrorHandler() on Express 5 async handlers', () => {
  it('turns a rejected promise with a NIC error into 422 with its nicCode', async () => {
    mock.fault({ path: `/${lookupPath}`, status: 200, body: nicDuplicate });
    const app = createExpressApp(5);
    app.use(mastersIndia(newClient(alphaCredentials)));
    // No try/catch and no next(err): Express 5 forwards the rejection itself.
    app.get('/lookup', async (req, res) => {
      res.json(unwrapResults(await req.mastersFetch.get(lookupPath, lookup).json()));
    });
    app.use(mastersErrorHandler());
    const res = await request(app).get('/lookup');
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: 'nic_error', nicCode: '604' });
  });
});
