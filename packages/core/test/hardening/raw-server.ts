import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a raw server received: method, URL, headers and the whole body. */
export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (request: Received, response: ServerResponse) => void;

/** A raw `node:http` server on loopback that records every request it receives. */
export class RawServer {
  readonly received: Received[] = [];
  #server: Server | undefined;
  handler: Handler = (_request, response) => {
    response.writeHead(404).end();
  };

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const received: Received = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        this.received.push(received);
        this.handler(received, res);
      });
    });
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    return this;
  }

  get url(): string {
    const { port } = this.#server?.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  count(path: string): number {
    return this.received.filter((r) => r.url.split('?')[0] === path).length;
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    this.#server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

let serial = 0;

/** A JWT shaped like Masters India's (24 h, `orig_iat`), unsigned but decodable. */
export function makeJwt(lifetimeSec = 86_400): string {
  const now = Math.floor(Date.now() / 1000);
  serial++;
  return [
    base64url({ alg: 'HS256', typ: 'JWT' }),
    base64url({ user_id: serial, username: 'u', exp: now + lifetimeSec, orig_iat: now }),
    'c2lnbmF0dXJl',
  ].join('.');
}

/** Answers JSON. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
