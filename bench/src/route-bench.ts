/**
 * Paired comparisons of two routes of the Express app (`overhead-app.ts`) under autocannon load,
 * shared by the overhead and peers scenarios (issue 19):
 * - requests/s and app CPU per request: ABBA rounds of one route at a time (`runAbba`);
 * - p50 and p99 latency: request-level interleaving, every connection cycling
 *   A, B, B', A, B', B (`interleavedCycle`; B' = `/baseline-aa`, the same handler as B), so both
 *   routes see the same GC pauses; a round is one pair, and B'/B of the same round is its A/A.
 */
import autocannon from 'autocannon';
import { DEMO_USERS } from '@mastersfetch/mock-server';
import { forkChild, type Child } from './child.js';
import { startMockProcess, type MockProcess } from './mock.js';
import { interleavedCycle, medianOf, summarizePairs, type PairedSummary } from './paired.js';
import { runAbba, summarizeAbba } from './paired-runner.js';

export const CONNECTIONS = 10;
const AA_ROUTE = '/baseline-aa';

export interface RouteApp {
  url: string;
  app: Child;
  mock: MockProcess;
  close(): Promise<void>;
}

/**
 * Forks the Express app of `overhead-app.ts` in `mode`, on its own mock process unless `shared.mock`
 * is given (then `close()` leaves that mock running); `shared.execArgv` adds Node flags (the
 * `instrumentation` scenario's `--import` preloads).
 */
export async function startRouteApp(
  mode: 'overhead' | 'peers' | 'typed',
  shared: { mock?: MockProcess; execArgv?: string[] } = {},
): Promise<RouteApp> {
  const user = DEMO_USERS[0]!;
  const mock = shared.mock ?? (await startMockProcess([{ users: [...DEMO_USERS] }]));
  const app = forkChild(
    './overhead-app.js',
    [mock.urls[0]!, user.username, user.password, mode],
    shared.execArgv,
  );
  const { url } = await app.next<{ url: string }>('ready');
  return {
    url,
    app,
    mock,
    async close() {
      await app.call('close').catch(() => undefined);
      await app.kill();
      if (!shared.mock) await mock.close();
    },
  };
}

interface Taken {
  routes: Record<string, { count: number; p50Us: number; p99Us: number }>;
  cpuUs: number;
}

export interface RoundResult {
  route: string;
  rps: number;
  /** App process CPU (user + system) per request, µs. */
  cpuUsPerRequest: number;
  errors: number;
}

/** One round of one route: requests/s (autocannon) and app CPU per request. */
export async function routeRound(
  target: RouteApp,
  route: string,
  seconds: number,
): Promise<RoundResult> {
  await target.app.call('mark');
  const result = await autocannon({
    url: `${target.url}${route}`,
    connections: CONNECTIONS,
    duration: seconds,
  });
  const taken = await target.app.call<Taken>('take', { routes: [route] });
  const count = taken.routes[route]?.count ?? 0;
  return {
    route,
    rps: result.requests.total / seconds,
    cpuUsPerRequest: taken.cpuUs / Math.max(1, count),
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

export interface LatencyRound {
  a: { p50Us: number; p99Us: number; count: number };
  b: { p50Us: number; p99Us: number; count: number };
  aa: { p50Us: number; p99Us: number; count: number };
  errors: number;
}

/** One round with every connection cycling A, B, B', A, B', B (see `interleavedCycle`). */
export async function interleavedRound(
  target: RouteApp,
  routeA: string,
  routeB: string,
  seconds: number,
): Promise<LatencyRound> {
  await target.app.call('mark');
  const cycle = interleavedCycle(routeA, routeB, AA_ROUTE);
  const result = await autocannon({
    url: target.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: cycle.map((path) => ({ method: 'GET', path })),
  });
  const taken = await target.app.call<Taken>('take', { routes: [routeA, routeB, AA_ROUTE] });
  return {
    a: taken.routes[routeA]!,
    b: taken.routes[routeB]!,
    aa: taken.routes[AA_ROUTE]!,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

export interface RouteComparisonOptions {
  /** ABBA quartets for requests/s and CPU. */
  quartets: number;
  roundSec: number;
  /** Interleaved rounds for latency (each a pair). */
  latencyRounds: number;
  latencyRoundSec: number;
  warmUpSec: number;
}

export interface RouteComparison {
  rps: PairedSummary;
  cpu: PairedSummary;
  p50: PairedSummary;
  p99: PairedSummary;
  /** Medians over rounds, for the table. */
  medians: {
    a: { rps: number; cpu: number; p50: number; p99: number };
    b: { rps: number; cpu: number; p50: number; p99: number };
  };
  errors: number;
  seconds: number;
}

/** Route A against route B: ABBA rounds, then interleaved latency rounds. */
export async function compareRoutes(
  target: RouteApp,
  routeA: string,
  routeB: string,
  options: RouteComparisonOptions,
): Promise<RouteComparison> {
  const t0 = performance.now();
  // Warm-up (JIT, the first login, keep-alive sockets); not measured.
  await routeRound(target, routeA, options.warmUpSec);
  await routeRound(target, routeB, options.warmUpSec);
  await interleavedRound(target, routeA, routeB, Math.min(2, options.warmUpSec));
  const rounds = await runAbba({
    quartets: options.quartets,
    runA: () => routeRound(target, routeA, options.roundSec),
    runB: () => routeRound(target, routeB, options.roundSec),
  });
  const latency: LatencyRound[] = [];
  for (let i = 0; i < options.latencyRounds; i++) {
    latency.push(await interleavedRound(target, routeA, routeB, options.latencyRoundSec));
  }
  const side = (s: 'A' | 'B') => rounds.filter((r) => r.side === s).map((r) => r.value);
  const latencyPairs = (key: 'p50Us' | 'p99Us') =>
    summarizePairs(
      latency.map((r) => r.a[key] / r.b[key]),
      latency.map((r) => r.aa[key] / r.b[key]),
    );
  const errors =
    rounds.reduce((sum, r) => sum + r.value.errors, 0) +
    latency.reduce((sum, r) => sum + r.errors, 0);
  return {
    rps: summarizeAbba(rounds, (v) => v.rps),
    cpu: summarizeAbba(rounds, (v) => v.cpuUsPerRequest),
    p50: latencyPairs('p50Us'),
    p99: latencyPairs('p99Us'),
    medians: {
      a: {
        rps: medianOf(side('A').map((r) => r.rps)),
        cpu: medianOf(side('A').map((r) => r.cpuUsPerRequest)),
        p50: medianOf(latency.map((r) => r.a.p50Us)),
        p99: medianOf(latency.map((r) => r.a.p99Us)),
      },
      b: {
        rps: medianOf(side('B').map((r) => r.rps)),
        cpu: medianOf(side('B').map((r) => r.cpuUsPerRequest)),
        p50: medianOf(latency.map((r) => r.b.p50Us)),
        p99: medianOf(latency.map((r) => r.b.p99Us)),
      },
    },
    errors,
    seconds: (performance.now() - t0) / 1_000,
  };
}

/** A positive number from the environment (e.g. `BENCH_OVERHEAD_QUARTETS=60`), else `fallback`. */
export function fromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}
