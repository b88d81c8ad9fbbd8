import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/**
 * Test helpers for a real Redis. Tests use `REDIS_URL` when set (CI's `.ci/run` starts one), else
 * start `redis-server` from PATH on a free loopback port. With neither, they FAIL under `CI=true`
 * and are skipped locally with a loud message.
 */

export interface RedisServer {
  url: string;
  port: number;
  /** Stops the server (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: no persistence). */
  start(): Promise<void>;
}

const isCi = process.env.CI === 'true' || process.env.CI === '1';

/** Whether `redis-server` is on PATH. */
export function hasRedisServerBinary(): boolean {
  const result = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return result.status === 0;
}

/** Whether this test file already printed its skip banner (one banner per file, however many suites skip). */
let bannerPrinted = false;

/**
 * Decides whether Redis tests can run. Returns a reason to skip (locally only), or `undefined`
 * when they can run. Throws under CI when they cannot. Prints one loud banner per test file, for
 * the first suite that skips: with neither `REDIS_URL` nor `redis-server`, every Redis suite of the
 * file skips for that one reason; with `REDIS_URL` but no `redis-server`, only the suites that stop
 * and restart a server of their own (`needsOwnServer`) skip, and the banner says so.
 */
export function redisSkipReason(options: { needsOwnServer?: boolean } = {}): string | undefined {
  const hasBinary = hasRedisServerBinary();
  const canRun = options.needsOwnServer ? hasBinary : Boolean(process.env.REDIS_URL) || hasBinary;
  if (canRun) return undefined;
  const reason =
    !process.env.REDIS_URL || !options.needsOwnServer
      ? 'neither REDIS_URL nor `redis-server` on PATH'
      : '`redis-server` is not on PATH: the suites that stop and restart Redis start their own (REDIS_URL cannot be stopped)';
  if (isCi) throw new Error(`Redis tests cannot run under CI: ${reason}`);
  if (!bannerPrinted) {
    bannerPrinted = true;
    const what = options.needsOwnServer && process.env.REDIS_URL ? 'some' : 'the';
    console.warn(
      `\n${'!'.repeat(100)}\n!!! SKIPPING ${what} @mastersfetch/redis tests of this file: ${reason}.\n` +
        `!!! Install it (apt-get install -y redis-server) or set REDIS_URL.\n${'!'.repeat(100)}\n`,
    );
  }
  return reason;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a private `redis-server` on a free loopback port (no persistence). */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    const proc = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          proc.stdout?.off('data', onData);
          proc.stdout?.resume();
          resolve();
        }
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.resume();
      proc.once('exit', (code) =>
        reject(new Error(`redis-server exited with ${code} before ready:\n${output}`)),
      );
      proc.once('error', reject);
    });
  };

  const stop = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  };

  await start();
  return { url: `redis://127.0.0.1:${port}`, port, stop, start };
}

/** The shared Redis for tests that don't stop it: `REDIS_URL`, else a private server. */
export async function sharedRedis(): Promise<{ url: string; close(): Promise<void> }> {
  const url = process.env.REDIS_URL;
  if (url) return { url, close: async () => {} };
  const server = await startRedisServer();
  return { url: server.url, close: () => server.stop() };
}

/** A key prefix unique to one test, so parallel runs sharing a Redis never collide. */
export function uniquePrefix(label = 'test'): string {
  return `mftest:${label}:${randomUUID()}:`;
}

/** Deletes every key under a prefix (cleanup after a test on a shared Redis). */
export async function deleteKeysWithPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
