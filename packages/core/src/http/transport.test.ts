import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MastersHttpError } from '../errors.js';
import { LoginRedirectError } from './redirects.js';
import { createAttemptFetch, createLoginPost, MAX_LOGIN_BODY_BYTES } from './transport.js';

/** Loopback server: each path is one behaviour; `hits` counts requests per path. */
let server: Server;
let base: string;
const hits = new Map<string, number>();
const open = new Set<ServerResponse>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    req.resume();
    if (path === '/ok') res.writeHead(200, { 'content-type': 'application/json' }).end('{"a":1}');
    else if (path === '/silent')
      open.add(res); // never answers
    else if (path === '/drip') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"a":"');
      const timer = setInterval(() => res.write('a'), 50);
      res.on('close', () => clearInterval(timer));
    } else if (path === '/hop') res.writeHead(302, { location: '/ok' }).end();
    else if (path === '/away') res.writeHead(302, { location: 'http://192.0.2.1/x' }).end();
    else if (path === '/big') res.writeHead(200).end('x'.repeat(MAX_LOGIN_BODY_BYTES + 1));
    else res.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of open) res.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const attemptFetch = (timeoutMs = 200) =>
  createAttemptFetch({ fetch: globalThis.fetch.bind(globalThis), timeoutMs });

describe('http/transport: one attempt', () => {
  it('no headers within timeoutMs: MastersHttpError ETIMEDOUT naming method and path, no query', async () => {
    const error = await attemptFetch()(new Request(`${base}/silent?gstin=X`), undefined).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MastersHttpError);
    expect(error).toMatchObject({
      code: 'ETIMEDOUT',
      status: undefined,
      method: 'GET',
      path: '/silent',
    });
    expect((error as Error).message).not.toContain('gstin');
  });

  it("a call's own time limit (the per-call option) wins over timeoutMs", async () => {
    const started = performance.now();
    const error = await attemptFetch(10_000)(new Request(`${base}/silent`), {
      mastersfetchTimeoutMs: 100,
    } as RequestInit).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ETIMEDOUT' });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('one limit covers headers and body: a dripping body read with .json() times out', async () => {
    const response = await attemptFetch()(new Request(`${base}/drip`), undefined);
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toMatchObject({ code: 'ETIMEDOUT', path: '/drip' });
  });

  it('a refused connection is a MastersHttpError with the network code', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await new Promise((resolve) => closed.once('listening', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await attemptFetch()(new Request(`http://127.0.0.1:${port}/x`), undefined).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MastersHttpError);
    expect(error).toMatchObject({ status: undefined, code: 'ECONNREFUSED', path: '/x' });
  });

  it('follows a same-origin GET redirect, calling restamp; refuses another origin', async () => {
    let restamped = 0;
    const fetch = createAttemptFetch({
      fetch: globalThis.fetch.bind(globalThis),
      timeoutMs: 1_000,
      restamp: () => void restamped++,
    });
    const response = await fetch(new Request(`${base}/hop`), undefined);
    expect(await response.json()).toEqual({ a: 1 });
    expect(restamped).toBe(1);
    await expect(fetch(new Request(`${base}/away`), undefined)).rejects.toMatchObject({
      code: 'EREDIRECT',
      status: 302,
    });
  });
});

describe('http/transport: the login POST', () => {
  const loginPost = () =>
    createLoginPost({
      prefixUrl: `${base}/`,
      fetch: globalThis.fetch.bind(globalThis),
      timeoutMs: 200,
    });

  it('returns the answer with its body read', async () => {
    const response = await loginPost()('ok', { username: 'u' });
    expect(await response.json()).toEqual({ a: 1 });
  });

  it('never follows a redirect (LoginRedirectError naming the origin only)', async () => {
    const error = await loginPost()('away', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoginRedirectError);
    expect(error).toMatchObject({ status: 302, targetOrigin: 'http://192.0.2.1' });
  });

  it('a body over MAX_LOGIN_BODY_BYTES reads as empty; a dripping one times out', async () => {
    expect(await (await loginPost()('big', {})).text()).toBe('');
    await expect(loginPost()('drip', {})).rejects.toMatchObject({
      code: 'ETIMEDOUT',
      path: '/drip',
    });
  });
});
