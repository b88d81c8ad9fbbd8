/**
 * `pnpm bench [--quick] [scenario...]` and `pnpm bench:soak`. Runs the scenarios, merges their
 * results into `results/latest.json`, regenerates `RESULTS.md`, and exits non-zero when a target is
 * missed (in quick mode only count targets such as logins count, never timings).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FULL_RUN_BUDGET_SEC, renderResults, type ResultsFile } from './report.js';
import { cacheHit } from './scenarios/cache-hit.js';
import { coldBurst } from './scenarios/cold-burst.js';
import { coldStart } from './scenarios/cold-start.js';
import { expiry } from './scenarios/expiry.js';
import { fleet } from './scenarios/fleet.js';
import { instrumentation } from './scenarios/instrumentation.js';
import { mock } from './scenarios/mock.js';
import { overhead } from './scenarios/overhead.js';
import { peers } from './scenarios/peers.js';
import { redaction } from './scenarios/redaction.js';
import { soak } from './scenarios/soak.js';
import { tenants } from './scenarios/tenants.js';
import { typed } from './scenarios/typed.js';
import { round } from './stats.js';
import type { Scenario, ScenarioResult, Target } from './types.js';

const SCENARIOS: Scenario[] = [
  overhead,
  cacheHit,
  coldBurst,
  coldStart,
  expiry,
  tenants,
  fleet,
  peers,
  soak,
  mock,
  redaction,
  typed,
  instrumentation,
];

/**
 * A run is a list of stages, one after another; a stage is a list of lanes run side by side, each
 * lane a list of scenarios run in turn. Only scenarios whose targets are counts and heap sizes share
 * a stage (their timings are reported, never judged); the timed ones (overhead, cache hit, expiry)
 * each have the machine to themselves. On 2 cores this keeps the full run within 5 minutes.
 */
type Stage = string[][];
const FULL: Stage[] = [
  [['overhead']],
  [['cache-hit']],
  [['cold-start']],
  [['expiry']],
  [['redaction']],
  [['typed']],
  [['tenants'], ['cold-burst', 'fleet']],
];
const QUICK: Stage[] = [[['overhead']], [['cold-burst']], [['fleet']]];

const benchDir = fileURLToPath(new URL('..', import.meta.url));
/**
 * Where a run writes. Quick runs (CI's `bench:quick`) never touch the committed full-run results:
 * they write under the git-ignored `.ci/out/bench-quick/` (or `BENCH_OUT_DIR`).
 */
function outputPaths(quick: boolean): { resultsDir: string; resultsMd: string; chartLink: string } {
  const dir =
    process.env.BENCH_OUT_DIR ?? (quick ? resolve(benchDir, '../.ci/out/bench-quick') : undefined);
  if (dir === undefined) {
    return {
      resultsDir: `${benchDir}results`,
      resultsMd: `${benchDir}RESULTS.md`,
      chartLink: 'results/expiry-latency.svg',
    };
  }
  return { resultsDir: dir, resultsMd: `${dir}/RESULTS.md`, chartLink: 'expiry-latency.svg' };
}

/** How a target's line starts: timing targets in quick mode are information, never a verdict. */
function label(t: Target, quick: boolean): string {
  if (!t.isCount && quick) return 'info';
  if (t.verdict === 'unresolved') return 'UNRESOLVED';
  return t.isMet ? 'met' : 'MISSED';
}

