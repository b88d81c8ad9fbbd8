import type { ServerResponse } from 'node:http';
import { parseFormOrJsonBody } from './body.js';
import type { RequestContext, Responder } from './http.js';
import type { StatsRecorder } from './stats.js';
import type { TokenAuthority } from './tokens.js';
import type { MockUser } from './types.js';

/** What the token-auth and refresh handlers need from the server. */
export interface TokenAuthDeps {
  http: Responder;
  tokens: TokenAuthority;
  stats: StatsRecorder;
  users: ReadonlyMap<string, MockUser>;
  acceptAnyUser: boolean;
  tokenLifetimeSec: number;
  /** Refresh-token lifetime when the refresh endpoint is enabled, else undefined. */
  refreshLifetimeSec: number | undefined;
  serverNowMs(): number;
}

/**
 * `POST /api/v1/token-auth/` (https://docs.mastersindia.co/eway/authentication/access-tokens): 200
 * `{token}`, 206 bad credentials, 400 missing field.
 */
export async function login(
  deps: TokenAuthDeps,
  ctx: RequestContext,
  res: ServerResponse,
  body: Buffer,
  contentType: string | undefined,
): Promise<void> {
  const { http, stats } = deps;
  const parsed = await parseFormOrJsonBody(body, contentType);
  if (!parsed.ok) return http.sendJson(res, ctx, parsed.status, { detail: parsed.detail });
  const { username, password } = parsed.fields;
  const missing: Record<string, string[]> = {};
  if (typeof username !== 'string' || username === '') missing.username = ['missing field'];
  if (typeof password !== 'string' || password === '') missing.password = ['missing field'];
  if (typeof username !== 'string' || typeof password !== 'string' || !username || !password) {
    stats.failedLogins += 1;
    return http.sendJson(res, ctx, 400, missing);
  }
  const user = deps.users.get(username);
  // Attribute the attempt to the username it named, so tests can tell whose login failed.
  ctx.username = username;
  if (!deps.acceptAnyUser && (user === undefined || user.password !== password)) {
    // The API answers bad credentials with HTTP 206, a 2xx code
    // (https://docs.mastersindia.co/eway/authentication/access-tokens).
    stats.failedLogins += 1;
    return http.sendJson(res, ctx, 206, { error: 'Unable to login with provided credential' });
  }
  const issued = await deps.tokens.issue(
    username,
    user?.email ?? username,
    Math.floor(deps.serverNowMs() / 1000),
    deps.tokenLifetimeSec,
    deps.refreshLifetimeSec,
  );
  stats.logins += 1;
  http.sendJson(res, ctx, 200, {
    token: issued.token,
    ...(issued.refreshToken !== undefined ? { refresh_token: issued.refreshToken } : {}),
  });
}

/**
 * The optional refresh endpoint
 * (https://masters-india-1.gitbook.io/ksa-e-invoicing-api/authentication/access-tokens): rotation,
 * 206 wrong token, 400 expired.
 */
export async function refresh(
  deps: TokenAuthDeps,
  ctx: RequestContext,
  res: ServerResponse,
  body: Buffer,
  contentType: string | undefined,
): Promise<void> {
  const { http } = deps;
  const parsed = await parseFormOrJsonBody(body, contentType);
  if (!parsed.ok) return http.sendJson(res, ctx, parsed.status, { detail: parsed.detail });
  const presented = parsed.fields.token;
  if (typeof presented !== 'string' || presented === '') {
    return http.sendJson(res, ctx, 400, { token: ['missing field'] });
  }
  const nowSec = Math.floor(deps.serverNowMs() / 1000);
  const check = deps.tokens.check(presented, 'refresh', nowSec);
  if (!check.ok) {
    // Documented for the refresh API: 206 for a wrong token, 400 for an expired one
    // (https://masters-india-1.gitbook.io/ksa-e-invoicing-api/authentication/access-tokens).
    return check.reason === 'expired'
      ? http.sendJson(res, ctx, 400, { error: 'Refresh token has expired' })
      : http.sendJson(res, ctx, 206, { error: 'Invalid refresh token' });
  }
  const username = check.token.username;
  deps.tokens.retire(presented);
  const issued = await deps.tokens.issue(
    username,
    deps.users.get(username)?.email ?? username,
    nowSec,
    deps.tokenLifetimeSec,
    deps.refreshLifetimeSec,
  );
  deps.stats.refreshes += 1;
  ctx.username = username;
  http.sendJson(res, ctx, 200, { token: issued.token, refresh_token: issued.refreshToken });
}
