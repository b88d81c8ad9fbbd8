import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '@mastersfetch/mock-server';
import { expectEnvFileLoaded } from '@mastersfetch/sample-kit/testing';

const appDir = fileURLToPath(new URL('..', import.meta.url));
let child: ChildProcess | undefined;

beforeAll(() => {
  // `pnpm --filter express-sample start` runs dist/main.js: build it (incremental) first.
  execFileSync(process.execPath, [tscPath(), '-b', 'tsconfig.build.json'], { cwd: appDir });
});
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
});

function tscPath(): string {
  return fileURLToPath(import.meta.resolve('typescript/bin/tsc'));
}

/** Env without any MASTERS_INDIA_* variable, PORT=0. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('MASTERS_INDIA_')) env[key] = value;
  }
  return { ...env, PORT: '0' };
}

describe('node dist/main.js', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'prints the listening line, serves /health and exits 0 on %s',
    async (signal) => {
      const proc = spawn(process.execPath, ['dist/main.js'], {
        cwd: appDir,
        env: cleanEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
          output += chunk;
          const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output);
          if (match) resolve(match[1]!);
        });
        proc.once('exit', (code) => reject(new Error(`exited early with ${code}: ${output}`)));
      });
      expect(output).toContain('embedded mock');

      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', auth: { mode: 'password' } });

      const exited = once(proc, 'exit');
      proc.kill(signal);
      const [code] = await exited;
      expect(code).toBe(0);
    },
  );
});

describe('node dist/main.js with a .env file in the app folder', () => {
  it('loads it from its own folder, prints which file, and variables already set win', () =>
    expectEnvFileLoaded({ appName: 'express-sample', appDir, user: DEMO_USERS[0] }));
});

describe('the printed curl lines (README: "Add -H \'x-gstin: ...\' to act for another demo tenant")', () => {
  it('work as printed, and with an x-gstin header on every line for another demo tenant', async () => {
    const proc = spawn(process.execPath, ['dist/main.js'], {
      cwd: appDir,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        if (/ewaybills\/.*\/cancel.*\n/.test(output)) resolve();
      });
      proc.once('exit', (code) => reject(new Error(`exited early with ${code}: ${output}`)));
    });
    const printed = output
      .split('\n')
      .filter((l) => l.startsWith('  curl ') || l.startsWith('  EWB='))
      .map((l) => l.slice(2));
    expect(printed).toHaveLength(5);
    const otherTenant = DEMO_USERS[1].gstins[0]!;
    const withHeader = printed.map((l) =>
      l.replaceAll('curl -s ', `curl -s -H 'x-gstin: ${otherTenant}' `),
    );
    for (const script of [printed, withHeader]) {
      const out = execFileSync('bash', ['-c', script.join('\n')], { encoding: 'utf8' });
      expect(out).toMatch(/EWB=\d{12}\n/);
      expect(out).toContain('"vehUpdDate"');
      expect(out).toContain('"cancelDate"');
    }
    const details = execFileSync('bash', ['-c', withHeader.slice(1, 3).join('\n')], {
      encoding: 'utf8',
    });
    expect(details).toContain(`"userGstin":"${otherTenant}"`);
  });
});
