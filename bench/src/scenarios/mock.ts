/**
 * `pnpm bench mock`: the mock server's performance target (issue 21). An authenticated
 * `GetEwayBill` look-up on `@mastersfetch/mock-server` must sustain >= 0.6 of the requests/s of a
 * bare `node:http` JSON handler, measured side by side in the same run. The measurement itself is
 * `packages/mock-server/scripts/perf.mjs` (each server in its own child process, autocannon in the
 * parent, alternating rounds); this scenario runs it and reports its figures.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Scenario } from '../types.js';

const REQUIRED_RATIO = 0.6;
const perfScript = fileURLToPath(
  new URL('../../../packages/mock-server/scripts/perf.mjs', import.meta.url),
);

interface PerfReport {
  bareRps: number;
  mockRps: number;
  ratio: number;
  connections: number;
  durationSec: number;
  rounds: number;
}

export const mock: Scenario = {
  name: 'mock',
  title: 'Mock server: authenticated look-up vs bare node:http',
  async run() {
    // perf.mjs exits 1 below the target; its report is on stdout either way.
    const { stdout } = await promisify(execFile)(process.execPath, [perfScript], {
      maxBuffer: 1 << 20,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const start = stdout.indexOf('{');
    const end = stdout.lastIndexOf('}');
    if (start === -1 || end === -1) throw new Error(`perf.mjs printed no report:\n${stdout}`);
    const report = JSON.parse(stdout.slice(start, end + 1)) as PerfReport;
    return {
      setup: `${report.connections} connections, ${report.rounds} alternating rounds of ${report.durationSec} s`,
      comparisons: [
        {
          metric: 'requests/s',
          ours: report.mockRps,
          baseline: report.bareRps,
          ratio: report.ratio,
        },
      ],
      targets: [
        {
          name: 'requests/s ratio (mock GetEwayBill / bare node:http)',
          target: `>= ${REQUIRED_RATIO}`,
          value: report.ratio,
          isMet: report.ratio >= REQUIRED_RATIO,
          isCount: false,
        },
      ],
    };
  },
};
