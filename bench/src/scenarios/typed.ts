import { GENERATE_PATH } from '../api.js';
import { judgePairs, formatInterval, runAbba, summarizeAbba } from '../paired-runner.js';
import { medianOf } from '../paired.js';
import { CONNECTIONS, fromEnv, routeRound, startRouteApp } from '../route-bench.js';
import { round } from '../stats.js';
import type { Scenario } from '../types.js';

/** Quartets between two resets of the mock: about 40 s, 25,000 bills, 50 MB of its heap. */
const RESET_EVERY = 10;

/**
 * Issue 22's target: a typed `generate` through `@mastersfetch/ewaybill` (local validation, the
 * NIC envelope, the response schema) vs a raw `req.mastersFetch.post` of the same body, on the same
 * Express app and mock (`overhead-app.ts`, mode `typed`), judged by the paired method of
 * bench/README.md: median of ABBA per-pair ratios of requests/s, lower bound >= 0.97. Every request
 * of either side takes the next document number of one counter, so the mock creates a bill each
 * time (no NIC 604) and both sides do the same work apart from the typed layer. Every
 * `RESET_EVERY` quartets the mock forgets its bills (`reset()`; the app then drops its access token
 * and logs in again, and each route runs half a second, unmeasured): it keeps every bill it made, and with 250,000 of them (460 MB of
 * heap after 100 quartets) the last quarter of the pairs was three times as noisy as the first
 * (per-pair σ 0.40 against 0.12; run of 3d1ed10). Sizes: `BENCH_TYPED_QUARTETS`,
 * `BENCH_TYPED_ROUND_SEC`.
 */
export const typed: Scenario = {
  name: 'typed',
  title: '9. Typed generate (@mastersfetch/ewaybill vs a raw mastersFetch.post of the same body)',
  async run({ quick }) {
    const quartets = fromEnv('BENCH_TYPED_QUARTETS', quick ? 3 : 25);
    const roundSec = fromEnv('BENCH_TYPED_ROUND_SEC', quick ? 0.5 : 1);
    const warmUpSec = quick ? 1 : 6;
    const target = await startRouteApp('typed');
    try {
      const t0 = performance.now();
      // Warm-up (JIT, the first login, keep-alive sockets, the mock's bill store); not measured.
      await routeRound(target, '/typed', warmUpSec);
      await routeRound(target, '/raw', warmUpSec);
      let generated = 0;
      const forgetBills = async () => {
        const [mock] = await target.mock.stats();
        generated += mock?.byPath[`/${GENERATE_PATH}`] ?? 0;
        await target.mock.reset();
        // The reset forgot the app's access token too: the app drops it and logs in again.
        const login = await target.app.call<{ ok: boolean; error?: string }>('login-again');
        if (!login.ok)
          throw new Error(`typed: the login after the mock's reset failed: ${login.error}`);
        // An unmeasured half second of each route, so that what follows a reset (an empty store,
        // the freed heap's GC) does not always land on the A round after it.
        await routeRound(target, '/raw', 0.5);
        await routeRound(target, '/typed', 0.5);
      };
      const rounds = await runAbba({
        quartets,
        runA: async (index) => {
          if (index % (4 * RESET_EVERY) === 0) await forgetBills();
          return routeRound(target, '/typed', roundSec);
        },
        runB: () => routeRound(target, '/raw', roundSec),
      });
      const seconds = (performance.now() - t0) / 1_000;
      const rps = summarizeAbba(rounds, (v) => v.rps);
      const cpu = summarizeAbba(rounds, (v) => v.cpuUsPerRequest);
      const errors = rounds.reduce((sum, r) => sum + r.value.errors, 0);
      const [mock] = await target.mock.stats();
      generated += mock?.byPath[`/${GENERATE_PATH}`] ?? 0;
      const mockHeapMb = round((await target.mock.heapUsed()) / 1024 / 1024, 0);
      const side = (s: 'A' | 'B', key: 'rps' | 'cpuUsPerRequest') =>
        medianOf(rounds.filter((r) => r.side === s).map((r) => r.value[key]));
      return {
        setup: `Express app with mastersIndia() mounted app-wide; GET /typed runs ewayBills(req).generate(body) and GET /raw runs unwrapResults(await req.mastersFetch.post('${GENERATE_PATH}', { json: body }).json()), both answering { ewayBillNo }; body: the mock's exampleGenerateBody with the next document number of one counter shared by both routes (every request creates a bill, never NIC 604); ${warmUpSec} s warm-up per route; the mock forgets its bills every ${RESET_EVERY} quartets (reset; the app then logs in again and each route runs 0.5 s, unmeasured); ${quartets} ABBA quartets of ${roundSec} s rounds (${rps.pairs} A/B pairs, A/A = adjacent rounds of the same route); ${CONNECTIONS} connections (autocannon), mock in its own process; intervals: 95% bootstrap of the median of per-pair ratios; ${round(seconds, 0)} s of load`,
        comparisons: [
          {
            metric: 'requests/s (median of rounds)',
            ours: round(side('A', 'rps'), 0),
            baseline: round(side('B', 'rps'), 0),
            ratio: round(rps.ratio.estimate),
            interval: [round(rps.ratio.low), round(rps.ratio.high)],
            aa: [round(rps.aa.low), round(rps.aa.high)],
          },
          {
            metric: 'app CPU µs per request (median of rounds)',
            ours: round(side('A', 'cpuUsPerRequest'), 0),
            baseline: round(side('B', 'cpuUsPerRequest'), 0),
            ratio: round(cpu.ratio.estimate),
            interval: [round(cpu.ratio.low), round(cpu.ratio.high)],
            aa: [round(cpu.aa.low), round(cpu.aa.high)],
          },
          {
            metric: `bills generated at the mock (its heap at the end; it forgets them every ${RESET_EVERY} quartets)`,
            ours: `${generated} (${mockHeapMb} MB)`,
            baseline: '',
          },
          { metric: 'errors / non-2xx', ours: errors, baseline: '' },
        ],
        targets: [
          judgePairs(
            'requests/s ratio, typed / raw generate (median of ABBA pairs)',
            { op: '>=', value: 0.97 },
            rps,
          ),
          {
            name: 'failed requests',
            target: '0',
            value: errors,
            isMet: errors === 0,
            isCount: true,
          },
        ],
        data: {
          notes: [
            `requests/s ratio ${formatInterval(rps.ratio)}, A/A ${formatInterval(rps.aa)}, per-pair sigma ${round(rps.sigma, 4)} (A/A ${round(rps.aaSigma, 4)})`,
            `app CPU per request ratio ${formatInterval(cpu.ratio)}, A/A ${formatInterval(cpu.aa)}`,
          ],
          options: { quartets, roundSec, warmUpSec },
          summaries: { rps, cpu },
        },
      };
    } finally {
      await target.close();
    }
  },
};
