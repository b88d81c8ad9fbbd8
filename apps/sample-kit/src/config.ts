import type { Credentials, MastersClientOptions } from '@mastersfetch/core';
import { DEMO_USERS, startMockServer, type MockServer } from '@mastersfetch/mock-server';

/** Configuration of a sample app, read from the environment (docs/ARCHITECTURE.md §10). */
export interface SampleConfig {
  /** Name used in log lines, e.g. `'express-sample'`. */
  appName: string;
  /** Port to listen on (`0` = any free port). */
  port: number;
  /** Options for `createMastersClient` (base URL or environment, default credentials). */
  clientOptions: MastersClientOptions;
  /** GSTIN used when a request has no `x-gstin` header. */
  defaultGstin: string;
  /** Tenants selectable with the `x-gstin` header, by GSTIN. */
  tenants: ReadonlyMap<string, Credentials>;
  /** The in-process mock server, when no `MASTERS_INDIA_*` connection variable was set. */
  embeddedMock?: MockServer;
  /** Stops the embedded mock (if any). Idempotent. */
  close(): Promise<void>;
}

/** Options of {@link loadSampleConfig}. */
export interface LoadSampleConfigOptions {
  /** Name of the app, for log lines. */
  appName: string;
  /** Port when `PORT` is unset (express 3001, koa 3002, nestjs 3003). */
  defaultPort: number;
  /**
   * Environment to read (default `process.env`). The sample apps load their `.env` file into it
   * first with `loadSampleEnvFile`.
   */
  env?: NodeJS.ProcessEnv;
  /** Where to write log lines (default `console.log`). Never receives a secret. */
  logger?: (line: string) => void;
}

/** The variables that point the app at a real (or external) Masters India API. */
const CONNECTION_VARIABLES = [
  'MASTERS_INDIA_ENV',
  'MASTERS_INDIA_BASE_URL',
  'MASTERS_INDIA_USERNAME',
  'MASTERS_INDIA_PASSWORD',
  'MASTERS_INDIA_API_KEY',
] as const;

const GSTIN_PATTERN = /^[0-9]{2}[A-Z0-9]{13}$/;

function configError(variable: string, reason: string): Error {
  return new Error(`Invalid ${variable}: ${reason}`);
}

/** Reads a variable; empty or whitespace-only counts as unset. */
function read(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function parsePort(raw: string | undefined, defaultPort: number): number {
  if (raw === undefined) return defaultPort;
  if (!/^\d+$/.test(raw) || Number(raw) > 65_535) {
    throw configError(
      'PORT',
      `must be an integer from 0 to 65535 (0 = any free port), got "${raw}"`,
    );
  }
  return Number(raw);
}

function parseGstin(variable: string, raw: string): string {
  const gstin = raw.trim().toUpperCase();
  if (!GSTIN_PATTERN.test(gstin)) {
    throw configError(variable, 'must be a 15-character GSTIN such as 05AAAAA0000A1Z8');
  }
  return gstin;
}

/** Parses `MASTERS_INDIA_TENANTS`: `{ "<gstin>": { "username", "password" } | { "apiKey" } }`. */
function parseTenants(raw: string | undefined): Map<string, Credentials> {
  const tenants = new Map<string, Credentials>();
  if (raw === undefined) return tenants;
  const variable = 'MASTERS_INDIA_TENANTS';
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // The parser's message can quote the input, which holds passwords: never forward it.
    throw configError(
      variable,
      'is not valid JSON (expected {"<gstin>": {"username": ..., "password": ...}})',
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw configError(variable, 'must be a JSON object keyed by GSTIN');
  }
  for (const [key, value] of Object.entries(parsed)) {
    const gstin = parseGstin(`${variable} key "${key}"`, key);
    const where = `${variable}["${gstin}"]`;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw configError(where, 'must be an object {"username": ..., "password": ...}');
    }
    const entry = value as Record<string, unknown>;
    if (typeof entry.apiKey === 'string' && entry.apiKey !== '') {
      tenants.set(gstin, { apiKey: entry.apiKey });
      continue;
    }
    if (typeof entry.username !== 'string' || entry.username === '') {
      throw configError(where, '"username" must be a non-empty string');
    }
    if (typeof entry.password !== 'string' || entry.password === '') {
      throw configError(where, '"password" must be a non-empty string');
    }
    tenants.set(gstin, { username: entry.username, password: entry.password });
  }
  return tenants;
}

