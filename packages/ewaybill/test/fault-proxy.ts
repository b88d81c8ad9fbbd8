import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback proxy in front of the mock that injects faults AFTER the mock handled a request (the
 * operation took effect, then the connection drops or the answer comes late), until the mock's own
 * after-handler faults (issue 21, branch h21-mock) are merged. Real HTTP on both sides.
 */
export type AfterFault =
  /** Forward, let the mock answer, then destroy the client's connection. */
  | { kind: 'drop-after' }
  /** Forward, let the mock answer, then hold the answer `delayMs` (past the client's timeout). */
  | { kind: 'delay-after'; delayMs: number }
  /**
   * Drop the client's connection at once, hold the request, and forward it to the mock only after
   * the next by-consignor look-up was answered (the look-up arrives before the generate commits).
   */
  | { kind: 'commit-after-lookup' };

export interface FaultProxy {
  url: string;
  /** The next request to `path` gets `fault` (once). */
  once(path: string, fault: AfterFault): void;
  /** Resolves when the held request of a `commit-after-lookup` fault reached the mock. */
  committed(): Promise<void>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startFaultProxy(targetUrl: string): Promise<FaultProxy> {
  const faults = new Map<string, AfterFault>();
  let held: (() => Promise<void>) | undefined;
  let commit: Promise<void> = Promise.resolve();
  let resolveCommit: () => void = () => {};

  const forward = async (req: IncomingMessage, body: Buffer) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === 'string' && !['host', 'connection', 'content-length'].includes(k))
        headers[k] = v;
    }
    const response = await fetch(`${targetUrl}${req.url ?? '/'}`, {
      method: req.method,
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(body),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  const reply = (res: ServerResponse, answer: Awaited<ReturnType<typeof forward>>) => {
    if (res.destroyed) return;
    res.writeHead(answer.status, {
      'content-type': answer.headers.get('content-type') ?? 'application/json',
    });
    res.end(answer.text);
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const fault = faults.get(path);
      if (fault) faults.delete(path);
      if (fault?.kind === 'commit-after-lookup') {
        req.socket.destroy();
        held = async () => {
          await forward(req, body);
          resolveCommit();
        };
        return;
      }
      const answer = await forward(req, body);
      if (fault?.kind === 'drop-after') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'delay-after') {
        await new Promise((r) => setTimeout(r, fault.delayMs));
      }
      reply(res, answer);
      if (held && (req.url ?? '').includes('GetEwayBillGeneratedByConsigner')) {
        const run = held;
        held = undefined;
        await run();
      }
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    once(path, fault) {
      faults.set(path, fault);
      if (fault.kind === 'commit-after-lookup') {
        commit = new Promise<void>((r) => (resolveCommit = r));
      }
    },
    committed: () => commit,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
