import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSampleEnvFile } from './env-file.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function appFolder(envFile?: string): string {
  dir = mkdtempSync(join(tmpdir(), 'sample-kit-env-'));
  if (envFile !== undefined) writeFileSync(join(dir, '.env'), envFile);
  return dir;
}

describe('loadSampleEnvFile', () => {
  it('fills in unset variables from <appDir>/.env, says which file, and never logs a value', () => {
    const appDir = appFolder(
      'PORT=4999\nMASTERS_INDIA_USERNAME=erp@example.test\nMASTERS_INDIA_PASSWORD="top secret"\nEMPTY_ALREADY=from-file\n',
    );
    const env: NodeJS.ProcessEnv = { PORT: '0', EMPTY_ALREADY: '' };
    const lines: string[] = [];
    const file = loadSampleEnvFile({
      appName: 'test-app',
      appDir,
      env,
      argv: [],
      logger: (l) => lines.push(l),
    });
    expect(file).toBe(join(appDir, '.env'));
    expect(env).toEqual({
      PORT: '0', // already set: wins
      EMPTY_ALREADY: '', // set, even if empty: wins
      MASTERS_INDIA_USERNAME: 'erp@example.test',
      MASTERS_INDIA_PASSWORD: 'top secret',
    });
    expect(lines).toEqual([
      `test-app: loaded ${join(appDir, '.env')} (variables already set in the environment win)`,
    ]);
  });

  it('says so when there is no .env, and skips the file with --no-env-file', () => {
    const lines: string[] = [];
    const env: NodeJS.ProcessEnv = {};
    const appDir = appFolder();
    expect(
      loadSampleEnvFile({ appName: 'a', appDir, env, argv: [], logger: (l) => lines.push(l) }),
    ).toBeUndefined();
    writeFileSync(join(appDir, '.env'), 'MASTERS_INDIA_ENV=sandbox\n');
    expect(
      loadSampleEnvFile({
        appName: 'a',
        appDir,
        env,
        argv: ['--no-env-file'],
        logger: (l) => lines.push(l),
      }),
    ).toBeUndefined();
    expect(env).toEqual({});
    expect(lines).toEqual([
      `a: no .env file at ${join(appDir, '.env')}; using the environment only`,
      `a: --no-env-file given; not reading ${join(appDir, '.env')}`,
    ]);
  });
});
