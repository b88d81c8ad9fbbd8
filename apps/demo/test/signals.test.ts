import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// `pnpm start` / `pnpm demo` exactly as a user types them, from the repository root. pnpm runs the
// script under a shell; a signal to the pnpm process alone (`kill -TERM <pnpm pid>`) reaches
// neither the shell's children nor the demo's, so this is what leaked processes before.
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const runs: Run[] = [];

function runPnpm(script: 'start' | 'demo'): Run {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('MASTERS_INDIA_')),
  );
  // detached: pnpm leads its own process group, so the test can list (and clean up) everything
  // it started; the signal under test still goes to the pnpm pid only.
  const child = spawn('pnpm', [script], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const run = { child, output: () => out, exited };
  runs.push(run);
  return run;
}

async function waitFor(run: Run, pattern: RegExp, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(run.output())) {
    if (run.child.exitCode !== null) throw new Error(`pnpm exited early:\n${run.output()}`);
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${pattern}:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Live processes of a process group (zombies excluded). */
function groupMembers(pgid: number): number[] {
  try {
    const out = execFileSync('ps', ['-o', 'pid=,stat=', '-g', String(pgid)], { encoding: 'utf8' });
    return out
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter(([pid, stat]) => Number(pid) > 0 && !stat?.startsWith('Z'))
      .map(([pid]) => Number(pid));
  } catch {
    return []; // ps exits 1 when nothing matches
  }
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

afterEach(() => {
  for (const run of runs.splice(0)) {
    try {
      process.kill(-run.child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

async function expectEverythingStopped(pgid: number, ports: number[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (groupMembers(pgid).length > 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  expect(groupMembers(pgid), 'processes left running').toEqual([]);
  for (const port of new Set(ports)) expect(await isListening(port), `port ${port}`).toBe(false);
}

function ports(output: string): number[] {
  return [...output.matchAll(/http:\/\/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
}

describe('stopping pnpm start / pnpm demo by the pnpm pid', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s to the `pnpm start` process stops the demo, the mock and the three apps',
    async (signal) => {
      const run = runPnpm('start');
      await waitFor(run, /# nestjs-sample/);
      const seen = ports(run.output());
      expect(seen.length).toBeGreaterThanOrEqual(4); // the mock and the three apps
      const pgid = run.child.pid!;
      expect(groupMembers(pgid).length).toBeGreaterThanOrEqual(5); // pnpm, demo, three apps

      process.kill(pgid, signal); // the pnpm process only, not its group
      await expectEverythingStopped(pgid, seen);
    },
    120_000,
  );

  it('SIGTERM to the `pnpm demo` process while the apps run stops every child', async () => {
    const run = runPnpm('demo');
    await waitFor(run, /^ {2}nestjs .*http:\/\/127\.0\.0\.1:\d+/m);
    await waitFor(run, /^ {2}koa .*http:\/\/127\.0\.0\.1:\d+/m);
    await waitFor(run, /^ {2}express .*http:\/\/127\.0\.0\.1:\d+/m);
    const seen = ports(run.output());
    const pgid = run.child.pid!;
    process.kill(pgid, 'SIGTERM');
    await run.exited;
    // the demo itself got the signal (it does not just run its flow to the end and exit)
    expect(run.output()).toContain('SIGTERM: stopping the mock server and the sample apps');
    await expectEverythingStopped(pgid, seen);
  }, 120_000);

  it('Ctrl-C (SIGINT to the whole foreground group) ends `pnpm start` with exit 0 and no ELIFECYCLE', async () => {
    const run = runPnpm('start');
    await waitFor(run, /# nestjs-sample/);
    const seen = ports(run.output());
    const pgid = run.child.pid!;
    process.kill(-pgid, 'SIGINT'); // what the terminal does on Ctrl-C
    expect(await run.exited, run.output()).toEqual({ code: 0, signal: null });
    expect(run.output()).not.toContain('ELIFECYCLE');
    await expectEverythingStopped(pgid, seen);
  }, 120_000);
});
