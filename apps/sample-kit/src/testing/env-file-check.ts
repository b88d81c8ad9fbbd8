import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockServer, type MockServer, type MockUser } from '@mastersfetch/mock-server';
import { expect } from 'vitest';

/** What {@link expectEnvFileLoaded} runs: which built app, as which demo user. */
export interface EnvFileCheck {
  /** The app's name as it prints it, e.g. `'express-sample'`. */
  appName: string;
  /** The app's folder (with `dist/main.js`, `package.json` and `node_modules`), already built. */
  appDir: string;
  /** The user the `.env` file logs in as (a user of the mock this check starts). */
  user: Readonly<MockUser>;
}

/**
 * Issue 18, for any sample app: a `.env` next to `.env.example` is read whatever the working
 * directory, the app says which file it loaded, and variables already set in the environment win
 * over the file (`PORT=0` beats the file's `PORT=4999`). The app runs from a copy of its folder
 * (dist + package.json, node_modules linked) so a developer's own `.env` is never touched; the
 * file points at a mock this check starts, which must see exactly one login, as `user`.
 * Everything it starts is stopped and the copy removed, pass or fail.
 *
 * @example
 * ```ts
 * it('loads .env from its own folder', () =>
 *   expectEnvFileLoaded({ appName: 'koa-sample', appDir, user: DEMO_USERS[1]! }));
 * ```
 */
export async function expectEnvFileLoaded({ appName, appDir, user }: EnvFileCheck): Promise<void> {
  let mock: MockServer | undefined;
  let sample: ChildProcess | undefined;
  const folder = mkdtempSync(join(tmpdir(), `${appName}-`));
  try {
    mock = await startMockServer({ users: [user] });
    cpSync(join(appDir, 'dist'), join(folder, 'dist'), { recursive: true });
    cpSync(join(appDir, 'package.json'), join(folder, 'package.json'));
    symlinkSync(join(appDir, 'node_modules'), join(folder, 'node_modules'), 'dir');
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
    expect(output).toContain(`${appName}: loaded ${envFile}`);
    expect(output).not.toContain('embedded mock');
    expect(url).not.toMatch(/:4999$/);

    // The file's base URL and credentials are the ones used: one login at our mock, as that user.
    await fetch(`${url}/ewaybills/351000000001`);
    const logins = mock.requests().filter((r) => r.path === '/api/v1/token-auth/');
    expect(logins.map((r) => [r.username, r.status])).toEqual([[user.username, 200]]);
  } finally {
    if (sample && sample.exitCode === null && sample.signalCode === null) {
      const exited = once(sample, 'exit');
      sample.kill('SIGKILL');
      await exited;
    }
    await mock?.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
