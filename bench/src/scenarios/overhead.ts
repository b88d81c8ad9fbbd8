import autocannon from 'autocannon';
import { DEMO_USERS } from '@mastersfetch/mock-server';
import { forkChild } from '../child.js';
import { startMockProcess } from '../mock.js';
import { median, round } from '../stats.js';
import type { Scenario } from '../types.js';

interface RoundResult {
  route: 'ours' | 'baseline';
  rps: number;
  p50Us: number;
  p99Us: number;
  requests: number;
  /** CPU time of the app process per request (µs), user + system. */
  cpuUsPerRequest: number;
  errors: number;
}

const CONNECTIONS = 10;

/** Every ratio of one value over another of the list (both directions). */
function ratiosOf(values: number[]): number[] {
  return values.flatMap((a, i) => values.filter((_, j) => j !== i).map((b) => a / b));
}

/** Scenario 1: Express route through `req.mastersFetch` vs plain ky with a fixed token. */
export const overhead: Scenario = {
  name: 'overhead',
  title: '1. Overhead per request (Express, req.mastersFetch vs plain ky)',
  async run({ quick }) {
    const roundSec = quick ? 2 : 10;
    // A fresh app process serves ~40% fewer requests/s in its first 10-15 s (JIT tiers, young
    // generation sizing); warm up long enough that the first measured round is not on that slope.
    const warmUpSec = quick ? 1 : 6;
    const pairs = quick ? 2 : 3;
    const aaRounds = 2;
    const user = DEMO_USERS[0]!;
    const mock = await startMockProcess([{ users: [...DEMO_USERS] }]);
    const app = forkChild('./overhead-app.js', [mock.urls[0]!, user.username, user.password]);
    try {
      const { url } = await app.next<{ url: string }>('ready');
      const runRound = async (
        route: RoundResult['route'],
        seconds: number,
      ): Promise<RoundResult> => {
        await app.call('mark');
        const result = await autocannon({
          url: `${url}/${route}`,
          connections: CONNECTIONS,
          duration: seconds,
        });
        const latency = await app.call<{
          count: number;
          p50Us: number;
          p99Us: number;
          cpuUs: number;
        }>('take', {
          route: `/${route}`,
        });
        return {
          route,
          rps: result.requests.total / seconds,
          p50Us: latency.p50Us,
          p99Us: latency.p99Us,
          requests: latency.count,
          cpuUsPerRequest: latency.cpuUs / Math.max(1, latency.count),
          errors: result.errors + result.timeouts + result.non2xx,
        };
      };
      // Warm-up (JIT, the first login, keep-alive sockets); not measured.
      await runRound('ours', warmUpSec);
      await runRound('baseline', warmUpSec);
      const ab: RoundResult[] = [];
      for (let i = 0; i < pairs; i++) {
        ab.push(await runRound('ours', roundSec));
        ab.push(await runRound('baseline', roundSec));
      }
      const aa: RoundResult[] = [];
      for (let i = 0; i < aaRounds; i++) aa.push(await runRound('baseline', roundSec));
      const clientStats = await app.call<{ logins: number }>('stats');

      const ours = ab.filter((r) => r.route === 'ours');
      const base = ab.filter((r) => r.route === 'baseline');
      const rpsRatio = median(ours.map((r) => r.rps)) / median(base.map((r) => r.rps));
      const p99Ratio = median(ours.map((r) => r.p99Us)) / median(base.map((r) => r.p99Us));
      const cpuRatio =
        median(ours.map((r) => r.cpuUsPerRequest)) / median(base.map((r) => r.cpuUsPerRequest));
      const p50Ratio = median(ours.map((r) => r.p50Us)) / median(base.map((r) => r.p50Us));
      // A/A, the noise floor: every baseline round (A/B part and A/A rounds) over every other.
      const againstItself = [...base, ...aa];
      const aaRps = ratiosOf(againstItself.map((r) => r.rps));
      const aaP99 = ratiosOf(againstItself.map((r) => r.p99Us));
      const spread = (ratios: number[]): string => {
        const low = round(Math.min(...ratios), 3);
        const high = round(Math.max(...ratios), 3);
        return low === high ? `${low}` : `${low}–${high}`;
      };
      const errors = [...ab, ...aa].reduce((sum, r) => sum + r.errors, 0);
      return {
        setup: `Express app with mastersIndia() mounted app-wide (app.use, as the Express README shows), so both routes pass through the middleware; ${warmUpSec} s warm-up per route, then ${pairs}+${pairs} rounds A/B/A/B and ${aaRounds} more baseline rounds of ${roundSec} s, ${CONNECTIONS} connections (autocannon), mock in its own process, latency measured in the app (µs); A/A ratios = every pair of the ${pairs + aaRounds} baseline rounds`,
        comparisons: [
          {
            metric: 'requests/s (median of rounds)',
            ours: round(median(ours.map((r) => r.rps)), 0),
            baseline: round(median(base.map((r) => r.rps)), 0),
            ratio: round(rpsRatio),
          },
          {
            metric: 'p50 latency µs (median of rounds)',
            ours: round(median(ours.map((r) => r.p50Us)), 0),
            baseline: round(median(base.map((r) => r.p50Us)), 0),
            ratio: round(p50Ratio),
          },
          {
            metric: 'p99 latency µs (median of rounds)',
            ours: round(median(ours.map((r) => r.p99Us)), 0),
            baseline: round(median(base.map((r) => r.p99Us)), 0),
            ratio: round(p99Ratio),
          },
          {
            metric: 'app CPU µs per request (median of rounds)',
            ours: round(median(ours.map((r) => r.cpuUsPerRequest)), 0),
            baseline: round(median(base.map((r) => r.cpuUsPerRequest)), 0),
            ratio: round(cpuRatio),
          },
          { metric: 'errors / non-2xx', ours: errors, baseline: '' },
          { metric: 'logins', ours: clientStats.logins, baseline: 1 },
        ],
        targets: [
          {
            name: 'median requests/s ratio',
            target: '>= 0.97',
            value: round(rpsRatio),
            isMet: rpsRatio >= 0.97,
            isCount: false,
            note: `A/A ratio ${spread(aaRps)}`,
          },
          {
            name: 'p99 latency ratio',
            target: '<= 1.10',
            value: round(p99Ratio),
            isMet: p99Ratio <= 1.1,
            isCount: false,
            note: `A/A ratio ${spread(aaP99)}`,
          },
          {
            name: 'failed requests',
            target: '0',
            value: errors,
            isMet: errors === 0,
            isCount: true,
          },
        ],
        data: { rounds: ab, aaRounds: aa },
      };
    } finally {
      await app.call('close').catch(() => undefined);
      await app.kill();
      await mock.close();
    }
  },
};
