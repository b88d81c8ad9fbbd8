import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MastersInvalidCredentialsError, MastersTokenError } from '../errors.js';
import type { InternalLogger } from '../logger.js';
import { Redactor } from '../redact.js';
import type { MastersEventName } from '../types.js';
import {
  MAX_AUTH_BODY_BYTES,
  TOKEN_AUTH_PATH,
  TokenAuth,
  type TokenAuthDeps,
  type TokenAuthResult,
} from './token-auth.js';

interface Answer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

let answer: Answer;
let requests: { path: string | undefined; body: string }[];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      requests.push({ path: req.url, body });
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let clock: { monoMs: number; wallMs: number; now(): number; wallNow(): number };
let events: { event: MastersEventName; payload: unknown }[];
let warnings: string[];

beforeEach(() => {
  requests = [];
  events = [];
  warnings = [];
  // The server's Date header is real time: our wall clock starts there (1 s resolution).
  const wallMs = Math.floor(Date.now() / 1000) * 1000;
  clock = {
    monoMs: 1_000,
    wallMs,
    now() {
      return this.monoMs;
    },
    wallNow() {
      return this.wallMs;
    },
  };
});

const log: InternalLogger = {
  debug() {},
  info() {},
  warn: (message) => warnings.push(message),
  error() {},
};

function tokenAuth(loginPost?: TokenAuthDeps['loginPost']): TokenAuth {
  return new TokenAuth({
    loginPost:
      loginPost ??
      ((path, body) =>
        fetch(baseUrl + path, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })),
    clock,
    settings: { defaultLifetimeMs: 86_400_000, maxLifetimeMs: 86_400_000 * 7, skewWarnMs: 30_000 },
    emit: (event, payload) => events.push({ event, payload }),
    log,
  });
}

const KEY = new TextEncoder().encode('token-auth-unit-test-key-0123456789');
async function jwt(claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(KEY);
}
const wallSec = (): number => Math.floor(clock.wallMs / 1000);

async function exchange(auth = tokenAuth(), path = TOKEN_AUTH_PATH): Promise<TokenAuthResult> {
  const caller = { keyFingerprint: 'fp-unit', redactor: new Redactor(['hunter2']) };
  return auth.exchange(path, { username: 'u', password: 'hunter2' }, caller);
}

function failure(result: TokenAuthResult): Extract<TokenAuthResult, { ok: false }> {
  if (result.ok) throw new Error('expected a failed exchange');
  return result;
}

