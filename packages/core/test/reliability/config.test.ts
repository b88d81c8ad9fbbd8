import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMastersClient } from '../../src/client.js';
import { MastersConfigError } from '../../src/errors.js';
import { MemoryTokenStore } from '../../src/store/memory.js';
import type { MastersClientOptions } from '../../src/types.js';
import { addSecret, ALPHA_CREDENTIALS, ReliabilityHarness } from './harness.js';

const PASSWORD = 'S3cret-Reliability-config-pw';
const API_KEY = 'rel-api-key-0123456789abcdef';
addSecret(PASSWORD);
addSecret(API_KEY);
const CREDS = { username: 'bot@alpha.example', password: PASSWORD };
const SAFE = { baseUrl: 'https://sandb-api.mastersindia.co', credentials: CREDS };

interface ConfigCase {
  name: string;
  options: Record<string, unknown>;
  option: string;
  /** The message tells what to do. */
  todo: RegExp;
}

const RULE = /must|give|use|required/i;
const storeWithout = (method: 'get' | 'set' | 'delete') => {
  const store = new MemoryTokenStore() as unknown as Record<string, unknown>;
  const copy: Record<string, unknown> = {
    get: (store.get as () => unknown).bind(store),
    set: (store.set as () => unknown).bind(store),
    delete: (store.delete as () => unknown).bind(store),
  };
  delete copy[method];
  return copy;
};

const CASES: ConfigCase[] = [
  {
    name: 'neither environment nor baseUrl',
    options: { credentials: CREDS },
    option: 'environment',
    todo: /required/,
  },
  {
    name: 'both environment and baseUrl',
    options: { ...SAFE, environment: 'sandbox' },
    option: 'baseUrl',
    todo: /either/,
  },
  {
    name: 'an unknown environment',
    options: { environment: 'staging', credentials: CREDS },
    option: 'environment',
    todo: /'sandbox' or 'production'/,
  },
  {
    name: 'a malformed baseUrl',
    options: { ...SAFE, baseUrl: 'not a url' },
    option: 'baseUrl',
    todo: /valid absolute URL/,
  },
  {
    name: 'plain http to a non-loopback host',
    options: { ...SAFE, baseUrl: 'http://sandb-api.mastersindia.co' },
    option: 'baseUrl',
    todo: /use https/,
  },
  {
    name: 'an ftp: baseUrl',
    options: { ...SAFE, baseUrl: 'ftp://sandb-api.mastersindia.co' },
    option: 'baseUrl',
    todo: /https/,
  },
  {
    name: 'a password inside the baseUrl',
    options: { ...SAFE, baseUrl: `https://bot:${PASSWORD}@sandb-api.mastersindia.co` },
    option: 'baseUrl',
    todo: RULE,
  },
  {
    name: 'both credential kinds at once',
    options: { ...SAFE, credentials: { ...CREDS, apiKey: API_KEY } },
    option: 'credentials',
    todo: /either/,
  },
  {
    name: 'an empty username',
    options: { ...SAFE, credentials: { username: ' ', password: PASSWORD } },
    option: 'credentials.username',
    todo: RULE,
  },
  {
    name: 'an empty password',
    options: { ...SAFE, credentials: { username: 'bot@alpha.example', password: '' } },
    option: 'credentials.password',
    todo: RULE,
  },
  {
    name: 'a non-string password',
    options: { ...SAFE, credentials: { username: 'bot@alpha.example', password: 12345678 } },
    option: 'credentials.password',
    todo: RULE,
  },
  {
    name: 'an empty apiKey',
    options: { ...SAFE, credentials: { apiKey: '' } },
    option: 'credentials.apiKey',
    todo: RULE,
  },
  {
    name: 'an apiKey with a line break',
    options: { ...SAFE, credentials: { apiKey: `${API_KEY}\r\nX-Evil: 1` } },
    option: 'credentials.apiKey',
    todo: RULE,
  },
  {
    name: 'a negative timeoutMs',
    options: { ...SAFE, timeoutMs: -1 },
    option: 'timeoutMs',
    todo: RULE,
  },
  {
    name: 'a NaN operationDeadlineMs',
    options: { ...SAFE, operationDeadlineMs: Number.NaN },
    option: 'operationDeadlineMs',
    todo: RULE,
  },
  {
    name: 'an infinite softWindowMs',
    options: { ...SAFE, softWindowMs: Number.POSITIVE_INFINITY },
    option: 'softWindowMs',
    todo: RULE,
  },
  {
    name: 'a string maxLifetimeMs',
    options: { ...SAFE, maxLifetimeMs: '604800000' },
    option: 'maxLifetimeMs',
    todo: RULE,
  },
  {
    name: 'hardWindowMs above softWindowMs',
    options: { ...SAFE, hardWindowMs: 60_000, softWindowMs: 30_000 },
    option: 'hardWindowMs',
    todo: RULE,
  },
  {
    name: 'backoffBaseMs above backoffCapMs',
    options: { ...SAFE, backoffBaseMs: 120_000 },
    option: 'backoffBaseMs',
    todo: RULE,
  },
  {
    name: 'defaultLifetimeMs above maxLifetimeMs',
    options: { ...SAFE, maxLifetimeMs: 3_600_000 },
    option: 'defaultLifetimeMs',
    todo: RULE,
  },
  {
    name: 'a zero maxEntries',
    options: { ...SAFE, maxEntries: 0 },
    option: 'maxEntries',
    todo: RULE,
  },
  {
    name: 'a fractional maxForcedRenewals',
    options: { ...SAFE, maxForcedRenewals: 1.5 },
    option: 'maxForcedRenewals',
    todo: RULE,
  },
  {
    name: 'a store without get',
    options: { ...SAFE, store: storeWithout('get') },
    option: 'store.get',
    todo: RULE,
  },
  {
    name: 'a store with a non-function lock',
    options: {
      ...SAFE,
      store: { ...storeWithout('delete'), delete: () => Promise.resolve(), lock: true },
    },
    option: 'store.lock',
    todo: RULE,
  },
  {
    name: 'an absolute refreshPath',
    options: { ...SAFE, refreshPath: 'https://evil.example/refresh/' },
    option: 'refreshPath',
    todo: /relative to the base URL/,
  },
  {
    name: 'a non-boolean scheduleRenewal',
    options: { ...SAFE, scheduleRenewal: 'yes' },
    option: 'scheduleRenewal',
    todo: RULE,
  },
  {
    name: 'a clock without wallNow',
    options: { ...SAFE, clock: { now: () => 0 } },
    option: 'clock.wallNow',
    todo: RULE,
  },
  {
    name: 'an empty keySecret',
    options: { ...SAFE, keySecret: '' },
    option: 'keySecret',
    todo: RULE,
  },
  {
    name: 'a logger without warn',
    options: { ...SAFE, logger: { error: () => {} } },
    option: 'logger.warn',
    todo: RULE,
  },
  {
    name: 'a non-function fetch',
    options: { ...SAFE, fetch: 'fetch' },
    option: 'fetch',
    todo: RULE,
  },
];

