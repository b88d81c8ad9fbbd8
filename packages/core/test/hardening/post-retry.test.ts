import ky from 'ky';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMastersClient } from '../../src/client.js';
import { MastersError, MastersHttpError } from '../../src/errors.js';
import type { MastersClient } from '../../src/types.js';
import { makeJwt, RawServer, sendJson } from './raw-server.js';

const TOKEN_AUTH = '/api/v1/token-auth/';
const GENERATE = '/api/v1/ewayBillsGenerate/';
const RETRY_POST = { limit: 3, methods: ['post', 'patch', 'get'] };

/**
 * Finding 10: POST and PATCH are never retried, whatever `retry` options a caller passes (per
 * call, through `.extend()`, a number, a `shouldRetry` that says yes, `ky.retry()` from a hook).
 * Counted at the server.
 */
describe('hardening: POST and PATCH are never retried', () => {
  const server = new RawServer();
  let client: MastersClient;

  beforeEach(async () => {
    await server.start();
    server.handler = (request, response) => {
      if (request.url === TOKEN_AUTH) sendJson(response, 200, { token: makeJwt() });
      else response.writeHead(503, { 'content-type': 'text/plain' }).end('busy');
    };
    client = createMastersClient({
      baseUrl: server.url,
      credentials: { username: 'erp-bot', password: 'Retry-Pass-2a9d' },
    });
    await client.getAccessToken();
    server.received.length = 0;
  });

  afterEach(async () => {
    await client.close();
    await server.close();
    server.received.length = 0;
  });

  const cases = {
    'per call': (method: 'post' | 'patch') =>
      client.mastersFetch[method](GENERATE.slice(1), {
        json: { docNo: 'INV-1' },
        retry: RETRY_POST,
      }),
    'through .extend()': (method: 'post' | 'patch') =>
      client.mastersFetch
        .extend({ retry: RETRY_POST })
        [method](GENERATE.slice(1), { json: { docNo: 'INV-1' } }),
    'through .extend(fn)': (method: 'post' | 'patch') =>
      client.mastersFetch
        .extend(() => ({ retry: RETRY_POST }))
        [method](GENERATE.slice(1), { json: { docNo: 'INV-1' } }),
    'with shouldRetry: () => true': (method: 'post' | 'patch') =>
      client.mastersFetch[method](GENERATE.slice(1), {
        json: { docNo: 'INV-1' },
        retry: { ...RETRY_POST, shouldRetry: () => true },
      }),
    'with ky.retry() from an afterResponse hook': (method: 'post' | 'patch') =>
      client.mastersFetch[method](GENERATE.slice(1), {
        json: { docNo: 'INV-1' },
        retry: RETRY_POST,
        hooks: {
          afterResponse: [
            (_request, _options, response) => (response.status === 503 ? ky.retry() : response),
          ],
        },
      }),
    'on a forCredentials instance': (method: 'post' | 'patch') =>
      client
        .forCredentials({ username: 'erp-bot', password: 'Retry-Pass-2a9d' })
        [method](GENERATE.slice(1), { json: { docNo: 'INV-1' }, retry: RETRY_POST }),
  };

  for (const [name, send] of Object.entries(cases)) {
    it.each(['post', 'patch'] as const)(`%s is sent exactly once ${name}`, async (method) => {
      const error = await send(method).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MastersError);
      expect(server.count(GENERATE)).toBe(1);
    });
  }

  it('the caller still sees the sanitized 503, and a GET with the same options is retried', async () => {
    const error = await client.mastersFetch
      .post(GENERATE.slice(1), { json: { docNo: 'INV-1' }, retry: RETRY_POST })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MastersHttpError);
    expect(error).toMatchObject({ status: 503, method: 'POST' });
    server.received.length = 0;
    await client.mastersFetch
      .get(GENERATE.slice(1), { retry: { ...RETRY_POST, delay: () => 1 } })
      .catch(() => undefined);
    expect(server.count(GENERATE)).toBe(4);
  });
});
