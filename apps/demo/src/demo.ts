/**
 * `pnpm demo`: starts one Masters India mock server with three users, starts the Express, Koa and
 * NestJS sample apps as separate processes pointed at it (each with its own user, GSTIN and port),
 * drives the same e-way bill flow through each over HTTP, and prints who logged in how often.
 * Exits 0 only when each app logged in exactly once and every step answered per the sample
 * contract. `pnpm start` (`--keep`) starts the same processes and keeps them running.
 *
 * Flags: `--keep`; `--wrong-password <express|koa|nestjs>` gives that app a wrong password (the demo
 * then fails and says which app and why).
 */
import { parseArgs } from 'node:util';
import { DEMO_USERS, startMockServer, type MockServer } from '@mastersfetch/mock-server';
import { onParentExit, sampleCurlLines } from '@mastersfetch/sample-kit';
import { SAMPLE_APPS, startApp, stopProcess, type RunningApp, type SampleApp } from './apps.js';
import { percentile, runScenario, type ScenarioResult } from './scenario.js';
import { renderTable } from './table.js';

const TOKEN_AUTH = '/api/v1/token-auth/';

const { values: flags } = parseArgs({
  options: { keep: { type: 'boolean', default: false }, 'wrong-password': { type: 'string' } },
});
const wrongPasswordApp = flags['wrong-password'];
if (wrongPasswordApp && !SAMPLE_APPS.some((a) => a.name === wrongPasswordApp)) {
  console.error(`--wrong-password must be one of ${SAMPLE_APPS.map((a) => a.name).join(', ')}`);
  process.exit(2);
}

const running: RunningApp[] = [];
let mock: MockServer | undefined;
let stopping = false;

async function shutdown(): Promise<void> {
  stopping = true;
  await Promise.all(running.map((r) => stopProcess(r.child)));
  await mock?.close();
}

/**
 * Stops every child, then exits: 0 under `--keep` (a signal is how `pnpm start` is meant to end),
 * 130 / 143 when it interrupted the demo run (the flow did not finish).
 */
function stopOn(reason: 'SIGINT' | 'SIGTERM' | 'parent exited'): void {
  if (stopping) return;
  console.log(`\n${reason}: stopping the mock server and the sample apps...`);
  const code = flags.keep ? 0 : reason === 'SIGINT' ? 130 : 143;
  void shutdown().finally(() => process.exit(code));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stopOn(signal));
// `kill -TERM <pnpm pid>` ends pnpm and its shell without signalling this process: notice it.
onParentExit(() => stopOn('parent exited'));

function userFor(index: number) {
  const user = DEMO_USERS[index];
  const gstin = user?.gstins[0];
  if (!user || !gstin)
    throw new Error(`DEMO_USERS needs at least ${SAMPLE_APPS.length} users with a GSTIN`);
  return { ...user, gstin };
}

