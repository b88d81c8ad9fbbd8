import { MastersConfigError } from './errors.js';
import { assertApiKeyValue, assertUsernameValue } from './http/header-values.js';
import { assertKnownOptions } from './known-keys.js';
import { MemoryTokenStore } from './store/memory.js';
import type {
  Credentials,
  MastersClientOptions,
  MastersClock,
  MastersEnvironment,
  MastersLogger,
  TokenStore,
} from './types.js';

/** Base URLs of the environments (https://docs.mastersindia.co/eway/environments). */
export const ENVIRONMENT_BASE_URLS: Readonly<Record<MastersEnvironment, string>> = {
  sandbox: 'https://sandb-api.mastersindia.co',
  production: 'https://router.mastersindia.co',
};

/** Every default of docs/ARCHITECTURE.md §3, in milliseconds / counts. */
export const DEFAULTS = {
  timeoutMs: 10_000,
  operationDeadlineMs: 30_000,
  softWindowMs: 900_000,
  hardWindowMs: 30_000,
  maxLifetimeMs: 7 * 24 * 3_600_000,
  defaultLifetimeMs: 24 * 3_600_000,
  skewWarnMs: 300_000,
  invalidCredentialsCooldownMs: 300_000,
  backoffBaseMs: 1_000,
  backoffCapMs: 60_000,
  maxRetryAfterMs: 300_000,
  unauthorizedGuardMs: 60_000,
  maxForcedRenewals: 3,
  forcedRenewalWindowMs: 600_000,
  maxReplayBodyBytes: 1024 * 1024,
  maxEntries: 10_000,
  storeTimeoutMs: 500,
  lockTtlMs: 15_000,
  scheduleRenewal: false,
} as const;

/** The system clock: `performance.now()` (monotonic) and `Date.now()` (epoch). */
export const systemClock: MastersClock = {
  now: () => performance.now(),
  wallNow: () => Date.now(),
};

type NumericOption = Exclude<
  {
    [K in keyof typeof DEFAULTS]: (typeof DEFAULTS)[K] extends number ? K : never;
  }[keyof typeof DEFAULTS],
  undefined
>;

