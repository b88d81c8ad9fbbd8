import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '@mastersfetch/mock-server';
import { expectEnvFileLoaded } from '@mastersfetch/sample-kit/testing';

const appDir = fileURLToPath(new URL('..', import.meta.url));

/** The environment of the test run without any MASTERS_INDIA_* variable. */
function envWithoutMasters(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('MASTERS_INDIA_')) env[name] = value;
  }
  return { ...env, PORT: '0' };
}

describe('node dist/main.js (pnpm --filter koa-sample start)', () => {
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    // `start` runs the compiled app: build it (incremental, a no-op when up to date).
    await promisify(execFile)('pnpm', ['run', 'build'], { cwd: appDir });
  }, 120_000);

  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('prints the listening line, serves /health and exits 0 on SIGTERM', async () => {
    child = spawn(process.execPath, ['dist/main.js'], {
      cwd: appDir,
      env: envWithoutMasters(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const port = await new Promise<number>((resolve, reject) => {
      child!.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /^listening on http:\/\/127\.0\.0\.1:(\d+)$/m.exec(output);
        if (match) resolve(Number(match[1]));
      });
      child!.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
    });

    expect(output).toMatch(/embedded mock/);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', auth: { mode: 'password' } });

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
  });
});

describe('node dist/main.js with a .env file in the app folder', () => {
  it('loads it from its own folder, prints which file, and variables already set win', () =>
    expectEnvFileLoaded({ appName: 'koa-sample', appDir, user: DEMO_USERS[1] }));
});