async function main(): Promise<number> {
  const users = SAMPLE_APPS.map((_, i) => userFor(i));
  mock = await startMockServer({ users: users.map(({ gstin: _g, ...u }) => u) });
  console.log(
    `mock Masters India API on ${mock.url} (users: ${users.map((u) => u.username).join(', ')})`,
  );

  const started = await Promise.allSettled(
    SAMPLE_APPS.map((app, i) => {
      const user = users[i]!;
      return startApp(app, {
        MASTERS_INDIA_BASE_URL: mock!.url,
        MASTERS_INDIA_USERNAME: user.username,
        MASTERS_INDIA_PASSWORD:
          app.name === wrongPasswordApp ? `${user.password}-wrong` : user.password,
        MASTERS_INDIA_GSTIN: user.gstin,
      }).then((r) => {
        running.push(r);
        console.log(
          `  ${app.name.padEnd(8)} ${r.url}  (user ${user.username}, GSTIN ${user.gstin})`,
        );
        return r;
      });
    }),
  );
  const startErrors = started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
  if (startErrors.length > 0) {
    for (const e of startErrors) console.error(`\nFAILED to start: ${e}`);
    return 1;
  }

  if (flags.keep) {
    console.log('\nAll running. Try (Ctrl-C stops everything):\n');
    for (const r of running) {
      console.log(`# ${r.app.name}-sample`);
      const gstin = users[SAMPLE_APPS.indexOf(r.app)]!.gstin;
      for (const line of sampleCurlLines(r.url, { gstin })) console.log(line);
      console.log('');
    }
    await new Promise(() => {}); // until a signal
  }

  console.log(
    '\nDriving the same flow through each app: 20 concurrent generations, details, Part-B, cancel, duplicate...',
  );
  const results = new Map<SampleApp['name'], ScenarioResult>();
  await Promise.all(
    running.map(async (r) => {
      const gstin = users[SAMPLE_APPS.indexOf(r.app)]!.gstin;
      const res = await runScenario(r.url, r.app.docPrefix, gstin, (line) =>
        console.log(`  [${r.app.name}] ${line}`),
      ).catch((err: unknown): ScenarioResult => ({
        requests: 0,
        latenciesMs: [],
        generated: 0,
        errorsMapped: 0,
        errorsExpected: 2,
        failures: [`could not reach the app: ${err instanceof Error ? err.message : String(err)}`],
      }));
      results.set(r.app.name, res);
    }),
  );

  const log = mock.requests();
  const rows = SAMPLE_APPS.map((app, i) => {
    const user = users[i]!;
    const res = results.get(app.name)!;
    const mine = log.filter((e) => e.username === user.username);
    const logins = mine.filter((e) => e.path === TOKEN_AUTH && e.status === 200).length;
    const rejectedLogins = mine.filter((e) => e.path === TOKEN_AUTH && e.status !== 200).length;
    const upstream = mine.filter((e) => e.path !== TOKEN_AUTH).length;
    const problems = [...res.failures];
    if (rejectedLogins > 0) {
      problems.unshift(
        `Masters India rejected its credentials ${rejectedLogins} time(s) at token-auth (wrong username or password for ${user.username})`,
      );
    }
    if (logins !== 1) problems.push(`logged in ${logins} times (expected exactly 1)`);
    return { app, res, logins, upstream, problems };
  });

  console.log(
    '\n' +
      renderTable(
        [
          'app',
          'requests',
          'upstream calls',
          'logins',
          'generated',
          'errors mapped',
          'p50 ms',
          'p95 ms',
        ],
        rows.map(({ app, res, logins, upstream }) => [
          `${app.name}-sample`,
          String(res.requests),
          String(upstream),
          String(logins),
          `${res.generated}/20`,
          `${res.errorsMapped}/${res.errorsExpected}`,
          fmt(percentile(res.latenciesMs, 50)),
          fmt(percentile(res.latenciesMs, 95)),
        ]),
      ),
  );
  console.log(
    [
      '',
      'Each app created one client at start-up. The 20 concurrent generations arrived while it had no',
      'token yet: one of them logged in at /api/v1/token-auth/ and the other 19 waited for that same',
      'login (single flight), so every later call reused the cached access token. The duplicate',
      'document number came back from NIC as error 604 inside an HTTP 200 envelope and each app turned',
      'it into 422 { error: "nic_error", nicCode: "604" }; the generate was never retried. A malformed',
      'JSON body was refused by the app itself with 400 bad_request, before any upstream call.',
    ].join('\n'),
  );

  const failing = rows.filter((r) => r.problems.length > 0);
  for (const { app, problems } of failing) {
    console.error(`\nFAILED: ${app.name}-sample`);
    for (const p of problems.slice(0, 5)) console.error(`  - ${p}`);
    if (problems.length > 5) console.error(`  - ... and ${problems.length - 5} more`);
  }
  if (failing.length === 0)
    console.log('\nOK: each app logged in exactly once and answered every step per the contract.');
  return failing.length === 0 ? 0 : 1;
}

function fmt(ms: number): string {
  return Number.isFinite(ms) ? ms.toFixed(1) : '-';
}

main()
  .catch((err: unknown) => {
    console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  })
  .then(async (code) => {
    if (!stopping) await shutdown();
    process.exit(code);
  });
