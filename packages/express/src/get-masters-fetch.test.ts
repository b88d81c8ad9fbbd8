import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { DEMO_USERS, startMockServer, type MockServer } from '@mastersfetch/mock-server';
import { createMastersClient, type MastersClient } from '@mastersfetch/core';
import { getMastersFetch } from './get-masters-fetch.js';
import { mastersIndia } from './middleware.js';
import { createExpressApp, expressVersions, lookupPath } from '../test/apps.js';

const alpha = DEMO_USERS[0]!;
let mock: MockServer;
let client: MastersClient;

beforeEach(async () => {
  mock = await startMockServer();
  client = createMastersClient({
    baseUrl: mock.url,
    credentials: { username: alpha.username, password: alpha.password },
  });
});
afterEach(async () => {
  await client.close();
  await mock.close();
});

describe.each(expressVersions)('getMastersFetch() on $name', ({ major }) => {
  it('throws an error naming mastersIndia() when the middleware is missing', async () => {
    const app = createExpressApp(major);
    app.get('/', (req, res) => {
      try {
        getMastersFetch(req);
        res.json({ thrown: false });
      } catch (err) {
        res.json({ thrown: true, message: (err as Error).message });
      }
    });
    const res = await request(app).get('/');
    expect(res.body.thrown).toBe(true);
    expect(res.body.message).toContain('mastersIndia()');
  });

  it("returns the request's mastersFetch when the middleware ran", async () => {
    const app = createExpressApp(major);
    app.use(mastersIndia(client));
    app.get('/', async (req, res, next) => {
      try {
        const mastersFetch = getMastersFetch(req);
        expect(mastersFetch).toBe(req.mastersFetch);
        await mastersFetch.get(lookupPath, {
          searchParams: { action: 'GetEwayBill', gstin: alpha.gstins[0]!, eway_bill_number: '1' },
        });
        res.json({ ok: true });
      } catch (err) {
        next(err);
      }
    });
    await request(app).get('/').expect(200, { ok: true });
    expect(mock.requests().filter((r) => r.path === `/${lookupPath}`)).toHaveLength(1);
  });
});
