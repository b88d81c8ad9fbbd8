import { createHash } from 'node:crypto';
import { Agent, request } from 'node:http';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { ALPHA, BETA, call, GAMMA, generateBody, login } from '../test/helpers.js';
import { startMockServer, type MockServer, type MockServerOptions } from './index.js';

const TOKEN_AUTH = '/api/v1/token-auth/';
const REFRESH = '/api/v2/api-token-refresh/';
const GSTIN_QUERY =
  '/api/v1/getEwayBillData/?action=GetGSTINDetails&userGstin=05AAAAA0000A1Z8&gstin=09BBBBB1111B1ZL';

let servers: MockServer[] = [];
async function start(options?: MockServerOptions): Promise<MockServer> {
  const mock = await startMockServer(options);
  servers.push(mock);
  return mock;
}
afterEach(async () => {
  await Promise.all(servers.map((mock) => mock.close()));
  servers = [];
});

describe('token-auth', () => {
  it('returns 200 {"token"} with a v1 HS256 JWT living 86400 s for a JSON login', async () => {
    const mock = await start();
    const res = await call(mock, 'POST', TOKEN_AUTH, {
      json: { username: ALPHA.username, password: ALPHA.password },
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['token']);
    expect(decodeProtectedHeader(res.body.token)).toEqual({ typ: 'JWT', alg: 'HS256' });
    const claims = decodeJwt(res.body.token);
    expect(Object.keys(claims).sort()).toEqual(['email', 'exp', 'orig_iat', 'user_id', 'username']);
    expect(claims).toMatchObject({ username: ALPHA.username, email: ALPHA.email });
    expect(typeof claims.user_id).toBe('number');
    expect(claims.exp! - (claims.orig_iat as number)).toBe(86_400);
    expect(Math.abs((claims.orig_iat as number) - Date.now() / 1000)).toBeLessThan(60);
    expect(mock.stats().logins).toBe(1);
  });

  it('accepts an application/x-www-form-urlencoded login with extra fields', async () => {
    const mock = await start();
    const body = new URLSearchParams({
      username: BETA.username,
      password: BETA.password,
      grant_type: 'password',
    });
    const res = await call(mock, 'POST', TOKEN_AUTH, { body });
    expect(res.status).toBe(200);
    expect(decodeJwt(res.body.token).username).toBe(BETA.username);
  });

  it('accepts a multipart/form-data login', async () => {
    const mock = await start();
    const form = new FormData();
    form.set('username', GAMMA.username);
    form.set('password', GAMMA.password);
    const res = await call(mock, 'POST', TOKEN_AUTH, { body: form });
    expect(res.status).toBe(200);
    expect(decodeJwt(res.body.token).username).toBe(GAMMA.username);
  });

  it('answers wrong credentials with HTTP 206 and the documented error', async () => {
    const mock = await start();
    const wrongPassword = await call(mock, 'POST', TOKEN_AUTH, {
      json: { username: ALPHA.username, password: 'wrong' },
    });
    const unknownUser = await call(mock, 'POST', TOKEN_AUTH, {
      json: { username: 'nobody@example.com', password: 'x' },
    });
    for (const res of [wrongPassword, unknownUser]) {
      expect(res.status).toBe(206);
      expect(res.body).toEqual({ error: 'Unable to login with provided credential' });
    }
    expect(mock.stats()).toMatchObject({ logins: 0, failedLogins: 2 });
    // failed attempts are attributed to the username they named
    expect(mock.requests().map((r) => [r.username, r.status])).toEqual([
      [ALPHA.username, 206],
      ['nobody@example.com', 206],
    ]);
  });

  it('answers missing fields with HTTP 400 and per-field lists', async () => {
    const mock = await start();
    const noUsername = await call(mock, 'POST', TOKEN_AUTH, { json: { password: 'x' } });
    expect(noUsername.status).toBe(400);
    expect(noUsername.body).toEqual({ username: ['missing field'] });
    const nothing = await call(mock, 'POST', TOKEN_AUTH, { json: {} });
    expect(nothing.status).toBe(400);
    expect(nothing.body).toEqual({ username: ['missing field'], password: ['missing field'] });
  });

  it('honours tokenLifetimeSec and moves JWT times and the Date header by clockOffsetMs', async () => {
    const offsetMs = 3 * 3_600_000;
    const mock = await start({ tokenLifetimeSec: 600, clockOffsetMs: offsetMs });
    const res = await call(mock, 'POST', TOKEN_AUTH, {
      json: { username: ALPHA.username, password: ALPHA.password },
    });
    const claims = decodeJwt(res.body.token);
    expect(claims.exp! - (claims.orig_iat as number)).toBe(600);
    const expectedSec = (Date.now() + offsetMs) / 1000;
    expect(Math.abs((claims.orig_iat as number) - expectedSec)).toBeLessThan(60);
    const serverDate = Date.parse(res.headers.get('date')!);
    expect(Math.abs(serverDate - (Date.now() + offsetMs))).toBeLessThan(60_000);
  });

  it('logs in anyone with acceptAnyUser and skips the GSTIN check', async () => {
    const mock = await start({ acceptAnyUser: true });
    const token = await login(mock, { username: 'tenant-17@example.com', password: 'whatever' });
    const res = await call(mock, 'GET', GSTIN_QUERY.replace('05AAAAA0000A1Z8', '29DDDDD3333D1ZP'), {
      token,
    });
    expect(res.status).toBe(200);
    expect(res.body.results.code).toBe(200);
  });
});

describe('authentication of API calls', () => {
  it('accepts Authorization: JWT <token> and records user and token generation', async () => {
    const mock = await start();
    const token = await login(mock);
    const res = await call(mock, 'GET', GSTIN_QUERY, { token });
    expect(res.status).toBe(200);
    expect(mock.requests().at(-1)).toMatchObject({
      method: 'GET',
      path: '/api/v1/getEwayBillData/',
      username: ALPHA.username,
      tokenGeneration: 1,
      status: 200,
    });
  });

  it('accepts an api_key header acting as its user and rejects unknown keys', async () => {
    const mock = await start({ apiKeys: [{ key: 'demo-key-alpha', username: ALPHA.username }] });
    const ok = await call(mock, 'GET', GSTIN_QUERY, { headers: { api_key: 'demo-key-alpha' } });
    expect(ok.status).toBe(200);
    expect(mock.requests().at(-1)).toMatchObject({ username: ALPHA.username, status: 200 });
    expect(mock.requests().at(-1)!.tokenGeneration).toBeUndefined();
    const bad = await call(mock, 'GET', GSTIN_QUERY, { headers: { api_key: 'nope' } });
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ detail: 'Invalid API key.' });
  });

  it('answers 401 {"detail"} for missing, Bearer, empty, spaced and garbage credentials', async () => {
    const mock = await start();
    const token = await login(mock);
    const cases: [Record<string, string>, string][] = [
      [{}, 'Authentication credentials were not provided.'],
      [{ authorization: `Bearer ${token}` }, 'Authentication credentials were not provided.'],
      [{ authorization: 'JWT' }, 'Invalid Authorization header. No credentials provided.'],
      [
        { authorization: `JWT ${token} extra` },
        'Invalid Authorization header. Credentials string should not contain spaces.',
      ],
      [{ authorization: 'JWT not.a.token' }, 'Error decoding signature.'],
      [{ authorization: `JWT ${token.slice(0, -2)}xx` }, 'Error decoding signature.'],
    ];
    for (const [headers, detail] of cases) {
      const res = await call(mock, 'GET', GSTIN_QUERY, { headers });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ detail });
    }
    expect(mock.stats().unauthorized).toBe(cases.length);
  });

  it('rejects revoked tokens after revokeTokens(username) and leaves other users alone', async () => {
    const mock = await start();
    const alphaOld = await login(mock, ALPHA);
    const beta = await login(mock, BETA);
    mock.revokeTokens(ALPHA.username);
    const revoked = await call(mock, 'GET', GSTIN_QUERY, { token: alphaOld });
    expect(revoked.status).toBe(401);
    expect(revoked.body).toEqual({ detail: 'Error decoding signature.' });
    const betaQuery = GSTIN_QUERY.replace('userGstin=05AAAAA0000A1Z8', 'userGstin=09BBBBB1111B1ZL');
    expect((await call(mock, 'GET', betaQuery, { token: beta })).status).toBe(200);
    const alphaNew = await login(mock, ALPHA);
    expect(alphaNew).not.toBe(alphaOld);
    expect((await call(mock, 'GET', GSTIN_QUERY, { token: alphaNew })).status).toBe(200);
    const generations = mock
      .requests()
      .filter(
        (entry) => entry.path === '/api/v1/getEwayBillData/' && entry.username === ALPHA.username,
      )
      .map((entry) => [entry.tokenGeneration, entry.status]);
    expect(generations).toEqual([
      [1, 401],
      [2, 200],
    ]);
  });

  it('gives identical token strings from one second the same generation', async () => {
    const mock = await start();
    const first = await login(mock);
    const second = await login(mock);
    await call(mock, 'GET', GSTIN_QUERY, { token: second });
    const expected = first === second ? 1 : 2;
    expect(mock.requests().at(-1)!.tokenGeneration).toBe(expected);
  });

  it('rejects expired access and refresh tokens (401 "Signature has expired.", refresh 400)', async () => {
    const mock = await start({ tokenLifetimeSec: 1, refreshLifetimeSec: 1, refreshPath: REFRESH });
    const res = await call(mock, 'POST', TOKEN_AUTH, {
      json: { username: ALPHA.username, password: ALPHA.password },
    });
    const expSec = decodeJwt(res.body.token).exp!;
    // The only wait in this suite: real expiry on the server's clock (at most ~2 s).
    while (Date.now() < expSec * 1000 + 50)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const expired = await call(mock, 'GET', GSTIN_QUERY, { token: res.body.token });
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ detail: 'Signature has expired.' });
    const refreshed = await call(mock, 'POST', REFRESH, {
      json: { token: res.body.refresh_token },
    });
    expect(refreshed.status).toBe(400);
    expect(refreshed.body).toEqual({ error: 'Refresh token has expired' });
  });
});

