import { inspect } from 'node:util';
import { createMastersClient, type MastersClient, type MastersFetch } from '@mastersfetch/core';
import { summarizePairs } from '../paired.js';
import { judgePairs } from '../paired-runner.js';
import { median, round } from '../stats.js';
import type { Scenario } from '../types.js';

/** Tenants registered in the large arm (the figure: 0.33 ms per error at 10,000 before). */
const TENANTS = 10_000;
const ERRORS_PER_ARM = 15;
// One error costs about 5 ms to build and serialize (depth-10 inspect): 30 pairs of 3 arms of 15
// errors keep the scenario under 10 s.
const PAIRS = 30;
const PATH = 'api/v1/getEwayBillData/?action=GetGSTINDetails';

/** What {@link measureRedaction} returns, so it can be plugged into any paired method. */
export interface RedactionMeasurement {
  /** Per pair: mean µs per error with {@link TENANTS} tenants / the same with 1 tenant. */
  ratios: number[];
  /** Per pair: the second 1-tenant arm / the first (the A/A of the same statistic). */
  aaRatios: number[];
  median: number;
  /** Mean µs per error of each arm, per pair. */
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
 * credential with {@link TENANTS} tenants registered over the same with 1 tenant, measured in pairs
 * in one run (arm order alternates per pair). Self-contained so a paired method can call it.
 */
export async function measureRedaction(options: { quick: boolean }): Promise<RedactionMeasurement> {
  const pairs = options.quick ? 5 : PAIRS;
  const small = apiKeyClient(1);
  const large = apiKeyClient(TENANTS);
  try {
    // Warm-up: JIT both paths before measuring.
    await timeErrors(small.named, ERRORS_PER_ARM);
    await timeErrors(large.named, ERRORS_PER_ARM);
    const smallUs: number[] = [];
    const largeUs: number[] = [];
    const ratios: number[] = [];
    const aaRatios: number[] = [];
    // Each pair is 1-tenant, 10,000-tenant, 1-tenant (drift within a pair cancels against the mean
    // of the two 1-tenant arms); the two 1-tenant arms give the A/A.
    for (let p = 0; p < pairs; p++) {
      const first = await timeErrors(small.named, ERRORS_PER_ARM);
      const largeArm = await timeErrors(large.named, ERRORS_PER_ARM);
      const second = await timeErrors(small.named, ERRORS_PER_ARM);
      smallUs.push((first + second) / 2);
      largeUs.push(largeArm);
      ratios.push(largeArm / ((first + second) / 2));
      aaRatios.push(second / first);
    }
    return { ratios, aaRatios, median: median(ratios), smallUs, largeUs };
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
    return {
      setup: `${m.ratios.length} pairs of ${ERRORS_PER_ARM} errors per arm (api-key mode, a custom fetch that fails quoting its headers, no network), JSON.stringify + util.inspect of each`,
      comparisons: [
        {
          metric: 'µs per error (median of pairs)',
          ours: round(median(m.largeUs), 1),
          baseline: round(median(m.smallUs), 1),
          ratio: round(m.median, 3),
        },
      ],
      targets: [
        judgePairs(
          'time per error ratio (10,000 tenants / 1 tenant)',
          { op: '<=', value: 1.5 },
          summarizePairs(m.ratios, m.aaRatios),
        ),
      ],
      data: { ratios: m.ratios.map((r) => round(r, 4)) },
    };
  },
};
