import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMastersClient } from '../../src/client.js';
import { MastersConfigError, MastersHttpError } from '../../src/errors.js';
import type { MastersClient } from '../../src/types.js';
import { makeJwt, RawServer, sendJson } from './raw-server.js';

const TOKEN_AUTH = '/api/v1/token-auth/';
const HTML = '<html><body>Login required. session=html-secret-4c1d</body></html>';

/**
 * Finding 13: typed errors where ky or JSON.parse would throw raw ones: a leading slash is a
 * `MastersConfigError` with a hint; `.json()` of an HTML 200 is a `MastersHttpError` ("expected
 * JSON, got text/html") that quotes no body.
 */
describe('hardening: typed errors instead of raw ones', () => {
  const server = new RawServer();
  let client: MastersClient;

  beforeEach(async () => {
    await server.start();
    server.handler = (request, response) => {
      const path = request.url.split('?')[0];
      if (path === TOKEN_AUTH) sendJson(response, 200, { token: makeJwt() });
      else if (path === '/api/v1/html/') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML);
      } else if (path === '/api/v1/broken/') {
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"results": html-secret-4c1d');
      } else sendJson(response, 200, { results: { status: 'Success' } });
    };
    client = createMastersClient({
      baseUrl: server.url,
      credentials: { username: 'erp-bot', password: 'Typed-Pass-6b0e' },
    });
  });

  afterEach(async () => {
    await client.close();
    await server.close();
    server.received.length = 0;
  });

  it('a leading slash in a mastersFetch path is a MastersConfigError with a hint', async () => {
    const call = async () => client.mastersFetch.get('/api/v1/getEwayBillData/').json();
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MastersConfigError);
    expect((error as MastersConfigError).option).toBe('path');
    expect((error as Error).message).toContain("write 'api/v1/getEwayBillData/'");
    const viaExtend = await (async () =>
      client.mastersFetch.extend({}).post('/api/v1/x/', { json: {} }))().catch((e: unknown) => e);
    expect(viaExtend).toBeInstanceOf(MastersConfigError);
    expect(server.received).toEqual([]);
  });

  it('.json() of an HTML 200 is MastersHttpError "expected JSON, got text/html", without the body', async () => {
    const error = await client.mastersFetch
      .get('api/v1/html/?q=1')
      .json()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MastersHttpError);
    expect(error).toMatchObject({
      status: 200,
      method: 'GET',
      path: '/api/v1/html/',
      code: 'EBADJSON',
    });
    expect((error as Error).message).toContain('expected JSON, got text/html');
    for (const text of [
      (error as Error).message,
      inspect(error, { depth: 10 }),
      JSON.stringify(error),
    ]) {
      expect(text).not.toContain('html-secret');
      expect(text).not.toContain('SyntaxError');
    }
  });

  it('.json() of malformed JSON is MastersHttpError too (a POST says POST)', async () => {
    const error = await client.mastersFetch
      .post('api/v1/broken/', { json: {} })
      .json()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MastersHttpError);
    expect(error).toMatchObject({ method: 'POST', path: '/api/v1/broken/' });
    expect((error as Error).message).toContain('expected JSON, got malformed JSON');
    expect(JSON.stringify(error)).not.toContain('html-secret');
  });
});
