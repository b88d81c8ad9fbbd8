import { parseArgs } from 'node:util';
import { DEMO_USERS } from './demo-users.js';
import { startMockServer } from './server.js';

const USAGE = `Usage: mastersfetch-mock [--port 4010] [--host 127.0.0.1] [--token-lifetime-sec 86400] [--refresh-path /api/v2/api-token-refresh/]

Starts a local simulator of the Masters India e-Way Bill API and prints its URL.
Stop it with Ctrl+C (SIGINT) or SIGTERM.`;

function integerOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`--${name} must be a non-negative integer`);
  return parsed;
}

function startTime(value: string): string {
  if (!Number.isFinite(Date.parse(value))) {
    throw new Error('--start-time must be an ISO-8601 date-time, e.g. 2025-03-05T10:00:00+05:30');
  }
  return value;
}

/**
 * Run the `mastersfetch-mock` CLI with the given arguments (without `node` and the script path).
 * Prints the URL and the demo usernames (never passwords); closes the server and exits 0 on
 * SIGINT/SIGTERM.
 *
 * @returns once the server listens.
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      'token-lifetime-sec': { type: 'string' },
      'refresh-path': { type: 'string' },
      'start-time': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const tokenLifetimeSec = values['token-lifetime-sec'];
  const server = await startMockServer({
    port: integerOption('port', values.port, 4010),
    host: values.host,
    ...(tokenLifetimeSec !== undefined
      ? { tokenLifetimeSec: integerOption('token-lifetime-sec', tokenLifetimeSec, 86_400) }
      : {}),
    ...(values['refresh-path'] !== undefined ? { refreshPath: values['refresh-path'] } : {}),
    ...(values['start-time'] !== undefined ? { startTime: startTime(values['start-time']) } : {}),
  });
  console.log(`Masters India mock server listening on ${server.url}`);
  console.log(`token-auth: POST ${server.url}/api/v1/token-auth/`);
  console.log('demo users (passwords: see the @mastersfetch/mock-server README):');
  for (const user of DEMO_USERS)
    console.log(`  ${user.username}  GSTINs ${user.gstins.join(', ')}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`received ${signal}, shutting down`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`mastersfetch-mock: ${error instanceof Error ? error.message : String(error)}`);
  console.error(USAGE);
  process.exitCode = 1;
});
