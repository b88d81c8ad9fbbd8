import { inspect } from 'node:util';
import { createMastersClient, type MastersClient, type MastersFetch } from '@mastersfetch/core';
import type { PairedSummary } from '../paired.js';
import { formatInterval, judgePairs, runAbba, summarizeAbba } from '../paired-runner.js';
import { median, round } from '../stats.js';
import type { Scenario } from '../types.js';

/** Tenants registered in the large arm (the figure: 0.33 ms per error at 10,000 before). */
const TENANTS = 10_000;
// One error costs about 0.23 ms to build and serialize (depth-10 inspect) on an idle machine and
// leaves enough garbage for one young-generation collection per ~100 errors (`node --trace-gc`),
// each a sizeable part of an arm. Arms of 15 errors (3 ms) met a collection every six arms or so,
// a period that could fall on some arm positions more than others and bias the A/A; an arm of 200
// errors (about 46 ms) spans about two, so every arm meets about as many. 40 ABBA quartets take
// about 7.5 s.
const ERRORS_PER_ARM = 200;
const QUARTETS = 40;
const PATH = 'api/v1/getEwayBillData/?action=GetGSTINDetails';

/** What {@link measureRedaction} returns: the ABBA rounds summarized, and each side's arms. */
export interface RedactionMeasurement {
  /** Large arm (A) over small arm (B): per-pair ratios, their median interval and the A/A. */
  summary: PairedSummary;
  /** Mean µs per error of each arm, in run order. */
  smallUs: number[];
  largeUs: number[];
}

/**
 * A custom fetch that fails every call and quotes the request it was given (its `api_key` header),
 * as an instrumented fetch or a proxy does: every error is then scrubbed of a credential's secret.
 */
const quotingFetch: typeof globalThis.fetch = (input) => {
  const headers = input instanceof Request ? [...input.headers] : [];
  const error = new Error('instrumented fetch failed', {
    cause: new Error(`request headers were ${JSON.stringify(headers)}`),
  });
  return Promise.reject(Object.assign(error, { code: 'ECONNRESET' }));
};

function apiKeyClient(tenants: number): { client: MastersClient; named: MastersFetch } {
  const client = createMastersClient({
    baseUrl: 'http://127.0.0.1:9', // never reached: the custom fetch fails every call
    fetch: quotingFetch,
    scheduleRenewal: false,
  });
  let named: MastersFetch | undefined;
  for (let i = 0; i < tenants; i++) {
    const instance = client.forCredentials({ apiKey: `bench-api-key-${i}-0123456789` });
    if (i === Math.floor(tenants / 2)) named = instance;
  }
  return { client, named: named ?? client.forCredentials({ apiKey: 'bench-api-key-0' }) };
}

/** Mean µs to raise one API error for a credential and serialize it (`JSON.stringify` + inspect). */
async function timeErrors(fetch: MastersFetch, count: number): Promise<number> {
  let sink = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    try {
      await fetch.get(PATH, { retry: 0 });
    } catch (error) {
      sink += JSON.stringify(error).length + inspect(error, { depth: 10 }).length;
    }
  }
  const us = ((performance.now() - started) * 1_000) / count;
  if (sink === 0) throw new Error('unreachable: every call fails and is serialized');
  return us;
}

/**
 * Issue 17's redaction micro-benchmark, no network: the time to build and serialize one error of a
 * credential with {@link TENANTS} tenants registered (side A) over the same with 1 tenant (side B),
 * in ABBA quartets (`runAbba`), so the A/A is the one of every other paired target: adjacent arms
 * of the same side, their direction alternating.
 */
export async function measureRedaction(options: { quick: boolean }): Promise<RedactionMeasurement> {
  const quartets = options.quick ? 10 : QUARTETS;
  const small = apiKeyClient(1);
  const large = apiKeyClient(TENANTS);
  try {
    // Warm-up: JIT both paths before measuring.
    for (let i = 0; i < 3; i++) {
      await timeErrors(small.named, ERRORS_PER_ARM);
      await timeErrors(large.named, ERRORS_PER_ARM);
    }
    const rounds = await runAbba({
      quartets,
      runA: () => timeErrors(large.named, ERRORS_PER_ARM),
      runB: () => timeErrors(small.named, ERRORS_PER_ARM),
    });
    const arms = (side: 'A' | 'B') => rounds.filter((r) => r.side === side).map((r) => r.value);
    return {
      summary: summarizeAbba(rounds, (us) => us),
      smallUs: arms('B'),
      largeUs: arms('A'),
    };
  } finally {
    await small.client.close();
    await large.client.close();
  }
}

/** Scenario 8: the cost of one error does not depend on the number of tenants (target <= 1.5). */
export const redaction: Scenario = {
  name: 'redaction',
  title: '8. Redaction (one error with 10,000 tenants vs 1 tenant)',
  async run({ quick }) {
    const m = await measureRedaction({ quick });
    const { summary } = m;
    return {
      setup: `${summary.pairs / 2} ABBA quartets of arms of ${ERRORS_PER_ARM} errors (A: ${TENANTS.toLocaleString('en')} tenants registered, B: 1; ${summary.pairs} A/B pairs, A/A = adjacent arms of the same side), api-key mode, a custom fetch that fails quoting its headers, no network, JSON.stringify + util.inspect of each error`,
      comparisons: [
        {
          metric: 'µs per error (median of arms)',
          ours: round(median(m.largeUs), 1),
          baseline: round(median(m.smallUs), 1),
          ratio: round(summary.ratio.estimate, 3),
          interval: [round(summary.ratio.low), round(summary.ratio.high)],
          aa: [round(summary.aa.low), round(summary.aa.high)],
        },
      ],
      targets: [
        judgePairs(
          'time per error ratio (10,000 tenants / 1 tenant)',
          { op: '<=', value: 1.5 },
          summary,
        ),
      ],
      data: {
        notes: [
          `time per error ratio ${formatInterval(summary.ratio)}, A/A ${formatInterval(summary.aa)}, per-pair sigma ${round(summary.sigma, 4)} (A/A ${round(summary.aaSigma, 4)})`,
        ],
        ratios: summary.samples.map((r) => round(r, 4)),
      },
    };
  },
};
