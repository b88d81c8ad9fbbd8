import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { DEMO_USERS, exampleGenerateBody } from '@mastersfetch/mock-server';
import { startMockProcess } from '../mock.js';
import { round, sleep } from '../stats.js';
import type { Scenario } from '../types.js';

const TOTAL_REQUESTS = 200_000;
const WARM_UP_REQUESTS = 20_000;
const TOKEN_LIFETIME_SEC = 10;
const CONNECTIONS = 10;
/** Longer than undici's 4 s keep-alive timeout, so idle upstream sockets are gone before counting. */
const SETTLE_MS = 6_000;

interface Probe {
  heapUsed: number;
  resources: Record<string, number>;
}

const sampleMain = fileURLToPath(
  new URL('../../../apps/express-sample/dist/main.js', import.meta.url),
);
const probeScript = new URL('../soak-probe.js', import.meta.url).href;

/**
 * The reliability soak: 200,000 requests through the Express sample (its own process, real
 * `main.js`) against a mock whose tokens live 10 s. Heap after GC and active sockets/timers are
 * sampled after warm-up and at the end, each after the load stopped and keep-alive sockets idled out.
 */
export const soak: Scenario = {
  name: 'soak',
  title: 'Soak (200,000 requests through the Express sample, token lifetime 10 s)',
  async run() {
    const user = DEMO_USERS[0]!;
    const gstin = user.gstins[0]!;
    const mock = await startMockProcess([
      { users: [...DEMO_USERS], tokenLifetimeSec: TOKEN_LIFETIME_SEC },
    ]);
    const sample = fork(sampleMain, [], {
      execArgv: ['--expose-gc', '--import', probeScript],
      env: {
        ...process.env,
        PORT: '0',
        MASTERS_INDIA_BASE_URL: mock.urls[0],
        MASTERS_INDIA_USERNAME: user.username,
        MASTERS_INDIA_PASSWORD: user.password,
        MASTERS_INDIA_GSTIN: gstin,
      },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    const exited = new Promise<number | null>((resolve) => sample.once('exit', resolve));
    let nextId = 1;
    const probe = (): Promise<Probe> =>
      new Promise((resolve) => {
        const id = nextId++;
        const onMessage = (message: { id?: number; value?: Probe }): void => {
          if (message.id !== id) return;
          sample.off('message', onMessage);
          resolve(message.value!);
        };
        sample.on('message', onMessage);
        sample.send({ type: 'probe', id });
      });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let buffered = '';
        sample.stdout!.on('data', (chunk: Buffer) => {
          buffered += chunk.toString();
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(buffered);
          if (match) resolve(match[1]!);
        });
        exited.then((code) => reject(new Error(`express-sample exited with code ${code}`)));
      });
      const created = await fetch(`${url}/ewaybills`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(exampleGenerateBody(`SOAK-${Date.now() % 1e9}`, gstin)),
      });
      if (created.status !== 201) throw new Error(`POST /ewaybills answered ${created.status}`);
      const { ewayBillNo } = (await created.json()) as { ewayBillNo: string };

      const load = async (amount: number) => {
        const started = performance.now();
        const result = await autocannon({
          url: `${url}/ewaybills/${ewayBillNo}`,
          connections: CONNECTIONS,
          amount,
        });
        return {
          seconds: (performance.now() - started) / 1_000,
          ok: result['2xx'],
          failed: result.errors + result.timeouts + result.non2xx,
        };
      };
      const warm = await load(WARM_UP_REQUESTS);
      await sleep(SETTLE_MS);
      const afterWarmUp = await probe();
      const loginsAfterWarmUp = (await mock.stats())[0]!.logins;
      const main = await load(TOTAL_REQUESTS - WARM_UP_REQUESTS);
      await sleep(SETTLE_MS);
      const atEnd = await probe();
      const mockStats = (await mock.stats())[0]!;
      const growth = (atEnd.heapUsed - afterWarmUp.heapUsed) / afterWarmUp.heapUsed;
      const count = (p: Probe, kind: string): number => p.resources[kind] ?? 0;
      const socketsWarm = count(afterWarmUp, 'TCPSocketWrap');
      const socketsEnd = count(atEnd, 'TCPSocketWrap');
      const timersWarm = count(afterWarmUp, 'Timeout');
      const timersEnd = count(atEnd, 'Timeout');
      const failed = warm.failed + main.failed;
      const seconds = warm.seconds + main.seconds;
      const mb = (bytes: number): number => round(bytes / 1024 / 1024, 1);
      return {
        setup: `${TOTAL_REQUESTS.toLocaleString('en')} GET /ewaybills/:number through apps/express-sample (its own process, ${CONNECTIONS} connections), mock token lifetime ${TOKEN_LIFETIME_SEC} s (mock in its own process); warm-up ${WARM_UP_REQUESTS.toLocaleString('en')} requests; heap and handles sampled after forced GC, ${SETTLE_MS / 1_000} s after the load stopped`,
        comparisons: [
          {
            metric: 'heap after GC (MB)',
            ours: `${mb(atEnd.heapUsed)} at the end`,
            baseline: `${mb(afterWarmUp.heapUsed)} after warm-up`,
            ratio: round(atEnd.heapUsed / afterWarmUp.heapUsed),
          },
          {
            metric: 'open TCP sockets',
            ours: `${socketsEnd} at the end`,
            baseline: `${socketsWarm} after warm-up`,
          },
          {
            metric: 'active timers',
            ours: `${timersEnd} at the end`,
            baseline: `${timersWarm} after warm-up`,
          },
          { metric: 'requests / failed', ours: `${warm.ok + main.ok} / ${failed}`, baseline: '' },
          {
            metric: 'throughput (requests/s)',
            ours: round((warm.ok + main.ok) / seconds, 0),
            baseline: '',
          },
          {
            metric: 'logins at the mock (token lifetime 10 s)',
            ours: `${mockStats.logins} (${mockStats.logins - loginsAfterWarmUp} after warm-up) in ${round(seconds, 0)} s`,
            baseline: '',
          },
          { metric: '401s at the mock', ours: mockStats.unauthorized, baseline: '' },
        ],
        targets: [
          {
            name: 'heap growth after warm-up',
            target: '< 10%',
            value: `${round(growth * 100, 1)}%`,
            isMet: growth < 0.1,
            isCount: false,
          },
          {
            name: 'leaked sockets (end minus warm-up)',
            target: '<= 0',
            value: socketsEnd - socketsWarm,
            isMet: socketsEnd <= socketsWarm,
            isCount: true,
          },
          {
            name: 'leaked timers (end minus warm-up)',
            target: '<= 0',
            value: timersEnd - timersWarm,
            isMet: timersEnd <= timersWarm,
            isCount: true,
          },
          {
            name: 'failed requests',
            target: '0',
            value: failed,
            isMet: failed === 0,
            isCount: true,
          },
        ],
        data: { afterWarmUp, atEnd },
      };
    } finally {
      if (sample.exitCode === null && sample.signalCode === null) sample.kill('SIGTERM');
      const timer = setTimeout(() => sample.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      await mock.close();
    }
  },
};
