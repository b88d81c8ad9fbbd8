import { DEMO_USERS } from '@mastersfetch/mock-server';
import { judgePairs, formatInterval, runAbba, summarizeAbba } from '../paired-runner.js';
import { medianOf } from '../paired.js';
import { startMockProcess } from '../mock.js';
import { CONNECTIONS, fromEnv, routeRound, startRouteApp, type RouteApp } from '../route-bench.js';
import { round } from '../stats.js';
import type { Comparison, Scenario, Target } from '../types.js';

const preload = (file: string): string[] => [
  '--import',
  new URL(`../instrumentation/${file}`, import.meta.url).href,
];

/**
 * Issue 23's cost of instrumentation when nobody looks (docs/ARCHITECTURE.md §12), as two paired
 * comparisons of the overhead route (`GET /ours` through `req.mastersFetch`, `overhead-app.ts`) in
 * three copies of the same app on one mock, each copy its own process:
 * - OpenTelemetry API installed but no SDK registered, against the API absent
 *   (`instrumentation/hide-otel-api.ts` makes `@opentelemetry/api` unresolvable);
 * - diagnostics_channel publications with no subscriber, against a build without them
 *   (`instrumentation/no-channels.ts` swaps core's `observe/channels.js` for a stub).
 * A fourth process, a second copy as installed, gives the between-process A/A (reported beside the
 * targets): the ABBA A/A compares a process with itself and cannot see a difference between two.
 * Each is judged by the paired method of bench/README.md: median of ABBA per-pair ratios of
 * requests/s, lower bound >= 0.97. Sizes: `BENCH_INSTRUMENTATION_QUARTETS`,
 * `BENCH_INSTRUMENTATION_ROUND_SEC`.
 */
export const instrumentation: Scenario = {
  name: 'instrumentation',
  title:
    '10. Instrumentation when nobody looks (OpenTelemetry API without SDK; no channel subscriber)',
  async run({ quick }) {
    const quartets = fromEnv('BENCH_INSTRUMENTATION_QUARTETS', quick ? 3 : 25);
    const roundSec = fromEnv('BENCH_INSTRUMENTATION_ROUND_SEC', quick ? 0.5 : 1);
    const warmUpSec = quick ? 1 : 6;
    const mock = await startMockProcess([{ users: [...DEMO_USERS] }]);
    const apps: RouteApp[] = [];
    try {
      const withApi = await startRouteApp('overhead', { mock });
      apps.push(withApi);
      const withoutApi = await startRouteApp('overhead', {
        mock,
        execArgv: preload('hide-otel-api.js'),
      });
      apps.push(withoutApi);
      const withoutChannels = await startRouteApp('overhead', {
        mock,
        execArgv: preload('no-channels.js'),
      });
      apps.push(withoutChannels);
      // A second copy as installed: the two copies' ratio is the between-process A/A (the ABBA A/A
      // compares a process with itself, so it cannot see a difference between two processes).
      const twin = await startRouteApp('overhead', { mock });
      apps.push(twin);
      const t0 = performance.now();
      for (const app of apps) await routeRound(app, '/ours', warmUpSec);

      const compare = async (a: RouteApp, b: RouteApp) => {
        const rounds = await runAbba({
          quartets,
          runA: () => routeRound(a, '/ours', roundSec),
          runB: () => routeRound(b, '/ours', roundSec),
        });
        const side = (s: 'A' | 'B') =>
          medianOf(rounds.filter((r) => r.side === s).map((r) => r.value.rps));
        return {
          rps: summarizeAbba(rounds, (v) => v.rps),
          cpu: summarizeAbba(rounds, (v) => v.cpuUsPerRequest),
          medians: { a: side('A'), b: side('B') },
          errors: rounds.reduce((sum, r) => sum + r.value.errors, 0),
        };
      };
      const otel = await compare(withApi, withoutApi);
      const channels = await compare(withApi, withoutChannels);
      const processes = await compare(withApi, twin);
      const seconds = (performance.now() - t0) / 1_000;
      const errors = otel.errors + channels.errors + processes.errors;

      const row = (metric: string, c: typeof otel): Comparison => ({
        metric,
        ours: round(c.medians.a, 0),
        baseline: round(c.medians.b, 0),
        ratio: round(c.rps.ratio.estimate),
        interval: [round(c.rps.ratio.low), round(c.rps.ratio.high)],
        aa: [round(c.rps.aa.low), round(c.rps.aa.high)],
      });
      const targets: Target[] = [
        judgePairs(
          'requests/s ratio, OpenTelemetry API without SDK / API absent (median of ABBA pairs)',
          { op: '>=', value: 0.97 },
          otel.rps,
        ),
        judgePairs(
          'requests/s ratio, channels without subscriber / build without publications (median of ABBA pairs)',
          { op: '>=', value: 0.97 },
          channels.rps,
        ),
        { name: 'failed requests', target: '0', value: errors, isMet: errors === 0, isCount: true },
      ];
      return {
        setup: `three copies of the Express app of scenario 1 (GET /ours through req.mastersFetch) on one mock, each in its own process (plus a second copy as installed, for the between-process A/A): as installed (the OpenTelemetry API resolvable, no SDK registered, no diagnostics_channel subscriber), with @opentelemetry/api unresolvable (--import hide-otel-api.js), and with core's observe/channels.js swapped for a stub that publishes nothing (--import no-channels.js); ${warmUpSec} s warm-up each; per comparison ${quartets} ABBA quartets of ${roundSec} s rounds, A/A = adjacent rounds of the same app; ${CONNECTIONS} connections (autocannon); intervals: 95% bootstrap of the median of per-pair ratios; ${round(seconds, 0)} s of load`,
        comparisons: [
          row('requests/s, API without SDK vs API absent (median of rounds)', otel),
          row(
            'requests/s, channels without subscriber vs no publications (median of rounds)',
            channels,
          ),
          { metric: 'errors / non-2xx', ours: errors, baseline: '' },
        ],
        targets,
        data: {
          notes: [
            `OpenTelemetry: requests/s ${formatInterval(otel.rps.ratio)}, A/A ${formatInterval(otel.rps.aa)}; app CPU per request ${formatInterval(otel.cpu.ratio)}`,
            `channels: requests/s ${formatInterval(channels.rps.ratio)}, A/A ${formatInterval(channels.rps.aa)}; app CPU per request ${formatInterval(channels.cpu.ratio)}`,
            `between-process A/A (two identical copies): requests/s ${formatInterval(processes.rps.ratio)}; a ratio above that spread is the instrumentation's, not the process's`,
          ],
          options: { quartets, roundSec, warmUpSec },
          summaries: { otel, channels, processes },
        },
      };
    } finally {
      for (const app of apps) await app.close();
      await mock.close();
    }
  },
};