describe('reliability: configuration', () => {
  const h = new ReliabilityHarness();
  beforeAll(() => h.start());
  afterAll(() => h.close());

  it.each(CASES)('rejects $name with MastersConfigError naming `$option`', async (c) => {
    const error = await h.expectFailure(
      Promise.resolve().then(() =>
        createMastersClient(c.options as unknown as MastersClientOptions),
      ),
      {
        errorClass: MastersConfigError,
        what: new RegExp(`\`${c.option.replace('.', '\\.')}\``),
        todo: c.todo,
      },
    );
    expect((error as MastersConfigError).option).toBe(c.option);
    // A valid client next to the rejected one is unaffected.
    await h.expectHealthy(h.client());
  });

  it('mastersFetch without default credentials rejects with MastersConfigError, forCredentials works', async () => {
    const client = h.client({ credentials: undefined });
    await h.expectFailure(client.mastersFetch.get('api/v1/getEwayBillData/'), {
      errorClass: MastersConfigError,
      what: /`credentials`/,
      todo: /forCredentials\(\)|pass `credentials`/,
    });
    const tenant = client.forCredentials(ALPHA_CREDENTIALS);
    const base = h.client();
    await h.expectHealthy(base);
    expect(tenant).toBeDefined();
  });

  it('getAccessToken() in API-key mode rejects with MastersConfigError and never logs in', async () => {
    const client = h.client({ credentials: { apiKey: API_KEY } });
    const before = h.count('/api/v1/token-auth/');
    await h.expectFailure(client.getAccessToken(), {
      errorClass: MastersConfigError,
      what: /API-key mode has no token/,
      todo: /needs username\/password/,
    });
    expect(h.count('/api/v1/token-auth/')).toBe(before);
    await h.expectHealthy(h.client());
  });
});
