import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MastersInvalidCredentialsError, MastersTokenError } from '../errors.js';
import { MemoryTokenStore } from '../store/memory.js';
import type { EngineSettings } from './engine-settings.js';
import { KeyState } from './key-state.js';
import { TokenManager } from './token-manager.js';

const HOUR_MS = 3_600_000;
const KEY = new TextEncoder().encode('token-manager-unit-test-key-0123456789');

/** What the raw token-auth server answers next; it counts every login it receives. */
let answer: { status: number; headers?: Record<string, string> };
let logins: number;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      logins++;
      void (async () => {
        const body =
          answer.status === 200
            ? JSON.stringify({
                token: await new SignJWT({ orig_iat: Math.floor(Date.now() / 1000), n: logins })
                  .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
                  .setExpirationTime(Math.floor(Date.now() / 1000) + 3_600)
                  .sign(KEY),
              })
            : answer.status === 206
              ? '{"error": "Unable to login with provided credential"}'
              : 'busy';
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(body);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const SETTINGS: EngineSettings = {
  timeoutMs: 5_000,
  operationDeadlineMs: 5_000,
  softWindowMs: 300_000,
  hardWindowMs: 60_000,
  maxLifetimeMs: 24 * HOUR_MS,
  defaultLifetimeMs: 24 * HOUR_MS,
  skewWarnMs: 30_000,
  invalidCredentialsCooldownMs: 300_000,
  backoffBaseMs: 1_000,
  backoffCapMs: 60_000,
  maxRetryAfterMs: 120_000,
  unauthorizedGuardMs: 30_000,
  maxForcedRenewals: 3,
  forcedRenewalWindowMs: 60_000,
  maxEntries: 100,
  storeTimeoutMs: 1_000,
  lockTtlMs: 1_000,
  refreshPath: undefined,
  scheduleRenewal: false,
};

let monoMs: number;
let manager: TokenManager;
let state: KeyState;

beforeEach(() => {
  answer = { status: 200 };
  logins = 0;
  monoMs = 1_000_000;
  manager = new TokenManager({
    settings: SETTINGS,
    clock: { now: () => monoMs, wallNow: () => Date.now() },
    store: new MemoryTokenStore(),
    loginPost: (path, body) =>
      fetch(baseUrl + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    emit: () => {},
    log: { debug() {}, info() {}, warn() {}, error() {} },
    random: () => 0,
  });
  state = new KeyState('k', 'fp', { username: 'u', password: 'pw' }, SETTINGS);
});

async function settled(): Promise<void> {
  while (manager.inflightCount > 0) await new Promise((resolve) => setImmediate(resolve));
}

describe('TokenManager', () => {
  it('logs in once for 200 concurrent cold callers', async () => {
    await Promise.all(Array.from({ length: 200 }, () => manager.ensureToken(state)));
    expect(logins).toBe(1);
    expect(state.authorization).toMatch(/^JWT ey/);
    expect(manager.stats).toMatchObject({ logins: 1, waits: 200 });
  });

  it('serves a token outside the soft window without any request', async () => {
    await manager.ensureToken(state);
    monoMs += HOUR_MS - 300_001;
    expect(manager.isUsable(state)).toBe(true);
    await settled();
    expect(logins).toBe(1);
  });

  it('serves a soft-window token at once and renews it once in the background', async () => {
    await manager.ensureToken(state);
    const first = state.authorization;
    monoMs += HOUR_MS - 300_000;
    expect(manager.isUsable(state)).toBe(true);
    expect(manager.isUsable(state)).toBe(true);
    expect(state.authorization).toBe(first);
    await settled();
    expect(logins).toBe(2);
    expect(state.authorization).not.toBe(first);
    expect(state.generation).toBe(2);
  });

  it('makes callers wait for the renewal inside the hard window', async () => {
    await manager.ensureToken(state);
    monoMs += HOUR_MS - 60_000;
    expect(manager.isUsable(state)).toBe(false);
    await manager.ensureToken(state);
    expect(logins).toBe(2);
    expect(manager.isUsable(state)).toBe(true);
  });

  it('backs off for the Retry-After of a failed login, failing fast without a request', async () => {
    answer = { status: 503, headers: { 'retry-after': '5' } };
    await expect(manager.ensureToken(state)).rejects.toThrow(MastersTokenError);
    answer = { status: 200 };
    monoMs += 4_999;
    await expect(manager.ensureToken(state)).rejects.toThrow(/HTTP 503/);
    expect(logins).toBe(1);
    monoMs += 1;
    await manager.ensureToken(state);
    expect(logins).toBe(2);
  });

  it('sends no login during the cooldown after a 206, even for a new state of the same key', async () => {
    answer = { status: 206 };
    await expect(manager.ensureToken(state)).rejects.toThrow(MastersInvalidCredentialsError);
    answer = { status: 200 };
    const fresh = new KeyState('k', 'fp', { username: 'u', password: 'pw' }, SETTINGS);
    await expect(manager.ensureToken(fresh)).rejects.toThrow(MastersInvalidCredentialsError);
    monoMs += 299_999;
    await expect(manager.ensureToken(state)).rejects.toThrow(MastersInvalidCredentialsError);
    expect(logins).toBe(1);
    monoMs += 1;
    await manager.ensureToken(state);
    expect(logins).toBe(2);
  });

  it('renews once on a 401 to the current token and says replay; after a replayed 401 it surfaces', async () => {
    await manager.ensureToken(state);
    const decisions = await Promise.all([
      manager.onUnauthorized(state, 1, 'GET', '/x'),
      manager.onUnauthorized(state, 1, 'GET', '/x'),
    ]);
    expect(decisions).toEqual(['replay', 'replay']);
    expect(logins).toBe(2);
    manager.onReplayUnauthorized(state);
    expect(await manager.onUnauthorized(state, 2, 'GET', '/x')).toBe('surface');
    expect(logins).toBe(2);
  });

  it('rejects every call after close() and sends nothing', async () => {
    await manager.close();
    await expect(manager.ensureToken(state)).rejects.toThrow(/closed/i);
    expect(logins).toBe(0);
  });
});
