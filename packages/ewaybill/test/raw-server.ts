import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMastersClient, type MastersClient } from '@mastersfetch/core';

export interface RawServer {
  url: string;
  client: MastersClient;
  /** Requests received, `METHOD path?query`. */
  requests: string[];
  close(): Promise<void>;
}

/** A node:http server whose answers a test scripts (for envelopes the mock cannot be told to send). */
export async function startRawServer(
  handler: (req: IncomingMessage, res: ServerResponse, count: number) => void,
): Promise<RawServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => handler(req, res, requests.length));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = createMastersClient({ baseUrl: url, credentials: { apiKey: 'raw-test-key' } });
  return {
    url,
    client,
    requests,
    async close() {
      await client.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export const json = (res: ServerResponse, body: unknown, status = 200): void => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
export const nicError = (code: string, text: string) => ({
  results: { message: `${code}: ${text}`, status: 'No Content', code: 204, nic_code: code },
});
export const success = (message: unknown) => ({
  results: { message, status: 'Success', code: 200 },
});
