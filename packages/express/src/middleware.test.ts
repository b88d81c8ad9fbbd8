import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { DEMO_USERS, startMockServer, type MockServer } from '@mastersfetch/mock-server';
import {
  createMastersClient,
  MastersConfigError,
  type Credentials,
  type MastersClient,
} from '@mastersfetch/core';
import { mastersIndia } from './middleware.js';
import { mastersErrorHandler } from './error-handler.js';
import { createExpressApp, expressVersions, listen, lookupPath } from '../test/apps.js';

const alpha = DEMO_USERS[0]!;
const beta = DEMO_USERS[1]!;
const alphaCredentials: Credentials = { username: alpha.username, password: alpha.password };
const betaCredentials: Credentials = { username: beta.username, password: beta.password };

let mock: MockServer;
const clients: MastersClient[] = [];
const closers: (() => Promise<void>)[] = [];

beforeEach(async () => {
  mock = await startMockServer();
});
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await mock.close();
});

/** A client on the mock, closed after the test. */
function newClient(credentials: Credentials | undefined = alphaCredentials): MastersClient {
  const client = createMastersClient({ baseUrl: mock.url, credentials });
  clients.push(client);
  return client;
}

/** Upstream API calls (not logins) as `[username, gstin query]`. */
function apiCallers(): (string | undefined)[] {
  return mock
    .requests()
    .filter((r) => r.path === `/${lookupPath}`)
    .map((r) => r.username);
}