/** Fully validated options with every default filled in. */
export interface ResolvedOptions extends Record<NumericOption, number> {
  /** The environment, when given instead of `baseUrl`. */
  environment: MastersEnvironment | undefined;
  /** Base URL without trailing slash, e.g. `https://sandb-api.mastersindia.co`. */
  baseUrl: string;
  /** Origin of the base URL; the auth header goes only there. */
  baseOrigin: string;
  /** Default credentials (validated copy), or `undefined`. */
  credentials: Credentials | undefined;
  /** The given store, or a {@link MemoryTokenStore} of `maxEntries` on `clock`. */
  store: TokenStore;
  /** `true` when `store` is the built-in memory store. */
  isDefaultStore: boolean;
  keySecret: string | undefined;
  logger: MastersLogger | undefined;
  fetch: typeof globalThis.fetch | undefined;
  clock: MastersClock;
  /** Refresh path relative to the base URL (no leading `/`), or `undefined` (renew by login). */
  refreshPath: string | undefined;
  scheduleRenewal: boolean;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

// Options that must be > 0 (a zero timeout or lifetime makes no sense); the others may be 0.
const POSITIVE: ReadonlySet<NumericOption> = new Set<NumericOption>([
  'timeoutMs',
  'operationDeadlineMs',
  'maxLifetimeMs',
  'defaultLifetimeMs',
  'storeTimeoutMs',
  'lockTtlMs',
  'forcedRenewalWindowMs',
  'backoffCapMs',
  'maxEntries',
]);
const INTEGER: ReadonlySet<NumericOption> = new Set<NumericOption>([
  'maxForcedRenewals',
  'maxReplayBodyBytes',
  'maxEntries',
]);

const bad = (option: string, reason: string) => new MastersConfigError({ option, reason });

/**
 * Every option `createMastersClient()` knows (docs/ARCHITECTURE.md §2). A `Record` over the
 * interface's keys, so an option added to {@link MastersClientOptions} without a line here does
 * not compile.
 */
const OPTION_KEYS: Record<keyof MastersClientOptions, true> = {
  environment: true,
  baseUrl: true,
  credentials: true,
  store: true,
  keySecret: true,
  logger: true,
  fetch: true,
  clock: true,
  timeoutMs: true,
  operationDeadlineMs: true,
  softWindowMs: true,
  hardWindowMs: true,
  maxLifetimeMs: true,
  defaultLifetimeMs: true,
  skewWarnMs: true,
  invalidCredentialsCooldownMs: true,
  backoffBaseMs: true,
  backoffCapMs: true,
  maxRetryAfterMs: true,
  unauthorizedGuardMs: true,
  maxForcedRenewals: true,
  forcedRenewalWindowMs: true,
  maxReplayBodyBytes: true,
  maxEntries: true,
  storeTimeoutMs: true,
  lockTtlMs: true,
  refreshPath: true,
  scheduleRenewal: true,
};

/**
 * The option names of `createMastersClient()`, for adapters that accept the client's options next
 * to their own (see {@link assertKnownOptions}).
 */
export const MASTERS_CLIENT_OPTION_KEYS: readonly (keyof MastersClientOptions)[] = Object.freeze(
  Object.keys(OPTION_KEYS) as (keyof MastersClientOptions)[],
);

export { assertKnownOptions } from './known-keys.js';

const CREDENTIAL_KEYS = ['username', 'password', 'apiKey'] as const;

/** Reason for a field that is `undefined` (most often an unset environment variable). */
const missing = 'is missing (undefined; an unset environment variable?)';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `true` for loopback hosts, the only ones allowed over plain `http:`: `localhost` (and
 * `*.localhost`), 127.0.0.0/8 and `::1`.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return m !== null && m.slice(1).every((p) => Number(p) <= 255);
}

/**
 * Validates credentials and returns a clean copy (`{ username, password }` or `{ apiKey }`).
 * Used by `createMastersClient` and by `forCredentials` for every resolved identity.
 *
 * @param credentials - the value to check.
 * @param option - option name used in errors (default `'credentials'`).
 * @throws {@link MastersConfigError} naming the field: not an object, both kinds at once, neither,
 *   a missing (`undefined`), empty or non-string `username`/`password`/`apiKey`, line breaks in a
 *   header value, an unknown field (`credentials.usename`: did you mean `credentials.username`?).
 * @example
 * ```ts
 * validateCredentials({ username: 'erp-bot@alpha.example', password: process.env.PW });
 * ```
 */
export function validateCredentials(credentials: unknown, option = 'credentials'): Credentials {
  if (!isObject(credentials)) throw bad(option, 'must be { username, password } or { apiKey }');
  assertKnownOptions(credentials, CREDENTIAL_KEYS, option);
  // Each field read once: a getter cannot show one value to the checks and another to the copy.
  const { username, password, apiKey } = credentials;
  const hasKey = apiKey !== undefined;
  const hasUser = username !== undefined || password !== undefined;
  if (hasKey && hasUser) {
    throw bad(option, 'give either { username, password } or { apiKey }, not both');
  }
  if (hasKey || (!hasUser && 'apiKey' in credentials)) {
    if (apiKey === undefined) throw bad(`${option}.apiKey`, missing);
    if (typeof apiKey !== 'string' || apiKey.trim() === '') {
      throw bad(`${option}.apiKey`, 'must be a non-empty string');
    }
    assertApiKeyValue(apiKey, `${option}.apiKey`);
    return { apiKey };
  }
  // `{ username: process.env.MI_USER, password: process.env.MI_PASS }` with both unset still
  // names the field, not just "credentials".
  if (!hasUser && !('username' in credentials) && !('password' in credentials)) {
    throw bad(option, 'must contain { username, password } or { apiKey }');
  }
  if (username === undefined) throw bad(`${option}.username`, missing);
  if (typeof username !== 'string' || username.trim() === '') {
    throw bad(`${option}.username`, 'must be a non-empty string');
  }
  assertUsernameValue(username, `${option}.username`);
  if (password === undefined) throw bad(`${option}.password`, missing);
  if (typeof password !== 'string' || password === '') {
    throw bad(`${option}.password`, 'must be a non-empty string');
  }
  return { username, password };
}

