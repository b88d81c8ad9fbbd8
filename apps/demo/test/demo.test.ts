import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const DEMO = fileURLToPath(new URL('../dist/demo.js', import.meta.url));

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const runs: Run[] = [];

function runDemo(args: string[]): Run {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('MASTERS_INDIA_')),
  );
  // detached: the demo leads its own process group, as it does when started from a terminal
  const child = spawn(process.execPath, [DEMO, ...args], {
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const run = { child, output: () => out, exited };
  runs.push(run);
  return run;
}

async function waitFor(run: Run, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!run.output().includes(text)) {
    if (run.child.exitCode !== null) throw new Error(`demo exited early:\n${run.output()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}":\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function groupMembers(pgid: number): number[] {
  try {
    const out = execFileSync('ps', ['-o', 'pid=', '-g', String(pgid)], { encoding: 'utf8' });
    return out
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((n) => n > 0);
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
    if (run.child.exitCode === null && run.child.pid) {
      try {
        process.kill(-run.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
});

describe('pnpm demo', () => {
  it('runs the flow through the three apps with exactly one login each and exits 0', async () => {
    const run = runDemo([]);
    const code = await run.exited;
    const out = run.output();
    expect(code, out).toBe(0);
    for (const app of ['express-sample', 'koa-sample', 'nestjs-sample']) {
      // app, requests, upstream calls, logins = 1, generated 20/20, errors mapped 2/2
      expect(out).toMatch(new RegExp(`${app}\\s+\\d+\\s+\\d+\\s+1\\s+20/20\\s+2/2`));
    }
  }, 120_000);

  it('leaves no process and no listening port behind after SIGINT to its process group', async () => {
    const run = runDemo(['--keep']);
    await waitFor(run, 'All running');
    const ports = [...run.output().matchAll(/http:\/\/127\.0\.0\.1:(\d+)/g)].map((m) =>
      Number(m[1]),
    );
    expect(ports.length).toBeGreaterThanOrEqual(4); // the mock and the three apps
    const pgid = run.child.pid!;
    expect(groupMembers(pgid).length).toBeGreaterThanOrEqual(4); // the demo and the three apps

    process.kill(-pgid, 'SIGINT');
    await run.exited;

    const deadline = Date.now() + 10_000;
    while (groupMembers(pgid).length > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(groupMembers(pgid)).toEqual([]);
    for (const port of new Set(ports)) expect(await isListening(port), `port ${port}`).toBe(false);
  }, 120_000);

  it('prints curl lines that work when pasted into a shell, for every app, twice in a row', async () => {
    const run = runDemo(['--keep']);
    await waitFor(run, 'All running');
    await waitFor(run, '# nestjs-sample');
    const blocks = run
      .output()
      .split(/^# /m)
      .slice(1)
      .map((block) => block.split('\n'))
      .filter(([title]) => title?.endsWith('-sample'));
    expect(blocks.map(([title]) => title).sort()).toEqual([
      'express-sample',
      'koa-sample',
      'nestjs-sample',
    ]);
    for (const [title, ...lines] of blocks) {
      const script = lines.filter((l) => l.startsWith('curl ') || l.startsWith('EWB=')).join('\n');
      for (let paste = 0; paste < 2; paste += 1) {
        const out = execFileSync('bash', ['-c', script], { encoding: 'utf8' });
        expect(out, `${title}, paste ${paste + 1}`).toMatch(/EWB=\d{12}\n/);
        expect(out, title).toContain('"vehUpdDate"');
        expect(out, title).toContain('"cancelDate"');
      }
    }
  }, 120_000);

  it('exits non-zero naming the app and the reason when a sample has a wrong password', async () => {
    const run = runDemo(['--wrong-password', 'koa']);
    const code = await run.exited;
    const out = run.output();
    expect(code, out).not.toBe(0);
    expect(out).toContain('FAILED: koa-sample');
    expect(out).toMatch(/rejected its credentials/);
    expect(out).not.toContain('FAILED: express-sample');
  }, 120_000);
});
