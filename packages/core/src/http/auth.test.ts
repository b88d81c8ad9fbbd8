import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMastersClient } from '../client.js';

/** A loopback server that records the headers of every request and answers `{}`. */
async function recordingServer(): Promise<{
  server: Server;
  url: string;
  seen: IncomingHttpHeaders[];
}> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

let base: Awaited<ReturnType<typeof recordingServer>>;
let other: Awaited<ReturnType<typeof recordingServer>>;

beforeAll(async () => {
  base = await recordingServer();
  other = await recordingServer(); // another port: another origin
});

afterAll(async () => {
  for (const { server } of [base, other]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const API_KEY = 'auth-boundary-api-key-51c2';

describe('http/auth: the stamp hook', () => {
  it('stamps api_key only on requests to the base origin, and strips one a caller set elsewhere', async () => {
    const client = createMastersClient({ baseUrl: base.url, credentials: { apiKey: API_KEY } });
    try {
      await client.mastersFetch.get('api/v1/x/').json();
      await client.mastersFetch
        .get(new URL('/api/v1/x/', other.url), {
          headers: { api_key: 'set-by-caller', authorization: 'JWT set-by-caller' },
        })
        .json();
    } finally {
      await client.close();
    }
    expect(base.seen.at(-1)?.api_key).toBe(API_KEY);
    expect(base.seen.at(-1)?.authorization).toBeUndefined();
    expect(other.seen.at(-1)?.api_key).toBeUndefined();
    expect(other.seen.at(-1)?.authorization).toBeUndefined();
  });

  it('a credentials source that throws fails the call with its error, sending nothing', async () => {
    const client = createMastersClient({ baseUrl: base.url });
    const before = base.seen.length;
    const failure = new Error('no tenant');
    try {
      const tenant = client.forCredentials(() => {
        throw failure;
      });
      await expect(tenant.get('api/v1/x/').json()).rejects.toBe(failure);
    } finally {
      await client.close();
    }
    expect(base.seen.length).toBe(before);
  });
});