function resolveBaseUrl(options: MastersClientOptions): {
  baseUrl: string;
  baseOrigin: string;
  environment: MastersEnvironment | undefined;
} {
  const { environment, baseUrl } = options;
  if (environment !== undefined && baseUrl !== undefined) {
    throw bad('baseUrl', 'give either `environment` or `baseUrl`, not both');
  }
  if (environment === undefined && baseUrl === undefined) {
    throw bad(
      'environment',
      "one of `environment` ('sandbox' | 'production') or `baseUrl` is required",
    );
  }
  if (environment !== undefined) {
    if (typeof environment !== 'string' || !Object.hasOwn(ENVIRONMENT_BASE_URLS, environment)) {
      throw bad('environment', "must be 'sandbox' or 'production'");
    }
    const url = ENVIRONMENT_BASE_URLS[environment];
    return { baseUrl: url, baseOrigin: new URL(url).origin, environment };
  }
  if (typeof baseUrl !== 'string' || baseUrl.trim() === '') {
    throw bad('baseUrl', 'must be a non-empty URL string');
  }
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw bad('baseUrl', 'is not a valid absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw bad('baseUrl', 'must use https: (or http: to a loopback host)');
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw bad(
      'baseUrl',
      'plain http: is only allowed for loopback hosts (localhost, 127.0.0.0/8, ::1); use https:',
    );
  }
  // Credentials in the URL would end up in logs and error messages.
  if (url.username !== '' || url.password !== '') {
    throw bad('baseUrl', 'must not contain user info (user:password@)');
  }
  if (url.search !== '' || url.hash !== '') {
    throw bad('baseUrl', 'must not contain a query string or fragment');
  }
  const path = url.pathname.replace(/\/+$/, '');
  return { baseUrl: `${url.origin}${path}`, baseOrigin: url.origin, environment: undefined };
}

function resolveNumber(options: MastersClientOptions, name: NumericOption): number {
  const value = (options as Record<string, unknown>)[name];
  if (value === undefined) return DEFAULTS[name];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw bad(name, 'must be a finite number');
  }
  if (POSITIVE.has(name) ? value <= 0 : value < 0) {
    throw bad(name, POSITIVE.has(name) ? 'must be greater than 0' : 'must not be negative');
  }
  if (INTEGER.has(name) && !Number.isInteger(value)) throw bad(name, 'must be an integer');
  return value;
}

function checkFunctions(value: unknown, option: string, required: string[], optional: string[]) {
  if (!isObject(value) && typeof value !== 'function') throw bad(option, 'must be an object');
  const v = value as Record<string, unknown>;
  for (const m of required) {
    if (typeof v[m] !== 'function') throw bad(`${option}.${m}`, 'must be a function');
  }
  for (const m of optional) {
    if (v[m] !== undefined && typeof v[m] !== 'function') {
      throw bad(`${option}.${m}`, 'must be a function when given');
    }
  }
}

