/**
 * The Express app of scenario 1, in its own process: `GET /ours` calls the mock through
 * `req.mastersFetch`, `GET /baseline` calls the same endpoint through a plain ky instance with a
 * fixed valid token header. The middleware is mounted app-wide, so the ratio isolates the cost of
 * calling through `req.mastersFetch`. Each request's latency (arrival to `finish`) is recorded here
 * in microseconds; the parent collects a summary per round over IPC (`{ type: 'take', id }`).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import ky from 'ky';
import { mastersIndia } from '@mastersfetch/express';
import { API_PATH, API_QUERY } from './api.js';
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
  const [baseUrl, username, password] = process.argv.slice(2) as [string, string, string];
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
  app.get('/baseline', async (_req, res) => {
    res.json(await baseline.get(API_PATH, { searchParams: API_QUERY }).json());
  });

  // autocannon closes its sockets at the end of a round: the middleware then aborts those
  // requests' upstream calls (by design). Answer quietly instead of logging each abort.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (!res.headersSent && !res.destroyed) res.status(502).json({ error: String(error) });
  });

  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  let cpuMark = process.cpuUsage();
  process.on('message', (message: { type: string; id: number; route?: string }) => {
    if (message.type === 'mark') {
      cpuMark = process.cpuUsage();
      process.send?.({ id: message.id, value: null });
    } else if (message.type === 'take') {
      // CPU time of this process during the round: less sensitive to a loaded machine than wall time.
      const cpu = process.cpuUsage(cpuMark);
      const list = samples.get(message.route ?? '')?.view() ?? new Float64Array(0);
      samples.delete(message.route ?? '');
      process.send?.({
        id: message.id,
        value: {
          count: list.length,
          p50Us: percentile(list, 50),
          p99Us: percentile(list, 99),
          cpuUs: cpu.user + cpu.system,
        },
      });
    } else if (message.type === 'stats') {
      process.send?.({ id: message.id, value: masters.client.stats() });
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

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