describe('refresh endpoint', () => {
  it('is off by default: no refresh_token and the v2 path is 404', async () => {
    const mock = await start();
    const res = await call(mock, 'POST', TOKEN_AUTH, {
      json: { username: ALPHA.username, password: ALPHA.password },
    });
    expect(res.body.refresh_token).toBeUndefined();
    expect((await call(mock, 'POST', REFRESH, { json: { token: 'x' } })).status).toBe(404);
  });

  it('rotates the pair: the new tokens work, the old access and refresh tokens stop working', async () => {
    const mock = await start({ refreshPath: REFRESH });
    const first = await call(mock, 'POST', TOKEN_AUTH, {
      json: { username: ALPHA.username, password: ALPHA.password },
    });
    expect(Object.keys(first.body).sort()).toEqual(['refresh_token', 'token']);
    const refreshed = await call(mock, 'POST', REFRESH, {
      json: { token: first.body.refresh_token },
    });
    expect(refreshed.status).toBe(200);
    expect(Object.keys(refreshed.body).sort()).toEqual(['refresh_token', 'token']);
    expect(refreshed.body.refresh_token).not.toBe(first.body.refresh_token);
    // Refresh mode issues the documented v2 pair
    // (https://masters-india-1.gitbook.io/ksa-e-invoicing-api/authentication/access-tokens).
    const claims = decodeJwt(refreshed.body.token);
    const refreshClaims = decodeJwt(refreshed.body.refresh_token);
    expect(Object.keys(claims).sort()).toEqual([
      'email',
      'exp',
      'jti',
      'refresh_jti',
      'token_type',
      'user_id',
      'username',
    ]);
    expect(claims).toMatchObject({ token_type: 'access', refresh_jti: refreshClaims.jti });
    expect(claims.jti).toMatch(/^[0-9a-f]{32}$/);
    expect(refreshClaims).toMatchObject({ token_type: 'refresh', username: ALPHA.username });
    expect(refreshClaims.jti).toMatch(/^[0-9a-f]{32}$/);
    expect(refreshClaims.exp! - claims.exp!).toBe(2_592_000 - 86_400);
    const firstClaims = decodeJwt(first.body.token);
    expect(firstClaims.refresh_jti).toBe(decodeJwt(first.body.refresh_token).jti);

    expect((await call(mock, 'GET', GSTIN_QUERY, { token: refreshed.body.token })).status).toBe(
      200,
    );
    if (refreshed.body.token !== first.body.token) {
      const old = await call(mock, 'GET', GSTIN_QUERY, { token: first.body.token });
      expect(old.status).toBe(401);
    }
    const reuse = await call(mock, 'POST', REFRESH, { json: { token: first.body.refresh_token } });
    expect(reuse.status).toBe(206);
    expect(reuse.body).toEqual({ error: 'Invalid refresh token' });
    expect(mock.stats()).toMatchObject({ logins: 1, refreshes: 1 });
    expect(mock.requests().at(-2)!.tokenGeneration).toBeGreaterThanOrEqual(1);
  });

  it('answers 206 for a garbage or access token and 400 for a missing one', async () => {
    const mock = await start({ refreshPath: REFRESH });
    const access = await login(mock);
    for (const token of ['garbage', access]) {
      const res = await call(mock, 'POST', REFRESH, { json: { token } });
      expect(res.status).toBe(206);
    }
    const missing = await call(mock, 'POST', REFRESH, { json: {} });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ token: ['missing field'] });
  });
});

