/**
 * Scenario 5 body, run with `--expose-gc` in its own process so the heap figures are its own.
 * argv: mock URL, tenant count, maxEntries. Replies `{ type: 'done', ... }` over IPC.
 */
import ky, { type Options } from 'ky';
import { Agent, request } from 'undici';
import { createMastersClient, MemoryTokenStore } from '@mastersfetch/core';
import { API_PATH, API_QUERY } from './api.js';

const CONCURRENCY = 64;

// The query is already in the URL: with a per-call hook, ky would build the Request twice for
// `searchParams`, and the call is answered locally anyway.
const API_URL = `${API_PATH}?${new URLSearchParams(API_QUERY).toString()}`;

/**
 * Runs after our auth hook (which logs this tenant in at the mock) and answers the API call
 * locally: this scenario measures what 100,000 logged-in tenants leave on the heap, and the API
 * round trip (half the HTTP work, most of the run time on 2 cores) adds nothing to it.
 */
const ANSWER_LOCALLY: Options = {
  hooks: {
    beforeRequest: [
      () => new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } }),
    ],
  },
};

/**
 * The client's `fetch` option for this scenario: undici's `request()` over one keep-alive pool for
 * the logins (core sends token-auth as a URL string and a string body). Node's `fetch` spends
 * ~0.6 ms of CPU per login here on web streams and per-request abort signals, which made the run
 * 40% longer and says nothing about the heap being measured (the pool's 64 keep-alive sockets
 * are counted in it, as Node's fetch's were). Anything else (never reached: API calls are answered
 * locally) goes to Node's fetch.
 */
function loginTransport(pool: Agent): typeof fetch {
  return async (input, init) => {
    if (typeof input !== 'string') return fetch(input, init);
    const response = await request(input, {
      method: (init?.method ?? 'GET') as 'POST',
      headers: init?.headers as Record<string, string> | undefined,
      body: init?.body as string | undefined,
      signal: init?.signal ?? undefined,
      dispatcher: pool,
    });
    const text = await response.body.text();
    // Every header, as Node's fetch would give them (core reads `Date` for the server's clock).
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      for (const item of Array.isArray(value) ? value : [value ?? '']) headers.append(name, item);
    }
    return new Response(text, { status: response.statusCode, headers });
  };
}

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  const [baseUrl, countText, maxEntriesText] = process.argv.slice(2) as [string, string, string];
  const count = Number(countText);
  const maxEntries = Number(maxEntriesText);
  const credentialsOf = (i: number) => ({
    username: `tenant-${i}@bench.example`,
    password: `tenant-pass-${i}`,
  });

  const pool = new Agent({ connections: CONCURRENCY });
  const store = new MemoryTokenStore({ maxEntries });
  const client = createMastersClient({ baseUrl, store, maxEntries, fetch: loginTransport(pool) });
  const emptyHeap = heapAfterGc();

  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        try {
          await client.forCredentials(credentialsOf(i)).get(API_URL, ANSWER_LOCALLY).json();
        } catch {
          failures += 1;
        }
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  const fullHeap = heapAfterGc();
  const storeSize = store.size;
  await client.close();
  await pool.close();

  // Baseline: the naive per-tenant cache, an unbounded Map of username -> token, filled with
  // `count` distinct tokens of the real length.
  const { token } = await ky
    .post(`${baseUrl}/api/v1/token-auth/`, { json: credentialsOf(0) })
    .json<{ token: string }>();
  const mapEmptyHeap = heapAfterGc();
  const naive = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const suffix = String(i).padStart(8, '0');
    naive.set(credentialsOf(i).username, token.slice(0, -8) + suffix);
  }
  const mapHeap = heapAfterGc();
  process.send?.(
    {
      type: 'done',
      deltaBytes: fullHeap - emptyHeap,
      storeSize,
      failures,
      elapsedMs,
      naiveDeltaBytes: mapHeap - mapEmptyHeap,
      naiveSize: naive.size,
    },
    () => process.disconnect(),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
