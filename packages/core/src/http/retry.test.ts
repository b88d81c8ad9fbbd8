import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMastersClient } from '../client.js';
import { MastersHttpError } from '../errors.js';
import { adaptRetry, notRetriable, RETRY_POLICY, shouldRetry } from './retry.js';

describe('http/retry: the policy', () => {
  it('RETRY_POLICY is ky 1.x defaults made explicit (public values)', () => {
    expect(RETRY_POLICY).toEqual({
      limit: 2,
      methods: ['get', 'put', 'head', 'delete', 'options', 'trace'],
      statusCodes: [408, 413, 429, 500, 502, 503, 504],
      afterStatusCodes: [413, 429, 503],
      maxRetryAfter: 60_000,
      retryOnTimeout: false,
    });
  });

  it("adaptRetry drops POST and PATCH from a caller's methods and keeps our shouldRetry first", async () => {
    const theirs = () => true;
    const adapted = adaptRetry({ methods: ['get', 'POST', 'patch', 'put'], shouldRetry: theirs });
    expect(adapted).toMatchObject({ methods: ['get', 'put'] });
    const composite = (adapted as { shouldRetry: typeof shouldRetry }).shouldRetry;
    const marked = notRetriable(new Error('resolver failed')) as Error;
    expect(composite({ error: marked })).toBe(false);
    expect(composite({ error: new Error('socket hang up') })).toBe(true);
    expect(adaptRetry(3)).toEqual({ limit: 3 });
  });

  it('shouldRetry: timeouts and HTTP statuses mapped by us are final; network errors are ky’s', () => {
    const timeout = new MastersHttpError({
      status: undefined,
      code: 'ETIMEDOUT',
      method: 'GET',
      path: '/',
    });
    const reset = new MastersHttpError({
      status: undefined,
      code: 'ECONNRESET',
      method: 'GET',
      path: '/',
    });
    const notFound = new MastersHttpError({ status: 404, method: 'GET', path: '/' });
    expect(shouldRetry({ error: timeout })).toBe(false);
    expect(shouldRetry({ error: notFound })).toBe(false);
    expect(shouldRetry({ error: reset })).toBeUndefined();
  });
});

describe('http/retry: over HTTP', () => {
  let server: Server;
  let url: string;
  const hits: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.method ?? '');
      req.resume();
      res.writeHead(503, { 'content-type': 'application/json' }).end('{}');
    });
    server.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('a POST is sent once whatever the retry option says; a GET is retried', async () => {
    const client = createMastersClient({
      baseUrl: url,
      credentials: { apiKey: 'retry-test-key-9e1b' },
    });
    try {
      hits.length = 0;
      const post = client.mastersFetch.post('api/v1/ewayBillsGenerate/', {
        json: {},
        retry: { limit: 2, methods: ['post', 'get'], backoffLimit: 1 },
      });
      await expect(post).rejects.toMatchObject({ name: 'MastersHttpError', status: 503 });
      expect(hits).toEqual(['POST']);
      hits.length = 0;
      const get = client.mastersFetch.get('api/v1/x/', { retry: { limit: 1, backoffLimit: 1 } });
      await expect(get).rejects.toBeInstanceOf(MastersHttpError);
      expect(hits).toEqual(['GET', 'GET']);
    } finally {
      await client.close();
    }
  });

  it("a caller's shouldRetry that refuses an HTTP error ends the call with MastersHttpError, never ky's HTTPError", async () => {
    const client = createMastersClient({
      baseUrl: url,
      credentials: { apiKey: 'retry-test-key-9e1b' },
    });
    try {
      for (const shouldRetry of [() => false, () => Promise.resolve(false)]) {
        hits.length = 0;
        const error = await client.mastersFetch
          .get('api/v1/x/', { retry: { shouldRetry } })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MastersHttpError);
        expect(error).toMatchObject({ status: 503, method: 'GET', path: '/api/v1/x/' });
        expect(JSON.stringify(error)).not.toContain('retry-test-key-9e1b');
        expect(hits).toEqual(['GET']);
      }
    } finally {
      await client.close();
    }
  });
});
