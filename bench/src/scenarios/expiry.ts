import ky from 'ky';
import { createMastersClient } from '@mastersfetch/core';
import { DEMO_USERS } from '@mastersfetch/mock-server';
import { API_PATH, API_QUERY } from '../api.js';
import { startMockProcess } from '../mock.js';
import { bootstrap, halfWidth, isDisturbed, verdict } from '../paired.js';
import { formatInterval } from '../paired-runner.js';
import { percentile, round, sleep } from '../stats.js';
import type { Scenario } from '../types.js';

const TOKEN_LIFETIME_SEC = 20;
const RATE_PER_SEC = 200;
const WARM_UP_MS = 2_000;

/** One second of the chart: max and p99 latency (µs) of the requests sent in it. */
export interface LatencyBucket {
  second: number;
  oursMaxUs: number;
  oursP99Us: number;
  baselineMaxUs: number;
  baselineP99Us: number;
}

/**
 * Scenario 4: steady traffic across several token expiries. Ours talks to a mock whose tokens live
 * 20 s; the baseline sends a fixed token to an identical mock (same process) whose token outlives
 * the run, so it never renews. Each tick sends one request of each (taking turns going first), so
 * both see the same load.
 */
export const expiry: Scenario = {
  name: 'expiry',
  title: '4. Expiry boundary (token lifetime 20 s, 200 requests/s for 60 s)',
  async run({ quick }) {
    const durationMs = quick ? 25_000 : 60_000;
    const user = DEMO_USERS[0]!;
    const credentials = { username: user.username, password: user.password };
    const mock = await startMockProcess([
      { users: [...DEMO_USERS], tokenLifetimeSec: TOKEN_LIFETIME_SEC },
      { users: [...DEMO_USERS] },
    ]);
    const client = createMastersClient({ baseUrl: mock.urls[0]!, credentials });
    const renewals: number[] = [];
    try {
      const { token } = await ky
        .post(`${mock.urls[1]}/api/v1/token-auth/`, { json: credentials })
        .json<{ token: string }>();
      const baseline = ky.create({
        prefixUrl: mock.urls[1],
        headers: { authorization: `JWT ${token}` },
      });
      const ours: [number, number][] = []; // [sent at ms, latency µs]
      const base: [number, number][] = [];
      const baseTick: number[] = []; // tick of each base entry (the two halves of the A/A)
      let failures = 0;
      const inflight = new Set<Promise<void>>();
      const timed = (
        list: [number, number][],
        at: number,
        call: () => Promise<unknown>,
        tick: number,
      ): void => {
        const started = performance.now();
        const p = call().then(
          () => {
            list.push([at, (performance.now() - started) * 1_000]);
            if (list === base) baseTick.push(tick);
          },
          () => void (failures += 1),
        );
        inflight.add(p);
        p.finally(() => inflight.delete(p));
      };
      const start = performance.now();
      client.on('renew', () => renewals.push(performance.now() - start));
      client.on('login', () => renewals.push(performance.now() - start));
      let sent = 0;
      let waitsAfterWarmUp: number | undefined;
      while (performance.now() - start < durationMs) {
        const elapsed = performance.now() - start;
        if (waitsAfterWarmUp === undefined && elapsed >= WARM_UP_MS) {
          waitsAfterWarmUp = client.stats().waits;
        }
        const due = Math.floor((elapsed * RATE_PER_SEC) / 1_000);
        for (; sent < due; sent++) {
          const tick = sent;
          const sendOurs = (): void =>
            timed(
              ours,
              elapsed,
              () => client.mastersFetch.get(API_PATH, { searchParams: API_QUERY }).json(),
              tick,
            );
          const sendBase = (): void =>
            timed(
              base,
              elapsed,
              () => baseline.get(API_PATH, { searchParams: API_QUERY }).json(),
              tick,
            );
          // Take turns going first, so neither side always waits behind the other's request.
          if (sent % 2 === 0) {
            sendOurs();
            sendBase();
          } else {
            sendBase();
            sendOurs();
          }
        }
        await sleep(2);
      }
      await Promise.all(inflight);
      const stats = client.stats();
      const waits = stats.waits - (waitsAfterWarmUp ?? 0);
      const logins = (await mock.stats())[0]!.logins;
      const after = (list: [number, number][]): number[] =>
        list.filter(([at]) => at >= WARM_UP_MS).map(([, us]) => us);
      const oursP99 = percentile(after(ours), 99);
      const baseP99 = percentile(after(base), 99);
      const oursMax = Math.max(...after(ours));
      const baseMax = Math.max(...after(base));
      const ratio = oursP99 / baseP99;
      // Interval of this statistic itself: bootstrap over whole seconds after warm-up (a second
      // keeps its requests together, so a pause that hits both sides stays paired). A/A: the same
      // statistic on the baseline's requests of ticks 0, 3 (mod 4) over those of ticks 1, 2. Each
      // half has as many requests sent first in their tick as second (the sides take turns), and
      // the same mean place when the loop sends 2 or 4 ticks at once, so the A/A measures noise
      // only; even over odd ticks, as before, compared the baseline sent second with it sent first.
      interface Second {
        ours: number[];
        base: number[];
        half1: number[];
        half2: number[];
      }
      const seconds = new Map<number, Second>();
      const secondOf = (at: number): Second => {
        const key = Math.floor(at / 1_000);
        let entry = seconds.get(key);
        if (!entry) seconds.set(key, (entry = { ours: [], base: [], half1: [], half2: [] }));
        return entry;
      };
      for (const [at, us] of ours) if (at >= WARM_UP_MS) secondOf(at).ours.push(us);
      base.forEach(([at, us], i) => {
        if (at < WARM_UP_MS) return;
        const entry = secondOf(at);
        entry.base.push(us);
        (baseTick[i]! % 4 === 0 || baseTick[i]! % 4 === 3 ? entry.half1 : entry.half2).push(us);
      });
      type Key = keyof Second;
      // Each second's latencies as typed arrays, and one scratch buffer: a resample copies its
      // seconds into the buffer and sorts it in place (about 1 ms for 12,000 values).
      const units = [...seconds.values()].map((second) => ({
        ours: Float64Array.from(second.ours),
        base: Float64Array.from(second.base),
        half1: Float64Array.from(second.half1),
        half2: Float64Array.from(second.half2),
      }));
      const scratch = new Float64Array(ours.length + base.length);
      const p99Of = (sample: readonly (typeof units)[number][], key: Key): number => {
        let length = 0;
        for (const second of sample) {
          scratch.set(second[key], length);
          length += second[key].length;
        }
        return percentile(scratch.subarray(0, length), 99);
      };
      // 500 resamples: each sorts about 12,000 latencies twice (a few seconds in all).
      const resamples = quick ? 200 : 500;
      const p99Interval = bootstrap(units, (u) => p99Of(u, 'ours') / p99Of(u, 'base'), {
        resamples,
      });
      const aaInterval = bootstrap(units, (u) => p99Of(u, 'half1') / p99Of(u, 'half2'), {
        resamples,
      });
      const p99Verdict = verdict(p99Interval, { op: '<=', value: 1.1 }, units.length);
      const disturbed = isDisturbed(aaInterval);
      const buckets: LatencyBucket[] = [];
      for (let second = 0; second < Math.ceil(durationMs / 1_000); second++) {
        const pick = (list: [number, number][]): number[] =>
          list
            .filter(([at]) => at >= second * 1_000 && at < (second + 1) * 1_000)
            .map(([, us]) => us);
        const o = pick(ours);
        const b = pick(base);
        buckets.push({
          second,
          oursMaxUs: round(Math.max(0, ...o), 0),
          oursP99Us: round(percentile(o, 99), 0),
          baselineMaxUs: round(Math.max(0, ...b), 0),
          baselineP99Us: round(percentile(b, 99), 0),
        });
      }
      return {
        setup: `mock token lifetime ${TOKEN_LIFETIME_SEC} s, ${RATE_PER_SEC} requests/s each for ours and the fixed-token baseline for ${durationMs / 1_000} s, one of each per tick, taking turns going first; warm-up ${WARM_UP_MS / 1_000} s; latency per request measured by the caller (µs); both mocks in one separate process`,
        comparisons: [
          { metric: 'requests sent', ours: ours.length, baseline: base.length },
          {
            metric: 'p99 latency after warm-up (µs)',
            ours: round(oursP99, 0),
            baseline: round(baseP99, 0),
            ratio: round(ratio),
          },
          {
            metric: 'max latency after warm-up (µs)',
            ours: round(oursMax, 0),
            baseline: round(baseMax, 0),
            ratio: round(oursMax / baseMax),
          },
          { metric: 'logins at the mock (incl. renewals)', ours: logins, baseline: 1 },
          {
            metric: 'client stats',
            ours: `renewals ${stats.renewals}, waits ${stats.waits}, replays ${stats.replays}`,
            baseline: '',
          },
          { metric: 'failed requests', ours: failures, baseline: '' },
        ],
        targets: [
          {
            name: 'callers that waited on a renewal after warm-up',
            target: '0',
            value: waits,
            isMet: waits === 0,
            isCount: true,
          },
          {
            name: 'p99 latency ratio (bootstrap over seconds)',
            target: '<= 1.1',
            value: round(ratio),
            isMet: p99Verdict.status === 'met',
            isCount: false,
            interval: [round(p99Interval.low), round(p99Interval.high)],
            aa: [round(aaInterval.low), round(aaInterval.high)],
            verdict: p99Verdict.status,
            disturbed,
            note: [
              `${units.length} seconds, half-width ${round(halfWidth(p99Interval))} (A/A ${round(halfWidth(aaInterval))})`,
              p99Verdict.tooWideBy !== undefined
                ? `interval too wide by ${round(p99Verdict.tooWideBy)} (about ${p99Verdict.pairsNeeded} seconds at this spread would resolve it)`
                : '',
              disturbed ? 'DISTURBED: the A/A interval excludes 1.0' : '',
            ]
              .filter(Boolean)
              .join('; '),
          },
          {
            name: 'failed requests',
            target: '0',
            value: failures,
            isMet: failures === 0,
            isCount: true,
          },
        ],
        data: {
          buckets,
          tokenEventsAtMs: renewals.map((ms) => round(ms, 0)),
          notes: [
            `p99 ratio ${formatInterval(p99Interval)} (bootstrap over ${units.length} seconds), A/A (baseline ticks 0, 3 mod 4 / ticks 1, 2) ${formatInterval(aaInterval)}`,
          ],
        },
      };
    } finally {
      await client.close();
      await mock.close();
    }
  },
};