/** Formats with the repository's Prettier (a root dev dependency) so `format:check` stays green. */
async function formatMarkdown(markdown: string, filepath: string): Promise<string> {
  try {
    const require = createRequire(new URL('../../package.json', import.meta.url));
    interface Prettier {
      format(source: string, options: Record<string, unknown>): Promise<string>;
      resolveConfig(path: string): Promise<Record<string, unknown> | null>;
    }
    const module = (await import(pathToFileURL(require.resolve('prettier')).href)) as Prettier & {
      default?: Prettier;
    };
    const prettier = module.default ?? module;
    const config = (await prettier.resolveConfig(filepath)) ?? {};
    return await prettier.format(markdown, { ...config, filepath });
  } catch (error) {
    console.warn(`RESULTS.md left unformatted (Prettier: ${String(error)})`);
    return markdown;
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const names = args.filter((a) => !a.startsWith('--'));
  for (const name of names) {
    if (!SCENARIOS.some((s) => s.name === name)) {
      console.error(
        `unknown scenario "${name}"; known: ${SCENARIOS.map((s) => s.name).join(', ')}`,
      );
      return 2;
    }
  }
  const stages: Stage[] = names.length > 0 ? names.map((name) => [[name]]) : quick ? QUICK : FULL;
  const started = performance.now();
  // Shared machines drift: the load when the run started says how much to trust absolute timings.
  const loadAtStart = round(loadavg()[0]!, 1);
  const results: ScenarioResult[] = [];
  const isFullRun = !quick && names.length === 0;
  let fullRunSec: number | undefined;
  const { resultsDir, resultsMd, chartLink } = outputPaths(quick);
  const writeResults = async (): Promise<void> => {
    mkdirSync(resultsDir, { recursive: true });
    const latestPath = `${resultsDir}/latest.json`;
    const previous: ResultsFile | undefined = existsSync(latestPath)
      ? (JSON.parse(readFileSync(latestPath, 'utf8')) as ResultsFile)
      : undefined;
    const file: ResultsFile = {
      machine: {
        cores: availableParallelism(),
        cpu: cpus()[0]?.model.trim() ?? 'unknown',
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        loadAverage: loadAtStart,
      },
      updatedAt: new Date().toISOString(),
      lastFullRun:
        fullRunSec === undefined
          ? previous?.lastFullRun
          : { seconds: fullRunSec, date: new Date().toISOString().slice(0, 10) },
      scenarios: { ...previous?.scenarios },
    };
    for (const r of results) file.scenarios[r.name] = r;
    writeFileSync(latestPath, JSON.stringify(file, null, 2) + '\n');
    const markdown = renderResults(file, `${resultsDir}/expiry-latency.svg`, chartLink);
    writeFileSync(resultsMd, await formatMarkdown(markdown, resultsMd));
  };
  // Scenarios of one stage finish independently: one write at a time, in order.
  let writing = Promise.resolve();
  const save = (): Promise<void> => (writing = writing.then(writeResults));
  const runOne = async (name: string): Promise<void> => {
    const scenario = SCENARIOS.find((s) => s.name === name)!;
    console.log(`\n▶ ${scenario.title}${quick ? ' [quick]' : ''}`);
    const t0 = performance.now();
    const base = {
      name,
      title: scenario.title,
      mode: quick ? 'quick' : 'full',
      date: new Date().toISOString(),
    } as const;
    let result: ScenarioResult;
    try {
      const body = await scenario.run({ quick });
      result = { ...base, durationSec: round((performance.now() - t0) / 1_000, 1), ...body };
    } catch (error) {
      console.error(error);
      result = {
        ...base,
        durationSec: round((performance.now() - t0) / 1_000, 1),
        setup: '',
        comparisons: [],
        targets: [
          {
            name: 'scenario completed',
            target: 'no error',
            value: error instanceof Error ? error.message : String(error),
            isMet: false,
            isCount: true,
          },
        ],
      };
    }
    results.push(result);
    if (result.skipped) console.log(`  ${result.skipped}`);
    for (const c of result.comparisons) {
      console.log(
        `  ${c.metric}: ours ${c.ours} | baseline ${c.baseline}${c.ratio !== undefined ? ` | ratio ${c.ratio}` : ''}${c.interval ? ` [${c.interval[0]}, ${c.interval[1]}]` : ''}${c.aa ? ` A/A [${c.aa[0]}, ${c.aa[1]}]` : ''}`,
      );
    }
    for (const t of result.targets) {
      const interval = t.interval
        ? ` [${t.interval[0]}, ${t.interval[1]}], A/A [${t.aa?.[0]}, ${t.aa?.[1]}]`
        : '';
      console.log(
        `  [${label(t, quick)}] ${t.name}: ${t.value}${interval} (target ${t.target})${t.note ? ` — ${t.note}` : ''}`,
      );
    }
    console.log(`  (${result.durationSec} s)`);
    // Saved after every scenario, so an interrupted run keeps what it measured.
    await save();
  };
  for (const stage of stages) {
    await Promise.all(
      stage.map(async (lane) => {
        for (const name of lane) await runOne(name);
      }),
    );
  }

  // A run fails on a missed target (in quick mode only count targets count). Unresolved timing
  // targets and a disturbed A/A are reported, not failures: they say the run could not decide.
  const missed = results.flatMap((r) =>
    r.targets
      .filter((t) => (t.isCount ? !t.isMet : !quick && t.verdict !== 'unresolved' && !t.isMet))
      .map((t) => `${r.name}: ${t.name}`),
  );
  if (!quick) {
    const timed = results.flatMap((r) =>
      r.targets.filter((t) => t.interval).map((t) => ({ scenario: r.name, t })),
    );
    if (timed.length > 0)
      console.log('\ntiming targets (95% interval | A/A interval = resolution):');
    for (const { scenario, t } of timed) {
      const half = round((t.interval![1] - t.interval![0]) / 2, 4);
      console.log(
        `  ${scenario}: ${t.name} ${t.value} [${t.interval![0]}, ${t.interval![1]}] half-width ${half} | A/A [${t.aa![0]}, ${t.aa![1]}]${t.disturbed ? ' DISTURBED' : ''} -> ${t.verdict} (target ${t.target})`,
      );
    }
  }
  const totalSec = round((performance.now() - started) / 1_000, 1);
  if (isFullRun) {
    fullRunSec = totalSec;
    await save();
    if (totalSec > FULL_RUN_BUDGET_SEC) {
      missed.push(`full run: ${totalSec} s (target <= ${FULL_RUN_BUDGET_SEC} s)`);
    }
  }
  console.log(
    `\nbench finished in ${totalSec} s; wrote ${resultsDir}/latest.json and ${resultsMd}`,
  );
  if (missed.length > 0) {
    console.error(`targets missed:\n  ${missed.join('\n  ')}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
