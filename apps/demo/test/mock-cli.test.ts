import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_USERS } from '@mastersfetch/mock-server';
import { afterEach, describe, expect, it } from 'vitest';

// Issue 18: every way the READMEs and .env.example files tell a user to run the mock CLI works as
// written from the repository root (`pnpm mock ...`, `pnpm exec mastersfetch-mock ...`), and the
// installed-package form (`mastersfetch-mock --port 4010`) is a bin that resolves.
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

const DOCS = [
  'README.md',
  'packages/mock-server/README.md',
  ...readdirSync(join(ROOT, 'apps')).flatMap((app) => [
    `apps/${app}/README.md`,
    `apps/${app}/.env.example`,
  ]),
].filter((file) => {
  try {
    readFileSync(join(ROOT, file));
    return true;
  } catch {
    return false;
  }
});

const CLI_COMMAND =
  /^(pnpm mock|pnpm exec mastersfetch-mock|pnpm mastersfetch-mock|npx mastersfetch-mock|mastersfetch-mock)(\s.*)?$/;

/** Every command line of the docs that runs the CLI: code spans and lines of code blocks. */
function documentedCommands(): Map<string, string[]> {
  const commands = new Map<string, string[]>();
  for (const file of DOCS) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const candidates = [
      ...[...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!),
      ...text.split('\n'),
    ];
    for (const raw of candidates) {
      const command = raw
        .replace(/^#\s*/, '') // a comment line of .env.example
        .replace(/\s+#.*$/, '') // a trailing comment
        .trim();
      if (!CLI_COMMAND.test(command) || !/\s--/.test(command)) continue;
      commands.set(command, [...(commands.get(command) ?? []), file]);
    }
  }
  return commands;
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

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

/** Runs `command` as a user would type it (port 4010 → any free port), checks a login, stops it. */
async function runCli(command: string, stopWith: 'SIGTERM' | 'Ctrl-C' = 'SIGTERM'): Promise<void> {
  const line = command.replace('--port 4010', '--port 0');
  const child = spawn('bash', ['-c', `exec ${line}`], {
    cwd: ROOT,
    // the installed-package form: the package's bin on PATH, as in a package.json script
    env: {
      ...process.env,
      PATH: `${join(ROOT, 'node_modules', '.bin')}${delimiter}${process.env.PATH}`,
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`\`${line}\` exited with ${code}:\n${output}`)));
  });
  const [user] = DEMO_USERS;
  const login = await fetch(`${url}/api/v1/token-auth/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user.username, password: user.password }),
  });
  expect(login.status, line).toBe(200);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  if (stopWith === 'Ctrl-C')
    process.kill(-child.pid!, 'SIGINT'); // the terminal signals the group
  else process.kill(child.pid!, 'SIGTERM');
  const code = await exited;
  if (stopWith === 'Ctrl-C') {
    expect(code, output).toBe(0);
    expect(output).not.toContain('ELIFECYCLE');
  }
  // `pnpm exec` and `npx` report the signal their child got with their own exit code; the forms
  // this repository defines (the `mock` script and the bin) stop cleanly with exit 0.
  if (/^(pnpm mock|mastersfetch-mock)\b/.test(line)) expect(code, `${line}\n${output}`).toBe(0);
  const port = Number(new URL(url).port);
  const deadline = Date.now() + 5_000;
  while ((await isListening(port)) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  expect(await isListening(port), `${line}: still listening after SIGTERM`).toBe(false);
}

describe('the mock CLI as the docs say to run it', () => {
  const commands = documentedCommands();

  it('is documented as `pnpm mock --port 4010` for the repository and `mastersfetch-mock --port 4010` for an installed package', () => {
    expect([...commands.keys()]).toEqual(
      expect.arrayContaining(['pnpm mock --port 4010', 'mastersfetch-mock --port 4010']),
    );
  });

  it.each([...commands.keys()])(
    '`%s` starts the mock, which logs a demo user in',
    async (command) => {
      await runCli(command);
    },
    60_000,
  );

  it.each(['pnpm mastersfetch-mock --port 0', 'pnpm exec mastersfetch-mock --port 0'])(
    '`%s` works from the repository root too',
    async (command) => {
      await runCli(command);
    },
    60_000,
  );

  it('`pnpm mock` ends with exit 0 and no ELIFECYCLE on Ctrl-C', async () => {
    await runCli('pnpm mock --port 0', 'Ctrl-C');
  }, 60_000);
});
