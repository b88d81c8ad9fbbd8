import ky from 'ky';
import { createMastersClient } from '@mastersfetch/core';
import { DEMO_USERS } from '@mastersfetch/mock-server';
import { API_PATH, API_QUERY } from '../api.js';
import { startMockProcess } from '../mock.js';
import { medianOf, medianRatioInterval, type Interval } from '../paired.js';
import { formatInterval } from '../paired-runner.js';
import { round } from '../stats.js';
import type { Scenario } from '../types.js';

type Side = 'ours' | 'naive' | 'floor' | 'floorAa';

/**
 * Cold-start cost (issue 19): a cold client's first call to its answer. Ours (a fresh
 * createMastersClient, first mastersFetch call) vs the naive helper (plain ky: log in, then call)
 * vs the floor (Node's fetch: one login round trip plus one call round trip, no client). Each round
 * runs every side once, in an order that reverses every round; the per-round ratios give the
 * medians and their bootstrap intervals; floor against itself is the A/A. Informational: no target.
 */
export const coldStart: Scenario = {
  name: 'cold-start',
  title: 'Cold start (first call of a fresh client: ours vs naive login-then-call vs the floor)',
  async run({ quick }) {
    const rounds = quick ? 10 : 100;
    const user = DEMO_USERS[0]!;
    const credentials = { username: user.username, password: user.password };
    const mock = await startMockProcess([{ users: [...DEMO_USERS] }]);
    const baseUrl = mock.urls[0]!;
    const query = new URLSearchParams(API_QUERY).toString();
    const timeOf = async (run: () => Promise<unknown>): Promise<number> => {
      const t0 = performance.now();
      await run();
      return (performance.now() - t0) * 1_000; // µs
    };
    const sides: Record<Side, () => Promise<number>> = {
      ours: async () => {
        let client: ReturnType<typeof createMastersClient> | undefined;
        const us = await timeOf(async () => {
          client = createMastersClient({ baseUrl, credentials });
          await client.mastersFetch.get(API_PATH, { searchParams: API_QUERY }).json();
        });
        await client?.close();
        return us;
      },
      naive: () =>
        timeOf(async () => {
          const plain = ky.create({ prefixUrl: baseUrl });
          const { token } = await plain
            .post('api/v1/token-auth/', { json: credentials })
            .json<{ token: string }>();
          await plain
            .get(API_PATH, { searchParams: API_QUERY, headers: { authorization: `JWT ${token}` } })
            .json();
        }),
      floor: () => floor(baseUrl, credentials, query),
      floorAa: () => floor(baseUrl, credentials, query),
    };
    const order: Side[] = ['ours', 'naive', 'floor', 'floorAa'];
    const times: Record<Side, number[]> = { ours: [], naive: [], floor: [], floorAa: [] };
    try {
      // Warm-up: JIT and keep-alive connections for every side (kept alive for all of them).
      for (let i = 0; i < 5; i++) for (const side of order) await sides[side]();
      for (let r = 0; r < rounds; r++) {
        for (const side of r % 2 === 0 ? order : [...order].reverse()) {
          times[side].push(await sides[side]());
        }
      }
      const ratios = (a: Side, b: Side): Interval =>
        medianRatioInterval(times[a].map((t, i) => t / times[b][i]!));
      const oursFloor = ratios('ours', 'floor');
      const naiveFloor = ratios('naive', 'floor');
      const oursNaive = ratios('ours', 'naive');
      const aa = ratios('floorAa', 'floor');
      const pair = (i: Interval): [number, number] => [round(i.low), round(i.high)];
      const logins = (await mock.stats())[0]!.logins;
      return {
        setup: `${rounds} rounds, each side once per round in an order reversed every round; mock in its own process; keep-alive connections to the mock are warm for every side (the figure is the client's cost, not TCP connect); time from creating the client to the first answer parsed, µs; ratios: median of per-round ratios, 95% bootstrap interval; A/A = floor against itself`,
        comparisons: [
          {
            metric: 'ours vs the floor (login RTT + call RTT, no client)',
            ours: round(medianOf(times.ours), 0),
            baseline: round(medianOf(times.floor), 0),
            ratio: round(oursFloor.estimate),
            interval: pair(oursFloor),
            aa: pair(aa),
          },
          {
            metric: 'naive helper (ky: login then call) vs the floor',
            ours: round(medianOf(times.naive), 0),
            baseline: round(medianOf(times.floor), 0),
            ratio: round(naiveFloor.estimate),
            interval: pair(naiveFloor),
            aa: pair(aa),
          },
          {
            metric: 'ours vs the naive helper',
            ours: round(medianOf(times.ours), 0),
            baseline: round(medianOf(times.naive), 0),
            ratio: round(oursNaive.estimate),
            interval: pair(oursNaive),
            aa: pair(aa),
          },
          { metric: 'logins at the mock', ours: logins, baseline: '' },
        ],
        targets: [],
        data: {
          notes: [
            `ours / floor ${formatInterval(oursFloor)}; naive / floor ${formatInterval(naiveFloor)}; ours / naive ${formatInterval(oursNaive)}; A/A ${formatInterval(aa)}`,
          ],
        },
      };
    } finally {
      await mock.close();
    }
  },
};

/** One login round trip plus one call round trip with Node's fetch: no client, no retries. */
async function floor(
  baseUrl: string,
  credentials: { username: string; password: string },
  query: string,
): Promise<number> {
  const t0 = performance.now();
  const login = await fetch(`${baseUrl}/api/v1/token-auth/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  const { token } = (await login.json()) as { token: string };
  const call = await fetch(`${baseUrl}/${API_PATH}?${query}`, {
    headers: { authorization: `JWT ${token}` },
  });
  await call.json();
  return (performance.now() - t0) * 1_000;
}
