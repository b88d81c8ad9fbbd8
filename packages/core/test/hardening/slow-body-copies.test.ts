import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMastersClient } from '../../src/client.js';
import { MastersHttpError } from '../../src/errors.js';
import type { MastersClient } from '../../src/types.js';
import { RawServer, sendJson } from './raw-server.js';

const TIMEOUT_MS = 500;
/** Far more than TIMEOUT_MS + 1 s: a read that is not bounded fails the test instead of hanging. */
const GIVE_UP_MS = 4_000;

/** Headers at once, then one byte every `everyMs` until the client goes away. */
function drip(response: ServerResponse, everyMs: number): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write('{"results": "');
  const timer = setInterval(() => response.write('a'), everyMs);
  response.on('close', () => clearInterval(timer));
}

/** `promise`'s error, or `'not settled'` after {@link GIVE_UP_MS}. */
async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const giveUp = new Promise((resolve) => {
    timer = setTimeout(() => resolve('not settled'), GIVE_UP_MS);
  });
  try {
    return await Promise.race([
      promise.then(
        () => 'resolved',
        (error: unknown) => error,
      ),
      giveUp,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Body reads ky makes on copies of the response are bounded like the response's own (docs/
 * ARCHITECTURE.md §6, "Timeouts"): the clone ky hands an `afterResponse` hook (and a clone the
 * hook takes of it), and the stream ky reads for `onDownloadProgress`.
 */
describe('hardening: body copies of a dripping response are bounded by timeoutMs', () => {
  const server = new RawServer();
  const clients: MastersClient[] = [];

  beforeEach(async () => {
    await server.start();
    server.handler = (request, response) => {
      const path = request.url.split('?')[0];
      if (path === '/api/v1/drip/') drip(response, 100);
      else if (path === '/api/v1/small/') sendJson(response, 200, { results: 'ok' });
      else response.writeHead(404).end();
    };
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server.close();
    server.received.length = 0;
  });

  const client = (): MastersClient => {
    const c = createMastersClient({
      baseUrl: server.url,
      credentials: { apiKey: 'slow-copies-api-key-7f3a' },
      timeoutMs: TIMEOUT_MS,
    });
    clients.push(c);
    return c;
  };

  const expectTimedOut = (error: unknown, elapsedMs: number): void => {
    expect(error).toBeInstanceOf(MastersHttpError);
    expect(error).toMatchObject({ code: 'ETIMEDOUT', method: 'GET', path: '/api/v1/drip/' });
    expect(elapsedMs).toBeLessThan(TIMEOUT_MS + 1_000);
  };

  it('the clone an afterResponse hook reads with .json()', async () => {
    const started = performance.now();
    const error = await errorOf(
      client()
        .mastersFetch.get('api/v1/drip/', {
          hooks: {
            afterResponse: [
              async (_request, _options, response) => {
                await response.json();
              },
            ],
          },
        })
        .json(),
    );
    expectTimedOut(error, performance.now() - started);
  });

  it('a clone the afterResponse hook takes of its clone, read with .text()', async () => {
    const started = performance.now();
    const error = await errorOf(
      client()
        .mastersFetch.get('api/v1/drip/', {
          hooks: {
            afterResponse: [
              async (_request, _options, response) => {
                await response.clone().text();
              },
            ],
          },
        })
        .text(),
    );
    expectTimedOut(error, performance.now() - started);
  });

  it('the body ky streams for onDownloadProgress, read with .json()', async () => {
    let progressEvents = 0;
    const started = performance.now();
    const error = await errorOf(
      client()
        .mastersFetch.get('api/v1/drip/', {
          onDownloadProgress: () => {
            progressEvents++;
          },
        })
        .json(),
    );
    expectTimedOut(error, performance.now() - started);
    // ky did read the dripping body (the bound cut a read in progress).
    expect(progressEvents).toBeGreaterThan(0);
  });

  it('the same calls on a small body still answer (hook clone and onDownloadProgress)', async () => {
    const c = client();
    let hookBody: unknown;
    let percent = 0;
    const body = await c.mastersFetch
      .get('api/v1/small/', {
        hooks: {
          afterResponse: [
            async (_request, _options, response) => {
              hookBody = await response.json();
            },
          ],
        },
        onDownloadProgress: (progress) => {
          percent = progress.percent;
        },
      })
      .json();
    expect(body).toEqual({ results: 'ok' });
    expect(hookBody).toEqual({ results: 'ok' });
    expect(percent).toBe(1);
  });
});