describe('TokenAuth', () => {
  it('posts the credentials as JSON to the path and returns a grant with its timing', async () => {
    const token = await jwt({ orig_iat: wallSec(), exp: wallSec() + 3_600 });
    answer = { status: 200, body: JSON.stringify({ token }) };
    const result = await exchange();
    expect(requests).toEqual([
      { path: `/${TOKEN_AUTH_PATH}`, body: '{"username":"u","password":"hunter2"}' },
    ]);
    expect(result).toEqual({
      ok: true,
      grant: {
        token,
        refreshToken: undefined,
        lifetimeMs: 3_600_000,
        sentAt: 1_000,
        sentWallMs: clock.wallMs,
      },
    });
  });

  it.each(['refresh_token', 'refresh token', 'refresh', 'refreshToken'])(
    'reads the refresh token from `%s`',
    async (field) => {
      const token = await jwt({ orig_iat: wallSec(), exp: wallSec() + 3_600 });
      answer = { status: 200, body: JSON.stringify({ token, [field]: 'r-123' }) };
      const result = await exchange();
      expect(result.ok && result.grant.refreshToken).toBe('r-123');
    },
  );

  it('treats 206 "Unable to login with provided credential" as bad credentials, a 2xx notwithstanding', async () => {
    answer = { status: 206, body: '{"error": "Unable to login with provided credential"}' };
    const { error, retryAfterMs } = failure(await exchange());
    expect(error).toBeInstanceOf(MastersInvalidCredentialsError);
    expect((error as MastersInvalidCredentialsError).status).toBe(206);
    expect(retryAfterMs).toBeUndefined();
  });

  it('gives the field lists of a 400 as fieldErrors', async () => {
    answer = { status: 400, body: '{"password": ["This field is required."], "username": "bad"}' };
    const { error } = failure(await exchange());
    expect(error).toBeInstanceOf(MastersInvalidCredentialsError);
    expect((error as MastersInvalidCredentialsError).fieldErrors).toEqual({
      password: ['This field is required.'],
      username: ['bad'],
    });
  });

  it.each([401, 403])('treats %i as bad credentials, ignoring its Retry-After', async (status) => {
    answer = { status, body: '{}', headers: { 'retry-after': '5' } };
    const { error, retryAfterMs } = failure(await exchange());
    expect(error).toBeInstanceOf(MastersInvalidCredentialsError);
    expect(retryAfterMs).toBeUndefined();
  });

  it('carries Retry-After in seconds on a 503 as retryAfterMs', async () => {
    answer = { status: 503, body: 'busy', headers: { 'retry-after': '7' } };
    const { error, retryAfterMs } = failure(await exchange());
    expect(error).toBeInstanceOf(MastersTokenError);
    expect(error.message).toMatch(/answered HTTP 503/);
    expect(retryAfterMs).toBe(7_000);
    expect(Object.getOwnPropertySymbols(error)).toEqual([]);
  });

  it('carries Retry-After as an HTTP date on a 429, measured from our wall clock', async () => {
    const at = new Date(clock.wallMs + 12_000).toUTCString();
    answer = { status: 429, body: '', headers: { 'retry-after': at } };
    expect(failure(await exchange()).retryAfterMs).toBe(12_000);
  });

  it.each<[string, Answer, RegExp]>([
    ['an empty 200', { status: 200, body: '' }, /HTTP 200 without a token/],
    ['a 200 with an empty token', { status: 200, body: '{"token": ""}' }, /without a token/],
    ['a 200 with a JSON array', { status: 200, body: '[]' }, /without a token/],
    ['a token that is not a JWT', { status: 200, body: '{"token": "abc"}' }, /not a JWT/],
    [
      'a token with a space',
      { status: 200, body: '{"token": "a b.c"}' },
      /cannot be sent in a header/,
    ],
  ])('rejects %s as MastersTokenError without a Retry-After', async (_name, given, what) => {
    answer = given;
    const { error, retryAfterMs } = failure(await exchange());
    expect(error).toBeInstanceOf(MastersTokenError);
    expect(error.message).toMatch(what);
    expect(retryAfterMs).toBeUndefined();
  });

  it('rejects a token that expired by the server clock', async () => {
    const token = await jwt({ orig_iat: wallSec() - 7_200, exp: wallSec() - 3_600 });
    answer = { status: 200, body: JSON.stringify({ token }) };
    expect(failure(await exchange()).error.message).toMatch(/already expired token/);
  });

  it('does not read a body past MAX_AUTH_BODY_BYTES', async () => {
    const token = await jwt({ orig_iat: wallSec(), exp: wallSec() + 3_600 });
    const padding = 'x'.repeat(MAX_AUTH_BODY_BYTES);
    answer = { status: 200, body: JSON.stringify({ token, padding }) };
    expect(failure(await exchange()).error.message).toMatch(/without a token/);
  });

  it('maps a transport failure to MastersTokenError naming the path', async () => {
    const auth = tokenAuth(() => Promise.reject(new TypeError('fetch failed')));
    const { error } = failure(await exchange(auth));
    expect(error).toBeInstanceOf(MastersTokenError);
    expect(error.message).toMatch(/token-auth\/ failed: network error/);
  });

  it('warns about a token without exp and assumes the default lifetime', async () => {
    answer = { status: 200, body: JSON.stringify({ token: await jwt({ sub: 'x' }) }) };
    const result = await exchange();
    expect(result.ok && result.grant.lifetimeMs).toBe(86_400_000);
    expect(warnings).toEqual([expect.stringMatching(/no exp claim/)]);
  });

  it('reports a server clock skew beyond skewWarnMs once per instance', async () => {
    const token = await jwt({ orig_iat: wallSec(), exp: wallSec() + 3_600 });
    const date = new Date(clock.wallMs + 60_000).toUTCString();
    answer = { status: 200, body: JSON.stringify({ token }), headers: { date } };
    const auth = tokenAuth();
    await exchange(auth);
    await exchange(auth);
    expect(events.map((e) => e.event)).toEqual(['skewDetected']);
  });

  it('does not report a skew within skewWarnMs', async () => {
    const token = await jwt({ orig_iat: wallSec(), exp: wallSec() + 3_600 });
    const date = new Date(clock.wallMs + 20_000).toUTCString();
    answer = { status: 200, body: JSON.stringify({ token }), headers: { date } };
    await exchange();
    expect(events).toEqual([]);
  });

  it('teaches the caller redactor the tokens it received', async () => {
    const token = await jwt({ orig_iat: wallSec(), exp: wallSec() + 3_600 });
    answer = { status: 200, body: JSON.stringify({ token, refresh_token: 'r-secret-1' }) };
    const redactor = new Redactor([]);
    await tokenAuth().exchange(TOKEN_AUTH_PATH, {}, { keyFingerprint: 'fp', redactor });
    expect(redactor.redact(`a ${token} b r-secret-1`)).not.toMatch(/r-secret-1|eyJ/);
  });
});
