import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMastersClient } from '../../src/client.js';
import { MastersHttpError, MastersTokenError } from '../../src/errors.js';
import type { MastersClient, MastersClientOptions } from '../../src/types.js';
import { FakeClock } from '../helpers.js';
import { makeJwt, RawServer, sendJson } from './raw-server.js';

const TIMEOUT_MS = 500;
const TOKEN_AUTH = '/api/v1/token-auth/';

/** Headers at once, then one byte every `everyMs` until the client goes away. */
function drip(response: ServerResponse, everyMs: number, first = '{"token": "'): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write(first);
  const timer = setInterval(() => response.write('a'), everyMs);
  response.on('close', () => clearInterval(timer));
}

/**
 * Finding 3: a body that drips is bounded. Logins, refreshes and API bodies read through ky's
 * helpers are bounded by the attempt's `timeoutMs` (headers and body); `response.body` read as a
 * stream gets an idle bound (no byte for `timeoutMs` ends it).
 */
describe('hardening: slow bodies are bounded by timeoutMs', () => {
  const server = new RawServer();
  const clients: MastersClient[] = [];
  let dripTokenAuth = false;

  beforeEach(async () => {
    await server.start();
    server.handler = (request, response) => {
      const path = request.url.split('?')[0];
      if (path === TOKEN_AUTH) {
        if (dripTokenAuth) drip(response, 100);
        else sendJson(response, 200, { token: makeJwt() });
        return;
      }
      if (path === '/api/v1/drip/') {
        drip(response, 100, '{"results": "');
        return;
      }
      if (path === '/api/v1/pdf/') {
        // A slow download: a chunk every 200 ms for 1.2 s in all (longer than timeoutMs).
        response.writeHead(200, { 'content-type': 'application/pdf' });
        let sent = 0;
        const timer = setInterval(() => {
          response.write('%PDF-chunk');
          if (++sent === 6) {
            clearInterval(timer);
            response.end();
          }
        }, 200);
        response.on('close', () => clearInterval(timer));
        return;
      }
      if (path === '/api/v1/stall/') {
        response.writeHead(200, { 'content-type': 'application/pdf' });
        response.write('%PDF-first-chunk');
        return; // then nothing, ever
      }
      response.writeHead(404).end();
    };
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server.close();
    server.received.length = 0;
    dripTokenAuth = false;
  });

  const client = (options: Partial<MastersClientOptions> = {}): MastersClient => {
    const c = createMastersClient({
      baseUrl: server.url,
      credentials: { username: 'erp-bot', password: 'Slow-Body-Pass-41d0' },
      timeoutMs: TIMEOUT_MS,
      ...options,
    } as MastersClientOptions);
    clients.push(c);
    return c;
  };

  it('a dripping token-auth body fails its attempt within timeoutMs + 1 s, and a later call logs in again', async () => {
    const clock = new FakeClock();
    const c = client({ clock });
    dripTokenAuth = true;
    const started = performance.now();
    const error = await c.getAccessToken().catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(MastersTokenError);
    expect((error as Error).message).toContain('ETIMEDOUT');
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1_000);
    // The single flight is released: after the backoff, the next call logs in again. (On a loaded
    // machine the first attempt can time out before the server has read the request, so count
    // from what the server saw of it.)
    const firstLogins = server.count(TOKEN_AUTH);
    expect(firstLogins).toBeLessThanOrEqual(1);
    dripTokenAuth = false;
    clock.advance(61_000);
    await expect(c.getAccessToken()).resolves.toMatch(/^ey/);
    expect(server.count(TOKEN_AUTH)).toBe(firstLogins + 1);
  });

  it.each(['json', 'text', 'arrayBuffer', 'blob'] as const)(
    'an API body read with .%s() is bounded by the attempt’s timeoutMs',
    async (helper) => {
      const c = client();
      await c.getAccessToken();
      const started = performance.now();
      const error = await c.mastersFetch
        .get('api/v1/drip/')
        [helper]()
        .catch((e: unknown) => e);
      const elapsed = performance.now() - started;
      expect(error).toBeInstanceOf(MastersHttpError);
      expect(error).toMatchObject({ code: 'ETIMEDOUT', method: 'GET', path: '/api/v1/drip/' });
      expect(elapsed).toBeLessThan(TIMEOUT_MS + 1_000);
    },
  );

  it('response.body as a stream gets an idle bound: a slow but steady download completes', async () => {
    const c = client();
    const response = await c.mastersFetch.get('api/v1/pdf/');
    const started = performance.now();
    let text = '';
    const decoder = new TextDecoder();
    for await (const chunk of response.body as ReadableStream<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
    }
    expect(performance.now() - started).toBeGreaterThan(TIMEOUT_MS);
    expect(text).toBe('%PDF-chunk'.repeat(6));
  });

  it('response.body as a stream: no byte for timeoutMs ends it with MastersHttpError ETIMEDOUT', async () => {
    const c = client();
    const response = await c.mastersFetch.get('api/v1/stall/');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    const started = performance.now();
    const error = await reader.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MastersHttpError);
    expect(error).toMatchObject({ code: 'ETIMEDOUT', path: '/api/v1/stall/' });
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 1_000);
  });
});