function parseCredentials(env: NodeJS.ProcessEnv): Credentials | undefined {
  const username = read(env, 'MASTERS_INDIA_USERNAME');
  const password = read(env, 'MASTERS_INDIA_PASSWORD');
  const apiKey = read(env, 'MASTERS_INDIA_API_KEY');
  if (apiKey !== undefined && (username !== undefined || password !== undefined)) {
    throw configError(
      'MASTERS_INDIA_API_KEY',
      'set either MASTERS_INDIA_API_KEY or MASTERS_INDIA_USERNAME + MASTERS_INDIA_PASSWORD, not both',
    );
  }
  if (apiKey !== undefined) return { apiKey };
  if (username !== undefined && password === undefined) {
    throw configError('MASTERS_INDIA_PASSWORD', 'is required when MASTERS_INDIA_USERNAME is set');
  }
  if (password !== undefined && username === undefined) {
    throw configError('MASTERS_INDIA_USERNAME', 'is required when MASTERS_INDIA_PASSWORD is set');
  }
  return username !== undefined && password !== undefined ? { username, password } : undefined;
}

function parseConnection(
  env: NodeJS.ProcessEnv,
): Pick<MastersClientOptions, 'environment' | 'baseUrl'> {
  const environment = read(env, 'MASTERS_INDIA_ENV');
  const baseUrl = read(env, 'MASTERS_INDIA_BASE_URL');
  if (environment !== undefined && baseUrl !== undefined) {
    throw configError(
      'MASTERS_INDIA_ENV',
      'set either MASTERS_INDIA_ENV or MASTERS_INDIA_BASE_URL, not both',
    );
  }
  if (environment !== undefined) {
    if (environment !== 'sandbox' && environment !== 'production') {
      throw configError(
        'MASTERS_INDIA_ENV',
        `must be "sandbox" or "production", got "${environment}"`,
      );
    }
    return { environment };
  }
  if (baseUrl === undefined) {
    throw configError(
      'MASTERS_INDIA_ENV',
      'set MASTERS_INDIA_ENV (sandbox|production) or MASTERS_INDIA_BASE_URL',
    );
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw configError(
      'MASTERS_INDIA_BASE_URL',
      'must be an absolute URL such as https://sandb-api.mastersindia.co',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw configError('MASTERS_INDIA_BASE_URL', 'must be an http(s) URL');
  }
  if (url.username || url.password) {
    throw configError('MASTERS_INDIA_BASE_URL', 'must not contain credentials');
  }
  return { baseUrl: baseUrl.replace(/\/+$/, '') };
}

/**
 * Reads a sample app's configuration from the environment (docs/ARCHITECTURE.md §10): `PORT` (default
 * `defaultPort`, `0` = any free port), `MASTERS_INDIA_ENV` or `MASTERS_INDIA_BASE_URL`,
 * `MASTERS_INDIA_USERNAME` + `MASTERS_INDIA_PASSWORD` or `MASTERS_INDIA_API_KEY`,
 * `MASTERS_INDIA_GSTIN` (default GSTIN) and `MASTERS_INDIA_TENANTS`
 * (JSON `{ "<gstin>": { "username": ..., "password": ... } }`, picked by the `x-gstin` header).
 *
 * With none of the connection variables (`MASTERS_INDIA_ENV`, `_BASE_URL`, `_USERNAME`,
 * `_PASSWORD`, `_API_KEY`) set, it starts the mock server in-process on `127.0.0.1:0` with
 * `DEMO_USERS`, logs its URL and username (never a password), and uses the first demo user and its
 * first GSTIN as defaults; every demo user's GSTIN becomes a tenant, so `x-gstin` works out of the box.
 *
 * @throws Error naming the variable when the configuration is invalid (the message never echoes a
 *   secret): bad `PORT`, both or neither of ENV/BASE_URL, a username without a password, bad JSON
 *   in `MASTERS_INDIA_TENANTS`, a malformed GSTIN, no GSTIN at all.
 * @example
 * ```ts
 * const config = await loadSampleConfig({ appName: 'express-sample', defaultPort: 3001 });
 * const client = createMastersClient(config.clientOptions);
 * ```
 */
export async function loadSampleConfig(options: LoadSampleConfigOptions): Promise<SampleConfig> {
  const log = options.logger ?? ((line: string) => console.log(line));
  const env = options.env ?? process.env;
  const port = parsePort(read(env, 'PORT'), options.defaultPort);
  const tenants = parseTenants(read(env, 'MASTERS_INDIA_TENANTS'));
  const gstinRaw = read(env, 'MASTERS_INDIA_GSTIN');
  const explicitGstin =
    gstinRaw === undefined ? undefined : parseGstin('MASTERS_INDIA_GSTIN', gstinRaw);

  const usesMock = CONNECTION_VARIABLES.every((name) => read(env, name) === undefined);
  if (usesMock) {
    return startEmbedded(options.appName, port, tenants, explicitGstin, log);
  }

  const connection = parseConnection(env);
  let credentials = parseCredentials(env);
  const defaultGstin = explicitGstin ?? tenants.keys().next().value;
  if (defaultGstin === undefined) {
    throw configError(
      'MASTERS_INDIA_GSTIN',
      'is required (or list tenants in MASTERS_INDIA_TENANTS)',
    );
  }
  // Without default credentials, the default GSTIN's tenant acts as the default identity.
  credentials ??= tenants.get(defaultGstin);
  if (credentials === undefined) {
    throw configError(
      'MASTERS_INDIA_USERNAME',
      'set MASTERS_INDIA_USERNAME + MASTERS_INDIA_PASSWORD or MASTERS_INDIA_API_KEY (or a tenant for MASTERS_INDIA_GSTIN)',
    );
  }
  return {
    appName: options.appName,
    port,
    clientOptions: { ...connection, credentials },
    defaultGstin,
    tenants,
    close: async () => {},
  };
}

async function startEmbedded(
  appName: string,
  port: number,
  extraTenants: Map<string, Credentials>,
  explicitGstin: string | undefined,
  log: (line: string) => void,
): Promise<SampleConfig> {
  const demoUser = DEMO_USERS[0];
  const firstGstin = demoUser?.gstins[0];
  if (demoUser === undefined || firstGstin === undefined) {
    throw new Error('@mastersfetch/mock-server exports no DEMO_USERS with a GSTIN');
  }
  const tenants = new Map<string, Credentials>();
  for (const user of DEMO_USERS) {
    for (const gstin of user.gstins) {
      tenants.set(gstin, { username: user.username, password: user.password });
    }
  }
  for (const [gstin, credentials] of extraTenants) tenants.set(gstin, credentials);

  const mock = await startMockServer({ host: '127.0.0.1', port: 0, users: [...DEMO_USERS] });
  log(
    `${appName}: no MASTERS_INDIA_* connection variables set; started the embedded mock Masters India API at ${mock.url} (user ${demoUser.username})`,
  );
  let closing: Promise<void> | undefined;
  return {
    appName,
    port,
    clientOptions: {
      baseUrl: mock.url,
      credentials: { username: demoUser.username, password: demoUser.password },
    },
    defaultGstin: explicitGstin ?? firstGstin,
    tenants,
    embeddedMock: mock,
    close: () => (closing ??= mock.close()),
  };
}
