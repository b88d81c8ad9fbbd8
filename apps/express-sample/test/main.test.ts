import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

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
