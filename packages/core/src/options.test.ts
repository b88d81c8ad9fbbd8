import { describe, expect, it } from 'vitest';
import { MastersConfigError } from './errors.js';
import { DEFAULTS, isLoopbackHost, resolveOptions, validateCredentials } from './options.js';
import { MemoryTokenStore } from './store/memory.js';
import type { MastersClientOptions } from './types.js';

const PASSWORD = 'S3cret-Example-pw';
const base: MastersClientOptions = {
  environment: 'sandbox',
  credentials: { username: 'bot@alpha.example', password: PASSWORD },
};

function expectConfigError(options: unknown, option: string): void {
  let caught: unknown;
  try {
    resolveOptions(options as MastersClientOptions);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(MastersConfigError);
  const err = caught as MastersConfigError;
  expect(err.option).toBe(option);
  expect(err.message).toContain(`\`${option}\``);
  expect(err.message).not.toContain(PASSWORD);
}

describe('resolveOptions', () => {
  it('fills every default of docs/ARCHITECTURE.md §3', () => {
    const r = resolveOptions(base);
    expect(r).toMatchObject({
      baseUrl: 'https://sandb-api.mastersindia.co',
      baseOrigin: 'https://sandb-api.mastersindia.co',
      timeoutMs: 10_000,
      operationDeadlineMs: 30_000,
      softWindowMs: 900_000,
      hardWindowMs: 30_000,
      maxLifetimeMs: 604_800_000,
      defaultLifetimeMs: 86_400_000,
      skewWarnMs: 300_000,
      invalidCredentialsCooldownMs: 300_000,
      backoffBaseMs: 1_000,
      backoffCapMs: 60_000,
      maxRetryAfterMs: 300_000,
      unauthorizedGuardMs: 60_000,
      maxForcedRenewals: 3,
      forcedRenewalWindowMs: 600_000,
      maxReplayBodyBytes: 1_048_576,
      maxEntries: 10_000,
      storeTimeoutMs: 500,
      lockTtlMs: 15_000,
      scheduleRenewal: false,
      refreshPath: undefined,
      isDefaultStore: true,
    });
    expect(r.store).toBeInstanceOf(MemoryTokenStore);
    expect(typeof r.clock.now()).toBe('number');
    expect(Math.abs(r.clock.wallNow() - Date.now())).toBeLessThan(60_000);
    expect(Object.keys(DEFAULTS)).toHaveLength(19);
  });

  it('resolves production and a loopback http baseUrl without trailing slash', () => {
    expect(resolveOptions({ environment: 'production' }).baseUrl).toBe(
      'https://router.mastersindia.co',
    );
    const r = resolveOptions({ baseUrl: 'http://127.0.0.1:4010/' });
    expect(r.baseUrl).toBe('http://127.0.0.1:4010');
    expect(r.baseOrigin).toBe('http://127.0.0.1:4010');
    expect(resolveOptions({ baseUrl: 'https://proxy.example/mi//' }).baseUrl).toBe(
      'https://proxy.example/mi',
    );
    expect(resolveOptions({ baseUrl: 'http://localhost:1' }).baseOrigin).toBe('http://localhost:1');
    expect(resolveOptions({ baseUrl: 'http://[::1]:1' }).baseOrigin).toBe('http://[::1]:1');
  });

  it('keeps a given store, clock, logger and fetch', () => {
    const store = new MemoryTokenStore();
    const clock = { now: () => 1, wallNow: () => 2 };
    const logger = { warn() {}, error() {} };
    const r = resolveOptions({ ...base, store, clock, logger, fetch: globalThis.fetch });
    expect(r.store).toBe(store);
    expect(r.isDefaultStore).toBe(false);
    expect(r.clock).toBe(clock);
    expect(r.logger).toBe(logger);
    expect(r.fetch).toBe(globalThis.fetch);
  });

  it('normalises refreshPath to a relative path', () => {
    expect(resolveOptions({ ...base, refreshPath: '/api/v2/api-token-refresh/' }).refreshPath).toBe(
      'api/v2/api-token-refresh/',
    );
  });

  const invalid: [string, unknown, string][] = [
    ['options not an object', null, 'options'],
    ['neither environment nor baseUrl', { credentials: base.credentials }, 'environment'],
    ['both environment and baseUrl', { ...base, baseUrl: 'https://x.example' }, 'baseUrl'],
    ['unknown environment', { environment: 'staging' }, 'environment'],
    ['empty baseUrl', { baseUrl: '' }, 'baseUrl'],
    ['malformed baseUrl', { baseUrl: 'not a url' }, 'baseUrl'],
    ['non-http scheme', { baseUrl: 'ftp://x.example' }, 'baseUrl'],
    ['http to a non-loopback host', { baseUrl: 'http://sandb-api.mastersindia.co' }, 'baseUrl'],
    ['http to a private non-loopback IP', { baseUrl: 'http://10.0.0.1' }, 'baseUrl'],
    ['user info in baseUrl', { baseUrl: `https://u:${PASSWORD}@x.example` }, 'baseUrl'],
    ['query in baseUrl', { baseUrl: 'https://x.example/?a=1' }, 'baseUrl'],
    ['credentials not an object', { ...base, credentials: 'x' }, 'credentials'],
    ['empty credentials', { ...base, credentials: {} }, 'credentials'],
    [
      'both credential kinds',
      { ...base, credentials: { username: 'u', password: PASSWORD, apiKey: 'k' } },
      'credentials',
    ],
    [
      'empty username',
      { ...base, credentials: { username: '', password: PASSWORD } },
      'credentials.username',
    ],
    ['missing username', { ...base, credentials: { password: PASSWORD } }, 'credentials.username'],
    [
      'empty password',
      { ...base, credentials: { username: 'u', password: '' } },
      'credentials.password',
    ],
    ['missing password', { ...base, credentials: { username: 'u' } }, 'credentials.password'],
    [
      'non-string password',
      { ...base, credentials: { username: 'u', password: 1 } },
      'credentials.password',
    ],
    ['empty apiKey', { ...base, credentials: { apiKey: '' } }, 'credentials.apiKey'],
    [
      'apiKey with a line break',
      { ...base, credentials: { apiKey: 'a\nb' } },
      'credentials.apiKey',
    ],
    ['empty keySecret', { ...base, keySecret: '' }, 'keySecret'],
    ['non-function fetch', { ...base, fetch: 'fetch' }, 'fetch'],
    ['logger without warn', { ...base, logger: { error() {} } }, 'logger.warn'],
    ['logger without error', { ...base, logger: { warn() {} } }, 'logger.error'],
    [
      'logger with a non-function debug',
      { ...base, logger: { warn() {}, error() {}, debug: 1 } },
      'logger.debug',
    ],
    ['logger not an object', { ...base, logger: 'console' }, 'logger'],
    ['clock without now', { ...base, clock: { wallNow: () => 1 } }, 'clock.now'],
    ['clock without wallNow', { ...base, clock: { now: () => 1 } }, 'clock.wallNow'],
    ['store without get', { ...base, store: { set() {}, delete() {} } }, 'store.get'],
    ['store without set', { ...base, store: { get() {}, delete() {} } }, 'store.set'],
    ['store without delete', { ...base, store: { get() {}, set() {} } }, 'store.delete'],
    [
      'store with a non-function lock',
      { ...base, store: { get() {}, set() {}, delete() {}, lock: true } },
      'store.lock',
    ],
    [
      'absolute refreshPath',
      { ...base, refreshPath: 'https://evil.example/refresh' },
      'refreshPath',
    ],
    ['protocol-relative refreshPath', { ...base, refreshPath: '//evil.example/r' }, 'refreshPath'],
    ['empty refreshPath', { ...base, refreshPath: '' }, 'refreshPath'],
    ['non-boolean scheduleRenewal', { ...base, scheduleRenewal: 'yes' }, 'scheduleRenewal'],
    [
      'backoffBaseMs above backoffCapMs',
      { ...base, backoffBaseMs: 5, backoffCapMs: 4 },
      'backoffBaseMs',
    ],
    [
      'hardWindowMs above softWindowMs',
      { ...base, hardWindowMs: 10, softWindowMs: 5 },
      'hardWindowMs',
    ],
    [
      'defaultLifetimeMs above maxLifetimeMs',
      { ...base, defaultLifetimeMs: 10, maxLifetimeMs: 5 },
      'defaultLifetimeMs',
    ],
    ['timeoutMs above the timer limit', { ...base, timeoutMs: 2 ** 31 }, 'timeoutMs'],
    ['fractional maxEntries', { ...base, maxEntries: 1.5 }, 'maxEntries'],
    ['zero maxEntries', { ...base, maxEntries: 0 }, 'maxEntries'],
    ['fractional maxForcedRenewals', { ...base, maxForcedRenewals: 0.5 }, 'maxForcedRenewals'],
    ['zero timeoutMs', { ...base, timeoutMs: 0 }, 'timeoutMs'],
  ];
  for (const [what, options, option] of invalid) {
    it(`rejects ${what} naming \`${option}\``, () => expectConfigError(options, option));
  }

  const numeric = Object.keys(DEFAULTS).filter((k) => k !== 'scheduleRenewal');
  for (const name of numeric) {
    for (const value of [-1, Number.NaN, Number.POSITIVE_INFINITY, '10']) {
      it(`rejects ${name} = ${String(value)}`, () =>
        expectConfigError({ ...base, [name]: value }, name));
    }
  }

  it('accepts zero where zero makes sense', () => {
    const r = resolveOptions({
      ...base,
      maxForcedRenewals: 0,
      maxReplayBodyBytes: 0,
      skewWarnMs: 0,
    });
    expect(r.maxForcedRenewals).toBe(0);
  });
});

describe('validateCredentials', () => {
  it('returns a clean copy of each kind', () => {
    const source = { username: 'u', password: 'p' };
    const copy = validateCredentials(source);
    expect(copy).toEqual({ username: 'u', password: 'p' });
    expect(copy).not.toBe(source);
    expect(validateCredentials({ apiKey: 'k' })).toEqual({ apiKey: 'k' });
  });

  it('uses the given option name', () => {
    try {
      validateCredentials({ apiKey: 1 }, 'forCredentials');
      expect.unreachable();
    } catch (err) {
      expect((err as MastersConfigError).option).toBe('forCredentials.apiKey');
    }
  });
});

describe('isLoopbackHost', () => {
  it('accepts loopback names and addresses only', () => {
    for (const h of ['localhost', 'api.localhost', '127.0.0.1', '127.255.0.9', '[::1]', '::1']) {
      expect(isLoopbackHost(h)).toBe(true);
    }
    for (const h of [
      '10.0.0.1',
      '128.0.0.1',
      '127.0.0.256',
      'localhost.example',
      '0.0.0.0',
      '::',
    ]) {
      expect(isLoopbackHost(h)).toBe(false);
    }
  });
});