describe.each(expressVersions)('mastersIndia() on $name', ({ major }) => {
  function appWith(middleware: ReturnType<typeof mastersIndia>) {
    const app = createExpressApp(major);
    app.use(middleware);
    app.get('/lookup/:ewbNo', (req, res, next) => {
      req.mastersFetch
        .get(lookupPath, {
          searchParams: {
            action: 'GetEwayBill',
            gstin: req.get('x-gstin') ?? alpha.gstins[0]!,
            eway_bill_number: req.params.ewbNo!,
          },
        })
        .json()
        .then((body) => res.json(body), next);
    });
    app.use(mastersErrorHandler());
    return app;
  }

  it('gives every request an authenticated req.mastersFetch', async () => {
    const app = appWith(mastersIndia(newClient()));
    const res = await request(app).get('/lookup/351000000001');
    expect(res.status).toBe(200);
    expect(res.body).toHaveProperty('results');
    expect(apiCallers()).toEqual([alpha.username]);
  });

  it('creates one client from options and exposes it as .client', async () => {
    const middleware = mastersIndia({ baseUrl: mock.url, credentials: alphaCredentials });
    clients.push(middleware.client);
    expect(typeof middleware.client.forCredentials).toBe('function');
    await request(appWith(middleware)).get('/lookup/1').expect(200);
    await request(appWith(middleware)).get('/lookup/2').expect(200);
    expect(middleware.client.stats().logins).toBe(1);
    expect(mock.stats().logins).toBe(1);
  });

  it('uses a given client as is', () => {
    const client = newClient();
    expect(mastersIndia(client).client).toBe(client);
  });

  it('logs in exactly once for 200 concurrent cold requests', async () => {
    const middleware = mastersIndia(newClient());
    const server = await listen(appWith(middleware));
    closers.push(server.close);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });
    closers.push(async () => agent.destroy());
    const statuses = await Promise.all(
      Array.from(
        { length: 200 },
        (_, i) =>
          new Promise<number>((resolve, reject) => {
            http
              .get(`${server.url}/lookup/${i}`, { agent }, (res) => {
                res.resume();
                res.on('end', () => resolve(res.statusCode ?? 0));
              })
              .on('error', reject);
          }),
      ),
    );
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(mock.stats().logins).toBe(1);
    expect(apiCallers()).toHaveLength(200);
  });

  it('is a no-op when mounted a second time for the same request', async () => {
    let resolutions = 0;
    const first = mastersIndia(newClient(), {
      resolveCredentials: () => {
        resolutions += 1;
        return alphaCredentials;
      },
    });
    const second = mastersIndia(newClient(betaCredentials));
    const app = createExpressApp(major);
    app.use(first);
    app.use(first);
    app.use(second);
    app.get('/lookup', (req, res, next) => {
      req.mastersFetch
        .get(lookupPath, {
          searchParams: { action: 'GetEwayBill', gstin: alpha.gstins[0]!, eway_bill_number: '1' },
        })
        .then(() => res.json({ ok: true }), next);
    });
    await request(app).get('/lookup').expect(200);
    expect(resolutions).toBe(1);
    expect(apiCallers()).toEqual([alpha.username]);
    expect(second.client.stats().logins).toBe(0);
  });

  it('authenticates interleaved tenants as their own users (resolveCredentials)', async () => {
    const tenants: Record<string, Credentials> = {
      [alpha.gstins[0]!]: alphaCredentials,
      [beta.gstins[0]!]: betaCredentials,
    };
    // Async on purpose: credentials often come from a database or a secrets manager.
    const middleware = mastersIndia(newClient(undefined), {
      resolveCredentials: async (req) => tenants[String(req.headers['x-gstin'])],
    });
    const app = appWith(middleware);
    const order = [alpha, beta, beta, alpha, beta, alpha, alpha, beta];
    // One after the other, so the upstream order is the request order.
    for (const [i, user] of order.entries()) {
      await request(app).get(`/lookup/${i}`).set('x-gstin', user.gstins[0]!).expect(200);
    }
    expect(apiCallers()).toEqual(order.map((user) => user.username));
    // And all at once: each tenant still gets only its own user.
    await Promise.all(
      order.map((user, i) =>
        request(app).get(`/lookup/${i}`).set('x-gstin', user.gstins[0]!).expect(200),
      ),
    );
    const concurrent = apiCallers().slice(order.length);
    expect(concurrent.filter((u) => u === alpha.username)).toHaveLength(4);
    expect(concurrent.filter((u) => u === beta.username)).toHaveLength(4);
    expect(mock.stats().logins).toBe(2);
  });

  it('uses the default credentials when resolveCredentials returns undefined', async () => {
    const middleware = mastersIndia(newClient(alphaCredentials), {
      resolveCredentials: () => undefined,
    });
    await request(appWith(middleware)).get('/lookup/1').expect(200);
    expect(apiCallers()).toEqual([alpha.username]);
  });

  it('resolves credentials at the first use of req.mastersFetch, never for other routes', async () => {
    let resolutions = 0;
    const middleware = mastersIndia(newClient(undefined), {
      resolveCredentials: () => {
        resolutions += 1;
        return betaCredentials;
      },
    });
    const app = appWith(middleware);
    app.get('/health', (_req, res) => res.json({ ok: true }));
    await request(app).get('/health').expect(200);
    expect(resolutions).toBe(0);
    await request(app).get('/lookup/1').set('x-gstin', beta.gstins[0]!).expect(200);
    expect(resolutions).toBe(1);
    expect(apiCallers()).toEqual([beta.username]);
    expect(mock.stats().logins).toBe(1);
  });

  // Behaviour change (issue 20): the resolver runs at the first use of req.mastersFetch, so its
  // error reaches the error middleware through the API call, not before the route.
  it('sends a throwing or rejecting resolveCredentials to the error middleware', async () => {
    for (const resolveCredentials of [
      () => {
        throw new Error('no tenant');
      },
      () => Promise.reject(new Error('no tenant')),
    ]) {
      const app = createExpressApp(major);
      app.use(mastersIndia(newClient(), { resolveCredentials }));
      app.get('/', (_req, res) => res.json({ reached: true }));
      app.get('/lookup', (req, res, next) => {
        req.mastersFetch
          .get(lookupPath, {
            searchParams: { action: 'GetEwayBill', gstin: alpha.gstins[0]!, eway_bill_number: '1' },
          })
          .then(() => res.json({ reached: true }), next);
      });
      app.use(
        (
          err: Error,
          _req: unknown,
          res: { status(n: number): { json(b: unknown): void } },
          _next: unknown,
        ) => {
          res.status(418).json({ caught: err.message });
        },
      );
      expect((await request(app).get('/')).body).toEqual({ reached: true });
      const res = await request(app).get('/lookup');
      expect(res.status).toBe(418);
      expect(res.body).toEqual({ caught: 'no tenant' });
    }
    expect(mock.stats().apiCalls).toBe(0);
    expect(mock.stats().logins).toBe(0);
  });

  it('gives every request the same accessor functions (no hidden class per request)', async () => {
    const middleware = mastersIndia(newClient());
    const getters: unknown[] = [];
    const app = createExpressApp(major);
    app.use(middleware);
    app.get('/accessor', (req, res) => {
      getters.push(Object.getOwnPropertyDescriptor(req, 'mastersFetch')?.get);
      res.json({ memoised: req.mastersFetch === req.mastersFetch });
    });
    const server = await listen(app);
    closers.push(server.close);
    for (let i = 0; i < 3; i++) {
      expect((await request(server.url).get('/accessor')).body).toEqual({ memoised: true });
    }
    expect(getters).toHaveLength(3);
    expect(typeof getters[0]).toBe('function');
    expect(new Set(getters).size).toBe(1);
  });

  it("aborts only a disconnected client's wait for the shared login", async () => {
    mock.fault({ path: '/api/v1/token-auth/', delayMs: 1500, times: 1 });
    const middleware = mastersIndia(newClient());
    const entered: (() => void)[] = [];
    const outcomes = new Map<string, Promise<string>>();
    const app = createExpressApp(major);
    app.use(middleware);
    app.get('/wait/:id', (req, res) => {
      const outcome = req.mastersFetch
        .get(lookupPath, {
          searchParams: { action: 'GetEwayBill', gstin: alpha.gstins[0]!, eway_bill_number: '1' },
        })
        .then(
          () => 'ok',
          (err: Error) => err.name,
        );
      outcomes.set(req.params.id as string, outcome);
      entered.shift()?.();
      void outcome.then((result) => res.json({ result }));
    });
    const server = await listen(app);
    closers.push(server.close);

    const aEntered = new Promise<void>((resolve) => entered.push(resolve));
    const a = http.get(`${server.url}/wait/a`);
    a.on('error', () => {});
    await aEntered;
    const bEntered = new Promise<void>((resolve) => entered.push(resolve));
    const b = request(server.url).get('/wait/b');
    const bDone = b.then((res) => res);
    await bEntered;

    a.destroy();
    expect(await outcomes.get('a')).toBe('AbortError');
    const bRes = await bDone;
    expect(bRes.status).toBe(200);
    expect(bRes.body).toEqual({ result: 'ok' });
    expect(mock.stats().logins).toBe(1);
    expect(apiCallers()).toEqual([alpha.username]);
  });
});

describe('mastersIndia() arguments', () => {
  it.each([
    ['nothing', undefined, 'options'],
    ['null', null, 'options'],
    ['a string', 'sandbox', 'options'],
    ['options without a base', { credentials: { apiKey: 'k' } }, 'environment'],
  ])('throws MastersConfigError naming the option for %s', (_, source, option) => {
    expect(() => mastersIndia(source as never)).toThrow(MastersConfigError);
    expect(() => mastersIndia(source as never)).toThrow(`\`${option}`);
  });

  it('refuses a resolveCredentials that is not a function at mount time', () => {
    const options = { baseUrl: 'http://127.0.0.1:1', credentials: { apiKey: 'k' } };
    expect(() => mastersIndia({ ...options, resolveCredentials: 'x' as never })).toThrow(
      /Invalid option `resolveCredentials`: must be a function/,
    );
    const client = createMastersClient(options);
    expect(() => mastersIndia(client, { resolveCredentials: 42 as never })).toThrow(
      MastersConfigError,
    );
  });
});
