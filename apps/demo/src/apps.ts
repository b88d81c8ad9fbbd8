import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** One sample app the demo runs as a separate process. */
export interface SampleApp {
  name: 'express' | 'koa' | 'nestjs';
  /** Prefix of the document numbers this app generates, so they are traceable at the mock. */
  docPrefix: string;
  entry: string;
}

export const SAMPLE_APPS: readonly SampleApp[] = [
  { name: 'express', docPrefix: 'EXP', entry: appEntry('express-sample') },
  { name: 'koa', docPrefix: 'KOA', entry: appEntry('koa-sample') },
  { name: 'nestjs', docPrefix: 'NST', entry: appEntry('nestjs-sample') },
];

function appEntry(dir: string): string {
  return fileURLToPath(new URL(`../../${dir}/dist/main.js`, import.meta.url));
}

/** A started sample app: its base URL and process. */
export interface RunningApp {
  app: SampleApp;
  url: string;
  child: ChildProcess;
  /** Everything the app printed, for error reports (the apps never print secrets). */
  output: string[];
}

const LISTENING = /listening on (http:\/\/127\.0\.0\.1:\d+)/;

/**
 * Starts a sample app with `env` on a free port and resolves once it prints its
 * `listening on http://127.0.0.1:<port>` line. Rejects (and kills the process) after `timeoutMs`
 * or when the process exits first.
 */
export function startApp(
  app: SampleApp,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<RunningApp> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('MASTERS_INDIA_')),
  );
  // --no-env-file: a `.env` a developer keeps in a sample's folder must not redirect the demo.
  const child = spawn(process.execPath, [app.entry, '--no-env-file'], {
    env: { ...inherited, ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`${app.name}-sample did not start within ${timeoutMs} ms:\n${tail(output)}`),
      );
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        output.push(line);
        if (output.length > 200) output.shift();
        const match = LISTENING.exec(line);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve({ app, url: match[1], child, output });
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(
          `${app.name}-sample exited before listening (${signal ?? `code ${code}`}):\n${tail(output)}`,
        ),
      );
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Stops a child with SIGTERM, then SIGKILL after `graceMs`. Resolves when it has exited. */
export function stopProcess(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function tail(lines: string[]): string {
  return lines
    .slice(-15)
    .map((l) => `  | ${l}`)
    .join('\n');
}
