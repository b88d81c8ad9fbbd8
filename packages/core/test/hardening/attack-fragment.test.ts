import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMastersClient, type MastersClient } from '../../src/index.js';
import { RawServer } from './raw-server.js';

/**
 * Attack: errors name "the method and the path (never the query string...)" and `pathOf` says
 * "without query or fragment" (http/attempt-errors.ts). A `Request`'s URL keeps its fragment, so a
 * path given with one (or a same-origin redirect whose Location has one) put it in the error's
 * `path` and message, unlike the spans and debug lines (`pathOfUrl`). Real HTTP to a raw server.
 */
describe('attack: no URL fragment in error paths', () => {
  const server = new RawServer();
  let client: MastersClient;
  beforeEach(async () => {
    await server.start();
    client = createMastersClient({
      baseUrl: server.url,
      credentials: { apiKey: 'attack-frag-key-0001' },
    });
  });
  afterEach(async () => {
    await client.close();
    await server.close();
  });

  it('a timeout and a non-JSON body on a path with a fragment', async () => {
    server.handler = (request, response) => {
      if (request.url.startsWith('/slow/')) return; // never answers
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>');
    };
    const timedOut = await client.mastersFetch
      .get('slow/#ewb=351000000001', { timeout: 200, retry: 0 })
      .catch((e: unknown) => e as { path: string; message: string });
    const notJson = await client.mastersFetch
      .get('html/#ewb=351000000001', { retry: 0 })
      .json()
      .catch((e: unknown) => e as { path: string; message: string });
    expect(server.received.length).toBe(2);
    for (const error of [timedOut, notJson] as { path: string; message: string }[]) {
      expect(error.path).not.toContain('#');
      expect(error.message).not.toContain('351000000001');
    }
  });
});
