/**
 * The Express app of scenario 1, in its own process: `GET /ours` calls the mock through
 * `req.mastersFetch`, `GET /baseline` calls the same endpoint through a plain ky instance with a
 * fixed valid token header. The middleware is mounted app-wide, so the ratio isolates the cost of
 * calling through `req.mastersFetch`. Each request's latency (arrival to `finish`) is recorded here
 * in microseconds; the parent collects a summary per round over IPC (`{ type: 'take', id }`).
 * `{ type: 'login-again', id }` drops the client's access token and logs in again (after the
 * mock's `reset()`, scenario typed).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import ky from 'ky';
import axios from 'axios';
import { createAuthRefresh } from 'axios-auth-refresh';
import { request } from 'undici';
import { unwrapResults } from '@mastersfetch/core';
import { mastersIndia } from '@mastersfetch/express';
import { ewayBills, type GenerateRequest } from '@mastersfetch/ewaybill';
import { DEMO_USERS, exampleGenerateBody } from '@mastersfetch/mock-server';
import { API_PATH, API_QUERY, GENERATE_PATH } from './api.js';
import { percentile } from './stats.js';

/** Grows like an array but stores doubles without boxing. */
class Samples {
  #values = new Float64Array(1 << 16);
  length = 0;
  push(value: number): void {
    if (this.length === this.#values.length) {
      const bigger = new Float64Array(this.#values.length * 2);
      bigger.set(this.#values);
      this.#values = bigger;
    }
    this.#values[this.length++] = value;
  }
  view(): Float64Array {
    return this.#values.subarray(0, this.length);
  }
}

async function main(): Promise<void> {
  const [baseUrl, username, password, mode] = process.argv.slice(2) as [
    string,
    string,
    string,
    string | undefined,
  ];
  const credentials = { username, password };
  const login = await fetch(`${baseUrl}/api/v1/token-auth/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  const { token } = (await login.json()) as { token: string };
  const baseline = ky.create({ prefixUrl: baseUrl, headers: { authorization: `JWT ${token}` } });
  const masters = mastersIndia({ baseUrl, credentials });

  const samples = new Map<string, Samples>();
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    const route = req.path;
    res.once('finish', () => {
      const micros = Number(process.hrtime.bigint() - started) / 1_000;
      let list = samples.get(route);
      if (!list) samples.set(route, (list = new Samples()));
      list.push(micros);
    });
    next();
  });
  // Mounted app-wide, as the Express README shows: a real app pays this middleware on every route,
  // so both routes pass through it and the ratio is the cost of calling through req.mastersFetch.
  app.use(masters);
  app.get('/ours', async (req, res) => {
    res.json(await req.mastersFetch.get(API_PATH, { searchParams: API_QUERY }).json());
  });
  const onBaseline = async (_req: Request, res: Response): Promise<void> => {
    res.json(await baseline.get(API_PATH, { searchParams: API_QUERY }).json());
  };
  app.get('/baseline', onBaseline);
  // The same handler under a second path: the A/A side of request-level interleaving.
  app.get('/baseline-aa', onBaseline);
  if (mode === 'peers') mountPeers(app, baseUrl, credentials, token);
  if (mode === 'typed') mountTyped(app);

  // autocannon closes its sockets at the end of a round: the middleware then aborts those
  // requests' upstream calls (by design). Answer quietly instead of logging each abort.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (!res.headersSent && !res.destroyed) res.status(502).json({ error: String(error) });
  });

  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  let cpuMark = process.cpuUsage();
  process.on('message', (message: { type: string; id: number; routes?: string[] }) => {
    if (message.type === 'mark') {
      cpuMark = process.cpuUsage();
      process.send?.({ id: message.id, value: null });
    } else if (message.type === 'take') {
      // CPU time of this process during the round: less sensitive to a loaded machine than wall time.
      const cpu = process.cpuUsage(cpuMark);
      const routes: Record<string, { count: number; p50Us: number; p99Us: number }> = {};
      for (const route of message.routes ?? []) {
        const list = samples.get(route)?.view() ?? new Float64Array(0);
        routes[route] = {
          count: list.length,
          p50Us: percentile(list, 50),
          p99Us: percentile(list, 99),
        };
      }
      samples.clear();
      process.send?.({ id: message.id, value: { routes, cpuUs: cpu.user + cpu.system } });
    } else if (message.type === 'stats') {
      process.send?.({ id: message.id, value: masters.client.stats() });
    } else if (message.type === 'login-again') {
      // After the mock's reset() (scenario typed): the cached access token is unknown to it now.
      masters.client
        .invalidate()
        .then(() => masters.client.warmUp())
        .then(
          () => process.send?.({ id: message.id, value: { ok: true } }),
          (error: unknown) =>
            process.send?.({ id: message.id, value: { ok: false, error: String(error) } }),
        );
    } else if (message.type === 'close') {
      server.close();
      server.closeAllConnections();
      masters.client.close().then(() => {
        process.send?.({ id: message.id, value: null }, () => process.disconnect());
      });
    }
  });
  process.send?.({
    type: 'ready',
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  });
}

/**
 * The peers of `pnpm bench peers` (issue 19), each on its own route of the same app and mock:
 * - `/limit`: undici `request()` with a fixed Authorization header (no client at all);
 * - `/axios`: axios with a request interceptor that adds the cached token (logs in when it has none),
 *   the pattern teams hand-roll;
 * - `/axios-refresh`: axios with `axios-auth-refresh` (logs in again on a 401).
 */
function mountPeers(
  app: express.Express,
  baseUrl: string,
  credentials: { username: string; password: string },
  fixedToken: string,
): void {
  const url = `${baseUrl}/${API_PATH}?${new URLSearchParams(API_QUERY).toString()}`;
  const authorization = `JWT ${fixedToken}`;
  app.get('/limit', async (_req, res) => {
    const answer = await request(url, { headers: { authorization } });
    res.json(await answer.body.json());
  });

  const login = async (): Promise<string> => {
    const answer = await axios.post<{ token: string }>(
      `${baseUrl}/api/v1/token-auth/`,
      credentials,
    );
    return answer.data.token;
  };
  let interceptorToken: Promise<string> | undefined;
  const withInterceptor = axios.create({ baseURL: baseUrl });
  withInterceptor.interceptors.request.use(async (config) => {
    interceptorToken ??= login();
    config.headers.set('authorization', `JWT ${await interceptorToken}`);
    return config;
  });
  app.get('/axios', async (_req, res) => {
    res.json((await withInterceptor.get(`/${API_PATH}`, { params: API_QUERY })).data);
  });

  let refreshToken = fixedToken;
  const withRefresh = axios.create({ baseURL: baseUrl });
  withRefresh.interceptors.request.use((config) => {
    config.headers.set('authorization', `JWT ${refreshToken}`);
    return config;
  });
  // axios-auth-refresh types against axios's CommonJS declarations; the instance is the same object.
  createAuthRefresh(withRefresh as unknown as Parameters<typeof createAuthRefresh>[0], async () => {
    refreshToken = await login();
  });
  app.get('/axios-refresh', async (_req, res) => {
    res.json((await withRefresh.get(`/${API_PATH}`, { params: API_QUERY })).data);
  });
}

/**
 * The routes of the `typed` scenario (issue 22): the same generate body through
 * `@mastersfetch/ewaybill` (`/typed`: local validation, the NIC envelope, the response schema) and
 * through a raw `req.mastersFetch.post` (`/raw`: the NIC envelope by core's `unwrapResults`, which a
 * correct raw caller needs too). Both take the next document number from one counter (the mock
 * answers NIC 604 to a repeated one) and answer the same `{ ewayBillNo }`, so the two sides differ
 * only by the typed layer.
 */
function mountTyped(app: express.Express): void {
  const template = exampleGenerateBody('BENCH-0', DEMO_USERS[0].gstins[0]);
  let documents = 0;
  // At most 16 characters of A-Z a-z 0-9 / - (https://docs.mastersindia.co/eway/generate-e-way-bill).
  const nextBody = () => ({ ...template, document_number: `BENCH-${(documents++).toString(36)}` });
  app.get('/typed', async (req, res) => {
    const bill = await ewayBills(req).generate(nextBody() as GenerateRequest);
    res.json({ ewayBillNo: bill.ewayBillNo });
  });
  app.get('/raw', async (req, res) => {
    const answer = await req.mastersFetch.post(GENERATE_PATH, { json: nextBody() }).json();
    const bill = unwrapResults<{ ewayBillNo: number }>(answer);
    res.json({ ewayBillNo: String(bill.ewayBillNo) });
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
