import { formatInterval } from '../paired-runner.js';
import { ratioOfMediansInterval, type Interval, type PairedSummary } from '../paired.js';
import {
  CONNECTIONS,
  compareRoutes,
  fromEnv,
  startRouteApp,
  type RouteComparison,
} from '../route-bench.js';
import { round } from '../stats.js';
import type { Comparison, Scenario } from '../types.js';

/** The peers, each on its own route of the same Express app and mock (see overhead-app.ts). */
const PEERS = [
  { route: '/limit', name: 'the limit: undici request() + fixed header' },
  { route: '/ours', name: 'ours: req.mastersFetch' },
  { route: '/axios', name: 'axios + token interceptor' },
  { route: '/axios-refresh', name: 'axios + axios-auth-refresh' },
] as const;

const pair = (i: Interval): [number, number] => [round(i.low), round(i.high)];

/**
 * `pnpm bench peers` (issue 19): what users would pick instead, each paired against plain ky with a
 * fixed header (ABBA rounds for requests/s and app CPU, request-level interleaving for latency).
 * Not part of the full run; its own budget is 5 minutes. Informational: no target.
 */
export const peers: Scenario = {
  name: 'peers',
  title: 'Peers (Express route, each client paired against plain ky + fixed header)',
  async run({ quick }) {
    const options = {
      quartets: fromEnv('BENCH_PEERS_QUARTETS', quick ? 2 : 10),
      roundSec: fromEnv('BENCH_OVERHEAD_ROUND_SEC', quick ? 0.5 : 1),
      latencyRounds: fromEnv('BENCH_PEERS_LATENCY_ROUNDS', quick ? 2 : 6),
      latencyRoundSec: quick ? 1 : 2,
      warmUpSec: quick ? 1 : 3,
    };
    const target = await startRouteApp('peers');
    try {
      const results = new Map<string, RouteComparison>();
      for (const peer of PEERS) {
        console.log(`  ${peer.name} vs plain ky...`);
        results.set(peer.route, await compareRoutes(target, peer.route, '/baseline', options));
      }
      const comparisons: Comparison[] = [];
      const row = (
        name: string,
        metric: string,
        s: PairedSummary,
        a: number,
        b: number,
      ): Comparison => ({
        metric: `${name}: ${metric}`,
        ours: round(a, 0),
        baseline: round(b, 0),
        ratio: round(s.ratio.estimate),
        interval: pair(s.ratio),
        aa: pair(s.aa),
      });
      for (const peer of PEERS) {
        const c = results.get(peer.route)!;
        comparisons.push(
          row(peer.name, 'requests/s', c.rps, c.medians.a.rps, c.medians.b.rps),
          row(peer.name, 'p50 µs', c.p50, c.medians.a.p50, c.medians.b.p50),
          row(peer.name, 'p99 µs', c.p99, c.medians.a.p99, c.medians.b.p99),
          row(peer.name, 'app CPU µs per request', c.cpu, c.medians.a.cpu, c.medians.b.cpu),
        );
      }
      // "Ahead of a peer": the interval of ours over that peer lies above 1 (requests/s) or below 1
      // (latency, CPU). Both are ratios to plain ky, resampled independently.
      const ours = results.get('/ours')!;
      const notes: string[] = [];
      const summaries: Record<string, unknown> = {};
      for (const peer of PEERS.filter((p) => p.route !== '/ours')) {
        const c = results.get(peer.route)!;
        const versus = (key: 'rps' | 'p99' | 'cpu'): Interval => {
          return ratioOfMediansInterval(ours[key].samples, c[key].samples);
        };
        const rps = versus('rps');
        const p99 = versus('p99');
        const cpu = versus('cpu');
        const side = (i: Interval, higherIsBetter: boolean): string =>
          (higherIsBetter ? i.low > 1 : i.high < 1)
            ? 'ahead'
            : (higherIsBetter ? i.high < 1 : i.low > 1)
              ? 'behind'
              : 'not separated';
        notes.push(
          `ours / ${peer.name}: requests/s ${formatInterval(rps)} (${side(rps, true)}), p99 ${formatInterval(p99)} (${side(p99, false)}), app CPU per request ${formatInterval(cpu)} (${side(cpu, false)})`,
        );
        summaries[peer.route] = { rps: c.rps, p50: c.p50, p99: c.p99, cpu: c.cpu };
      }
      const errors = [...results.values()].reduce((sum, c) => sum + c.errors, 0);
      return {
        setup: `one Express app and one mock (own processes), ${CONNECTIONS} connections (autocannon); each peer against plain ky + fixed header: ${options.quartets} ABBA quartets of ${options.roundSec} s for requests/s and app CPU, ${options.latencyRounds} interleaved rounds of ${options.latencyRoundSec} s for latency; ratio = peer / plain ky with its 95% bootstrap interval and the A/A (plain ky against itself) of the same statistic; "ours" column = the peer, "baseline" = plain ky`,
        comparisons: [...comparisons, { metric: 'errors / non-2xx', ours: errors, baseline: '' }],
        targets: [
          {
            name: 'failed requests',
            target: '0',
            value: errors,
            isMet: errors === 0,
            isCount: true,
          },
        ],
        data: { notes, summaries, options },
      };
    } finally {
      await target.close();
    }
  },
};
