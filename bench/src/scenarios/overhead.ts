import { judgePairs, formatInterval } from '../paired-runner.js';
import { CONNECTIONS, compareRoutes, fromEnv, startRouteApp } from '../route-bench.js';
import { round } from '../stats.js';
import type { Scenario } from '../types.js';

/**
 * Scenario 1: Express route through `req.mastersFetch` vs plain ky with a fixed token, judged by
 * paired statistics (bench/README.md, "How timing targets are judged"). Sizes come from the
 * per-pair sigma measured on this machine; override with `BENCH_OVERHEAD_QUARTETS`,
 * `BENCH_OVERHEAD_ROUND_SEC`, `BENCH_LATENCY_ROUNDS`, `BENCH_LATENCY_ROUND_SEC`.
 */
export const overhead: Scenario = {
  name: 'overhead',
  title: '1. Overhead per request (Express, req.mastersFetch vs plain ky)',
  async run({ quick }) {
    const options = {
      quartets: fromEnv('BENCH_OVERHEAD_QUARTETS', quick ? 3 : 50),
      roundSec: fromEnv('BENCH_OVERHEAD_ROUND_SEC', quick ? 0.5 : 1),
      latencyRounds: fromEnv('BENCH_LATENCY_ROUNDS', quick ? 2 : 20),
      latencyRoundSec: fromEnv('BENCH_LATENCY_ROUND_SEC', quick ? 1 : 3),
      // A fresh app serves ~40% fewer requests/s in its first 10-15 s (JIT tiers, young
      // generation sizing); warm up long enough that the first measured round is not on that slope.
      warmUpSec: quick ? 1 : 6,
    };
    const target = await startRouteApp('overhead');
    try {
      const c = await compareRoutes(target, '/ours', '/baseline', options);
      const logins = (await target.app.call<{ logins: number }>('stats')).logins;
      const rps = judgePairs(
        'requests/s ratio (median of ABBA pairs)',
        { op: '>=', value: 0.97 },
        c.rps,
      );
      const p99 = judgePairs(
        'p99 latency ratio (median of interleaved rounds)',
        { op: '<=', value: 1.1 },
        c.p99,
      );
      return {
        setup: `Express app with mastersIndia() mounted app-wide (app.use, as the Express README shows), so both routes pass through the middleware; ${options.warmUpSec} s warm-up per route; requests/s and app CPU from ${options.quartets} ABBA quartets of ${options.roundSec} s rounds (${c.rps.pairs} A/B pairs, A/A = adjacent rounds of the same route); latency from ${options.latencyRounds} rounds of ${options.latencyRoundSec} s in which every connection cycles /ours, /baseline, /baseline-aa (A/A = /baseline-aa over /baseline); ${CONNECTIONS} connections (autocannon), mock in its own process, latency measured in the app (µs); intervals: 95% bootstrap of the median of per-pair ratios; ${round(c.seconds, 0)} s of load`,
        comparisons: [
          {
            metric: 'requests/s (median of rounds)',
            ours: round(c.medians.a.rps, 0),
            baseline: round(c.medians.b.rps, 0),
            ratio: round(c.rps.ratio.estimate),
          },
          {
            metric: 'p50 latency µs (median of rounds)',
            ours: round(c.medians.a.p50, 0),
            baseline: round(c.medians.b.p50, 0),
            ratio: round(c.p50.ratio.estimate),
          },
          {
            metric: 'p99 latency µs (median of rounds)',
            ours: round(c.medians.a.p99, 0),
            baseline: round(c.medians.b.p99, 0),
            ratio: round(c.p99.ratio.estimate),
          },
          {
            metric: 'app CPU µs per request (median of rounds)',
            ours: round(c.medians.a.cpu, 0),
            baseline: round(c.medians.b.cpu, 0),
            ratio: round(c.cpu.ratio.estimate),
          },
          { metric: 'errors / non-2xx', ours: c.errors, baseline: '' },
          { metric: 'logins', ours: logins, baseline: 1 },
        ],
        targets: [
          rps,
          p99,
          {
            name: 'failed requests',
            target: '0',
            value: c.errors,
            isMet: c.errors === 0,
            isCount: true,
          },
        ],
        data: {
          notes: [
            `requests/s ratio ${formatInterval(c.rps.ratio)}, A/A ${formatInterval(c.rps.aa)}, per-pair sigma ${round(c.rps.sigma, 4)} (A/A ${round(c.rps.aaSigma, 4)})`,
            `app CPU per request ratio ${formatInterval(c.cpu.ratio)}, A/A ${formatInterval(c.cpu.aa)}`,
            `p50 ratio ${formatInterval(c.p50.ratio)}, A/A ${formatInterval(c.p50.aa)}`,
            `p99 ratio ${formatInterval(c.p99.ratio)}, A/A ${formatInterval(c.p99.aa)}, per-pair sigma ${round(c.p99.sigma, 4)}`,
          ],
          options,
          summaries: { rps: c.rps, cpu: c.cpu, p50: c.p50, p99: c.p99 },
        },
      };
    } finally {
      await target.close();
    }
  },
};