/**
 * Validates `createMastersClient` options and fills every default of docs/ARCHITECTURE.md §3.
 *
 * @throws {@link MastersConfigError} whose `option` and message name the faulty option: neither or
 *   both of `environment`/`baseUrl`, unknown environment, malformed URL, `http:` to a non-loopback
 *   host, bad credentials (see {@link validateCredentials}), negative or non-finite durations and
 *   counts, a non-function `fetch`/logger/clock method, a store without `get`/`set`/`delete`, an
 *   absolute `refreshPath`, an empty `keySecret`, a non-boolean `scheduleRenewal`, an unknown
 *   option key (named, with the closest known one: `timeout` → `timeoutMs`).
 * @example
 * ```ts
 * const resolved = resolveOptions({ environment: 'sandbox', credentials: { apiKey: 'k' } });
 * resolved.baseUrl; // 'https://sandb-api.mastersindia.co'
 * ```
 */
export function resolveOptions(input: MastersClientOptions): ResolvedOptions {
  if (!isObject(input)) throw bad('options', 'must be an object');
  assertKnownOptions(input, MASTERS_CLIENT_OPTION_KEYS);
  const options: MastersClientOptions = input;
  const base = resolveBaseUrl(options);

  const credentials =
    options.credentials === undefined ? undefined : validateCredentials(options.credentials);

  const numbers = {} as Record<NumericOption, number>;
  for (const name of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) {
    if (name === 'scheduleRenewal') continue;
    numbers[name] = resolveNumber(options, name);
  }
  if (numbers.timeoutMs > MAX_TIMER_MS) throw bad('timeoutMs', `must be at most ${MAX_TIMER_MS}`);
  if (numbers.backoffBaseMs > numbers.backoffCapMs) {
    throw bad('backoffBaseMs', 'must not be greater than `backoffCapMs`');
  }
  if (numbers.hardWindowMs > numbers.softWindowMs) {
    throw bad('hardWindowMs', 'must not be greater than `softWindowMs`');
  }
  if (numbers.defaultLifetimeMs > numbers.maxLifetimeMs) {
    throw bad('defaultLifetimeMs', 'must not be greater than `maxLifetimeMs`');
  }

  if (
    options.keySecret !== undefined &&
    (typeof options.keySecret !== 'string' || options.keySecret === '')
  ) {
    throw bad('keySecret', 'must be a non-empty string');
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw bad('fetch', 'must be a function');
  }
  if (options.logger !== undefined) {
    checkFunctions(options.logger, 'logger', ['warn', 'error'], ['debug', 'info', 'log']);
  }
  let clock = systemClock;
  if (options.clock !== undefined) {
    checkFunctions(options.clock, 'clock', ['now', 'wallNow'], []);
    clock = options.clock;
  }
  let store: TokenStore;
  let isDefaultStore = false;
  if (options.store !== undefined) {
    checkFunctions(options.store, 'store', ['get', 'set', 'delete'], ['lock']);
    store = options.store;
  } else {
    store = new MemoryTokenStore({ maxEntries: numbers.maxEntries, clock });
    isDefaultStore = true;
  }
  let refreshPath: string | undefined;
  if (options.refreshPath !== undefined) {
    const p = options.refreshPath;
    if (typeof p !== 'string' || p.trim() === '')
      throw bad('refreshPath', 'must be a non-empty path');
    // An absolute URL would send the refresh token to another origin.
    if (/^[a-z][a-z0-9+.-]*:/i.test(p) || p.startsWith('//') || /[\s?#]/.test(p)) {
      throw bad(
        'refreshPath',
        'must be a path relative to the base URL, e.g. api/v2/api-token-refresh/',
      );
    }
    refreshPath = p.replace(/^\/+/, '');
  }
  if (options.scheduleRenewal !== undefined && typeof options.scheduleRenewal !== 'boolean') {
    throw bad('scheduleRenewal', 'must be a boolean');
  }

  return {
    ...numbers,
    ...base,
    credentials,
    store,
    isDefaultStore,
    keySecret: options.keySecret,
    logger: options.logger,
    fetch: options.fetch,
    clock,
    refreshPath,
    scheduleRenewal: options.scheduleRenewal ?? DEFAULTS.scheduleRenewal,
  };
}