describe('bad input', () => {
  it('answers invalid JSON, wrong content type, oversized body, unknown path and wrong method with 4xx JSON', async () => {
    const mock = await start({ maxBodyBytes: 1024 });
    const token = await login(mock);
    const generate = '/api/v1/ewayBillsGenerate/';

    const invalid = await call(mock, 'POST', generate, {
      token,
      body: '{"userGstin": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.detail).toMatch(/^JSON parse error/);

    const text = await call(mock, 'POST', generate, {
      token,
      body: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    expect(text.body.detail).toMatch(/Unsupported media type "text\/plain"/);

    const loginText = await call(mock, 'POST', TOKEN_AUTH, {
      body: 'username=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(loginText.status).toBe(415);

    const large = await call(mock, 'POST', generate, { token, json: { pad: 'x'.repeat(2048) } });
    expect(large.status).toBe(413);
    expect(large.body).toEqual({ detail: 'Request body too large: the limit is 1024 bytes.' });

    const unknown = await call(mock, 'GET', '/api/v1/nope/', { token });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ detail: 'Not found.' });

    const wrongMethod = await call(mock, 'GET', TOKEN_AUTH);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.body).toEqual({ detail: 'Method "GET" not allowed.' });
    expect(wrongMethod.headers.get('allow')).toBe('POST');

    const action = await call(mock, 'GET', '/api/v1/getEwayBillData/?action=Nope', { token });
    // Unknown action: the documented "Invalid Action" text in the 204 `results` envelope
    // (https://docs.mastersindia.co/eway/generate-e-way-bill-in-bulk).
    expect(action.status).toBe(200);
    expect(action.body).toEqual({
      results: { message: 'Invalid Action', status: 'No Content', code: 204, nic_code: '' },
    });

    // Still serving after all of that.
    expect((await call(mock, 'GET', GSTIN_QUERY, { token })).status).toBe(200);
  });
});

describe('faults', () => {
  it('answers with the injected status, body and headers for `times` requests, then behaves normally', async () => {
    const mock = await start();
    const token = await login(mock);
    mock.fault({
      path: '/api/v1/getEwayBillData/',
      times: 2,
      status: 503,
      body: { detail: 'maintenance' },
      headers: { 'retry-after': '1' },
    });
    for (let i = 0; i < 2; i++) {
      const res = await call(mock, 'GET', GSTIN_QUERY, { token });
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ detail: 'maintenance' });
      expect(res.headers.get('retry-after')).toBe('1');
    }
    expect((await call(mock, 'GET', GSTIN_QUERY, { token })).status).toBe(200);
    expect(mock.stats().byPath['/api/v1/getEwayBillData/']).toBe(3);
  });

  it('applies to token-auth, matches the method, sends HTML strings and can be removed', async () => {
    const mock = await start();
    const handle = mock.fault({
      path: TOKEN_AUTH,
      method: 'post',
      status: 504,
      body: '<html>Gateway Timeout</html>',
    });
    const res = await call(mock, 'POST', TOKEN_AUTH, {
      json: { username: ALPHA.username, password: ALPHA.password },
    });
    expect(res.status).toBe(504);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.body).toBe('<html>Gateway Timeout</html>');
    handle.remove();
    await login(mock);
    expect(mock.stats()).toMatchObject({ logins: 1, failedLogins: 0 });
    expect(mock.stats().byPath[TOKEN_AUTH]).toBe(2);
  });

  it('delays and then handles normally when only delayMs is set', async () => {
    const mock = await start();
    mock.fault({ path: TOKEN_AUTH, delayMs: 50, times: 1 });
    const startedAt = performance.now();
    await login(mock);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(45);
  });

  it('drops the connection with dropConnection', async () => {
    const mock = await start();
    mock.fault({ path: TOKEN_AUTH, dropConnection: true, times: 1 });
    await expect(login(mock)).rejects.toThrow();
    expect(mock.requests().at(-1)).toMatchObject({ path: TOKEN_AUTH, status: 0 });
    await expect(login(mock)).resolves.toEqual(expect.any(String));
  });

  it('rejects a fault without an absolute path', async () => {
    const mock = await start();
    expect(() => mock.fault({ path: 'api/v1/token-auth/' })).toThrow(TypeError);
  });
});

