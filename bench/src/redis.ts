import { spawn, spawnSync } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { sleep } from './stats.js';

/** A Redis to use: `REDIS_URL`, or a `redis-server` we started (and stop in `close`). */
export interface RedisHandle {
  url: string;
  origin: 'REDIS_URL' | 'redis-server started by the bench';
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** `REDIS_URL` when set; else a `redis-server` from PATH on a free loopback port; else `undefined`. */
export async function resolveRedis(): Promise<RedisHandle | undefined> {
  const fromEnv = process.env.REDIS_URL;
  if (fromEnv) return { url: fromEnv, origin: 'REDIS_URL', close: async () => {} };
  if (spawnSync('redis-server', ['--version']).status !== 0) return undefined;
  const port = await freePort();
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  for (let i = 0; i < 50 && !(await ping(port)); i++) await sleep(100);
  if (!(await ping(port))) {
    server.kill('SIGKILL');
    await exited;
    return undefined;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    origin: 'redis-server started by the bench',
    async close() {
      server.kill('SIGTERM');
      await exited;
    },
  };
}
