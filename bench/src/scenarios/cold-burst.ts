import ky from 'ky';
import { Agent } from 'undici';
import { createMastersClient } from '@mastersfetch/core';
import { DEMO_USERS } from '@mastersfetch/mock-server';
import { API_PATH, API_QUERY } from '../api.js';
import { startMockProcess } from '../mock.js';
import { round } from '../stats.js';
import type { Comparison, Scenario, Target } from '../types.js';

/**
 * Generous per-attempt timeout on both sides: this scenario counts logins, and on a loaded shared
 * machine thousands of simultaneous requests to one mock process can take longer than the 10 s default.
 */
const TIMEOUT_MS = 120_000;

/**
 * Keep-alive sockets both sides may open to the mock, as a server-side app bounds its HTTP pool.
 * Without a bound, 10,000 simultaneous connects overflow the mock's listen backlog (511) and the
 * dropped SYNs are retried after 1, 3, 7 s...: the naive helper's 10,000 logins took 68 s of waiting
 * on the kernel, not of work. The bound changes no count: every call still waits for a token.
 */
const CONNECTIONS = 128;

/** Scenario 3: N concurrent calls from cold; logins at the mock, ours vs a naive per-call login. */
export const coldBurst: Scenario = {
  name: 'cold-burst',
  title: '3. Cold burst (N concurrent calls from a cold start)',
  async run({ quick }) {
    const sizes = quick ? [1_000] : [1_000, 10_000];
    const user = DEMO_USERS[0]!;
    const credentials = { username: user.username, password: user.password };
    const mock = await startMockProcess([{ users: [...DEMO_USERS] }]);
    const baseUrl = mock.urls[0]!;
    const logins = async (): Promise<number> => (await mock.stats())[0]!.logins;
    const comparisons: Comparison[] = [];
    const targets: Target[] = [];
    const pool = new Agent({ connections: CONNECTIONS });
    // Node's fetch with an undici `dispatcher` (a Node-specific RequestInit field).
    const pooledFetch: typeof fetch = (input, init) =>
      fetch(input, { ...init, dispatcher: pool } as RequestInit);
    try {
      for (const n of sizes) {
        // Ours: a fresh (cold) client, n callers at once.
        const client = createMastersClient({
          baseUrl,
          credentials,
          timeoutMs: TIMEOUT_MS,
          operationDeadlineMs: TIMEOUT_MS,
          fetch: pooledFetch,
        });
        let before = await logins();
        let started = performance.now();
        const ours = await Promise.allSettled(
          Array.from({ length: n }, () =>
            client.mastersFetch.get(API_PATH, { searchParams: API_QUERY }).json(),
          ),
        );
        const oursMs = performance.now() - started;
        const oursLogins = (await logins()) - before;
        const oursRejected = ours.filter((r) => r.status === 'rejected');
        const oursFailed = oursRejected.length;
        const firstError = oursRejected[0]?.reason as Error | undefined;
        if (firstError)
          console.warn(`  first failure (ours, ${n}): ${firstError.name}: ${firstError.message}`);
        await client.close();

        // Baseline: the naive helper every team writes first: log in, then call.
        // Same retry budget as ours (2 retries on network errors), for the login too.
        const plain = ky.create({
          prefixUrl: baseUrl,
          retry: { limit: 2, methods: ['get', 'post'] },
          timeout: TIMEOUT_MS,
          fetch: pooledFetch,
        });
        before = await logins();
        started = performance.now();
        const naive = await Promise.allSettled(
          Array.from({ length: n }, async () => {
            const { token } = await plain
              .post('api/v1/token-auth/', { json: credentials })
              .json<{ token: string }>();
            return plain
              .get(API_PATH, {
                searchParams: API_QUERY,
                headers: { authorization: `JWT ${token}` },
              })
              .json();
          }),
        );
        const naiveMs = performance.now() - started;
        const naiveLogins = (await logins()) - before;
        const naiveFailed = naive.filter((r) => r.status === 'rejected').length;

        comparisons.push(
          {
            metric: `logins for ${n} calls`,
            ours: oursLogins,
            baseline: naiveLogins,
            ratio: round(oursLogins / naiveLogins, 5),
          },
          {
            metric: `time for ${n} calls (ms)`,
            ours: round(oursMs, 0),
            baseline: round(naiveMs, 0),
            ratio: round(oursMs / naiveMs, 3),
          },
          {
            metric: `failed calls of ${n}`,
            ours: firstError
              ? `${oursFailed} (first: ${firstError.name}: ${firstError.message})`
              : 0,
            baseline: naiveFailed,
          },
        );
        targets.push(
          {
            name: `logins for ${n} concurrent calls`,
            target: '1',
            value: oursLogins,
            isMet: oursLogins === 1,
            isCount: true,
            note: `naive helper: ${naiveLogins}`,
          },
          {
            name: `failed calls of ${n}`,
            target: '0',
            value: oursFailed,
            isMet: oursFailed === 0,
            isCount: true,
          },
        );
      }
      return {
        setup: `${sizes.join(' and ')} concurrent GETs from a fresh client; baseline = login-per-call helper (plain ky); mock in its own process; both sides share one pool of ${CONNECTIONS} keep-alive connections and a 120 s per-attempt timeout`,
        comparisons,
        targets,
      };
    } finally {
      await pool.close();
      await mock.close();
    }
  },
};