describe('stats, requests and reset', () => {
  it('counts every request and records body hashes, then forgets everything on reset()', async () => {
    const mock = await start();
    const token = await login(mock);
    const body = generateBody();
    await call(mock, 'POST', '/api/v1/ewayBillsGenerate/', { token, json: body });
    await call(mock, 'GET', GSTIN_QUERY);
    expect(mock.stats()).toEqual({
      logins: 1,
      failedLogins: 0,
      refreshes: 0,
      unauthorized: 1,
      apiCalls: 2,
      byPath: { [TOKEN_AUTH]: 1, '/api/v1/ewayBillsGenerate/': 1, '/api/v1/getEwayBillData/': 1 },
    });
    const generate = mock.requests()[1]!;
    expect(generate.bodySha256).toBe(
      createHash('sha256').update(JSON.stringify(body)).digest('hex'),
    );
    expect(generate.at).toBeGreaterThan(0);
    expect(mock.requests()[0]).toMatchObject({
      path: TOKEN_AUTH,
      username: ALPHA.username,
      status: 200,
    });

    mock.fault({ path: TOKEN_AUTH, status: 500 });
    mock.reset();
    expect(mock.stats()).toEqual({
      logins: 0,
      failedLogins: 0,
      refreshes: 0,
      unauthorized: 0,
      apiCalls: 0,
      byPath: {},
    });
    expect(mock.requests()).toEqual([]);
    // Faults are gone and old tokens are forgotten.
    expect((await call(mock, 'GET', GSTIN_QUERY, { token })).status).toBe(401);
    expect(await login(mock)).toEqual(expect.any(String));
  });

  it('closes idle keep-alive connections on close()', async () => {
    const mock = await startMockServer();
    const agent = new Agent({ keepAlive: true });
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${mock.url}/api/v1/nope/`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(404);
    const idleSockets = Object.values(agent.freeSockets).flat();
    expect(idleSockets.length).toBe(1);
    const closed = new Promise<void>((resolve) => idleSockets[0]!.once('close', () => resolve()));
    await mock.close();
    await closed;
    agent.destroy();
  });
});
