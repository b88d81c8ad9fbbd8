import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Test harness: separate Node processes, each running `fleet-worker.mjs` on the BUILT packages. */

const WORKER_PATH = fileURLToPath(new URL('./fleet-worker.mjs', import.meta.url));
const REPLY_TIMEOUT_MS = 150_000;

export interface WorkerInit {
  baseUrl: string;
  credentials: { username: string; password: string };
  storeKind: 'redis' | 'memory';
  redisUrl?: string;
  keyPrefix?: string;
  /** Extra `createMastersClient` options (plain JSON). */
  options?: Record<string, unknown>;
}

export interface FireResult {
  ok: number;
  failed: number;
  errors: string[];
}

export interface WorkerStats {
  stats: { logins: number; renewals: number; waits: number; replays: number };
  storeErrors: string[];
}

export interface FleetWorker {
  readonly pid: number;
  call<T>(type: string, payload?: unknown): Promise<T>;
  fire(count: number, gstin: string): Promise<FireResult>;
  stats(): Promise<WorkerStats>;
  /** SIGKILL: no cleanup, no lock release. */
  kill(): Promise<void>;
  /** Graceful close (client + store), then waits for the process to exit. */
  close(): Promise<void>;
}

interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

export async function spawnWorker(init: WorkerInit): Promise<FleetWorker> {
  const child: ChildProcess = fork(WORKER_PATH, [], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const booted = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`worker exited before booting (${code ?? signal})`)),
    );
    child.on('message', (message: Reply) => {
      if (message.id === 0) return resolve();
      const entry = pending.get(message.id);
      if (!entry) return;
      pending.delete(message.id);
      if (message.ok) entry.resolve(message.result);
      else entry.reject(new Error(`worker ${child.pid}: ${message.error}`));
    });
  });
  void exited.then(() => {
    for (const entry of pending.values()) entry.reject(new Error(`worker ${child.pid} exited`));
    pending.clear();
  });
  await booted;

  const call = <T>(type: string, payload?: unknown): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`worker ${child.pid}: no reply to ${type} within ${REPLY_TIMEOUT_MS} ms`));
      }, REPLY_TIMEOUT_MS);
      pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      child.send({ id, type, payload });
    });

  const isRunning = () => child.exitCode === null && child.signalCode === null;
  const worker: FleetWorker = {
    pid: child.pid ?? -1,
    call,
    fire: (count, gstin) => call<FireResult>('fire', { count, gstin }),
    stats: () => call<WorkerStats>('stats'),
    async kill() {
      if (isRunning()) child.kill('SIGKILL');
      await exited;
    },
    async close() {
      if (!isRunning()) return;
      await call('close').catch(() => child.kill('SIGKILL'));
      await exited;
    },
  };
  try {
    await call('init', init);
  } catch (error) {
    await worker.kill();
    throw error;
  }
  return worker;
}

/** Polls `check` until it returns true (bounded by `timeoutMs`); throws with `what` otherwise. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  details: () => string = () => '',
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} ${details()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
