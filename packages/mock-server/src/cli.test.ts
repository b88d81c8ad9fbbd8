import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { decodeJwt } from 'jose';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from './index.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../bin/mastersfetch-mock.js', import.meta.url));

let child: ChildProcess | undefined;

beforeAll(() => {
  // The bin imports dist/cli.js: build it (incremental, a no-op when dist is current).
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { cwd: packageDir });
}, 120_000);

afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});

function startCli(args: string[]): Promise<{ url: string; output: () => string }> {
  const proc = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child = proc;
  let output = '';
  proc.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match && output.includes(DEMO_USERS.at(-1)!.username))
        resolve({ url: match[1]!, output: () => output });
    });
    proc.once('exit', (code) => reject(new Error(`CLI exited early with ${code}: ${output}`)));
  });
}

describe('mastersfetch-mock CLI', () => {
  it('prints its URL and the demo usernames (never passwords), logs in, and exits 0 on SIGTERM', async () => {
    const { url, output } = await startCli(['--port', '0']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const user of DEMO_USERS) {
      expect(output()).toContain(user.username);
      expect(output()).not.toContain(user.password);
    }
    const user = DEMO_USERS[0]!;
    const res = await fetch(`${url}/api/v1/token-auth/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user.username, password: user.password }),
    });
    expect(res.status).toBe(200);
    const claims = decodeJwt(((await res.json()) as { token: string }).token);
    expect(claims.exp! - (claims.orig_iat as number)).toBe(86_400);

    const exited = new Promise<number | null>((resolve) =>
      child!.once('exit', (code) => resolve(code)),
    );
    child!.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('honours --token-lifetime-sec and --refresh-path and stops on SIGINT', async () => {
    const { url } = await startCli([
      '--port',
      '0',
      '--token-lifetime-sec',
      '600',
      '--refresh-path',
      '/api/v2/api-token-refresh/',
    ]);
    const user = DEMO_USERS[1]!;
    const res = await fetch(`${url}/api/v1/token-auth/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user.username, password: user.password }),
    });
    const body = (await res.json()) as { token: string; refresh_token?: string };
    // Refresh mode issues the v2 pair (no orig_iat): the lifetime shows against the Date header.
    const claims = decodeJwt(body.token);
    const serverSec = Date.parse(res.headers.get('date')!) / 1000;
    expect(Math.abs(claims.exp! - serverSec - 600)).toBeLessThanOrEqual(2);
    expect(typeof body.refresh_token).toBe('string');
    expect(decodeJwt(body.refresh_token!).exp! - claims.exp!).toBe(2_592_000 - 600);
    const exited = new Promise<number | null>((resolve) =>
      child!.once('exit', (code) => resolve(code)),
    );
    child!.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('exits non-zero with usage on a bad option', async () => {
    const proc = spawn(process.execPath, [bin, '--port', 'abc'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let stderr = '';
    proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('--port must be a non-negative integer');
  });
});
