import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_USERS, startMockServer, type MockServer } from '@mastersfetch/mock-server';

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

const APP = 'koa-sample';
const APP_DIR = appDir;
const USER_INDEX = 1;

// Issue 18: `.env` next to `.env.example` is read whatever the working directory, the app says
// which file it loaded, and variables already set in the environment win over the file. The app
// is run from a copy of its folder (dist + package.json, node_modules linked) so the test never
// touches a developer's own `.env`.
describe('node dist/main.js with a .env file in the app folder', () => {
  let mock: MockServer | undefined;
  let folder: string | undefined;
  let sample: ChildProcess | undefined;

  afterEach(async () => {
    if (sample && sample.exitCode === null && sample.signalCode === null) {
      sample.kill('SIGKILL');
      await once(sample, 'exit');
    }
    await mock?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
    sample = mock = folder = undefined;
  });

  it('loads it from its own folder, prints which file, and variables already set win', async () => {
    const user = DEMO_USERS[USER_INDEX];
    mock = await startMockServer({ users: [user] });
    folder = mkdtempSync(join(tmpdir(), `${APP}-`));
    cpSync(join(APP_DIR, 'dist'), join(folder, 'dist'), { recursive: true });
    cpSync(join(APP_DIR, 'package.json'), join(folder, 'package.json'));
    symlinkSync(join(APP_DIR, 'node_modules'), join(folder, 'node_modules'), 'dir');
    const envFile = join(folder, '.env');
    writeFileSync(
      envFile,
      [
        '# as copied from .env.example and filled in',
        'PORT=4999',
        `MASTERS_INDIA_BASE_URL=${mock.url}`,
        `MASTERS_INDIA_USERNAME=${user.username}`,
        `MASTERS_INDIA_PASSWORD=${user.password}`,
        `MASTERS_INDIA_GSTIN=${user.gstins[0]}`,
        '',
      ].join('\n'),
    );
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) {
      if (!name.startsWith('MASTERS_INDIA_')) env[name] = value;
    }
    const proc = spawn(process.execPath, [join(folder, 'dist', 'main.js')], {
      cwd: tmpdir(), // not the app folder
      env: { ...env, PORT: '0' }, // already set: wins over PORT=4999 in the file
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    sample = proc;
    let output = '';
    proc.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      proc.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /^listening on (http:\/\/127\.0\.0\.1:(\d+))$/m.exec(output);
        if (match) resolve(match[1]!);
      });
      proc.once('exit', (code) => reject(new Error(`exited early with ${code}: ${output}`)));
    });
    expect(output).toContain(`${APP}: loaded ${envFile}`);
    expect(output).not.toContain('embedded mock');
    expect(url).not.toMatch(/:4999$/);

    // The file's base URL and credentials are the ones used: one login at our mock, as that user.
    await fetch(`${url}/ewaybills/351000000001`);
    const logins = mock.requests().filter((r) => r.path === '/api/v1/token-auth/');
    expect(logins.map((r) => [r.username, r.status])).toEqual([[user.username, 200]]);
  });
});
