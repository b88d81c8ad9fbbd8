import { decodeJwt, type JWTPayload } from 'jose';

/**
 * Pure time arithmetic of the token lifecycle: lifetime from the JWT claims, the soft/hard
 * windows, the 401 guard, backoff delays and `Retry-After`. No I/O, no clock reads: every function
 * takes the times it needs, so the engine can run on an injected clock.
 *
 * The v1 token-auth JWT carries `exp` and `orig_iat` (epoch seconds, 24 h apart), see
 * https://docs.mastersindia.co/eway/authentication/access-tokens and docs/ARCHITECTURE.md §13.
 */

/** What the engine learns from a login/refresh answer's access token. */
export interface TokenTiming {
  /** Lifetime used for the windows, in ms (capped at `maxLifetimeMs`). */
  lifetimeMs: number;
  /** `false` when the JWT had no `exp` and `defaultLifetimeMs` was used (the engine logs a warning). */
  hasExp: boolean;
  /** `true` when `exp` is not later than the server's own time (the token is useless). */
  isExpired: boolean;
}

/** Limits applied by {@link tokenTiming}. */
export interface LifetimeLimits {
  defaultLifetimeMs: number;
  maxLifetimeMs: number;
}

/** Decodes a JWT payload without verifying it (clients cannot verify HS256). `undefined` when it is not a JWT. */
export function decodeClaims(token: string): JWTPayload | undefined {
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}

function seconds(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * Parses an HTTP `Date` header to epoch ms.
 * @returns `undefined` when absent or unparsable.
 */
export function parseHttpDate(header: string | null | undefined): number | undefined {
  if (!header) return undefined;
  const ms = Date.parse(header);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Lifetime of an access token from its claims: `exp - orig_iat`, else `exp - iat`, else
 * `exp - serverNow` (the response `Date` header); no `exp` → `defaultLifetimeMs`. Expiry is judged
 * against the server's time (`serverNowMs`, else `orig_iat`/`iat`), never against our clock.
 *
 * @param claims - decoded JWT payload
 * @param serverNowMs - the server's time from the response `Date` header (epoch ms), if any
 */
export function tokenTiming(
  claims: JWTPayload,
  serverNowMs: number | undefined,
  limits: LifetimeLimits,
): TokenTiming {
  const exp = seconds(claims.exp);
  const origIat = seconds((claims as { orig_iat?: unknown }).orig_iat);
  const iat = seconds(claims.iat);
  if (exp === undefined) {
    return {
      lifetimeMs: Math.min(limits.defaultLifetimeMs, limits.maxLifetimeMs),
      hasExp: false,
      isExpired: false,
    };
  }
  const expMs = exp * 1000;
  const issuedMs =
    origIat !== undefined ? origIat * 1000 : iat !== undefined ? iat * 1000 : undefined;
  const serverTime = serverNowMs ?? issuedMs;
  const isExpired = serverTime !== undefined && expMs <= serverTime;
  let lifetimeMs: number;
  if (issuedMs !== undefined) lifetimeMs = expMs - issuedMs;
  else if (serverNowMs !== undefined) lifetimeMs = expMs - serverNowMs;
  else lifetimeMs = limits.defaultLifetimeMs;
  if (!(lifetimeMs > 0)) return { lifetimeMs: 0, hasExp: true, isExpired: true };
  return { lifetimeMs: Math.min(lifetimeMs, limits.maxLifetimeMs), hasExp: true, isExpired };
}

/** Soft window: remaining time at or below which one background renewal starts (`min(softWindowMs, 50% of lifetime)`). */
export function softWindowMs(lifetimeMs: number, softWindowOptionMs: number): number {
  return Math.min(softWindowOptionMs, lifetimeMs * 0.5);
}

/** Hard window: remaining time at or below which callers wait for the renewal (`min(hardWindowMs, 10% of lifetime)`). */
export function hardWindowMs(lifetimeMs: number, hardWindowOptionMs: number): number {
  return Math.min(hardWindowOptionMs, lifetimeMs * 0.1);
}

/** How long 401s surface without renewal after a replay also got 401 (`min(unauthorizedGuardMs, 10% of lifetime)`). */
export function unauthorizedGuardMs(lifetimeMs: number, guardOptionMs: number): number {
  return Math.min(guardOptionMs, lifetimeMs * 0.1);
}

/**
 * Backoff before the next login attempt after `failures` consecutive failures (1-based):
 * `base × 2^(failures-1)` capped at `cap`, drawn in [50%, 100%] of that nominal delay.
 * @param random - a number in [0, 1) (injectable for tests)
 */
export function backoffDelayMs(
  failures: number,
  baseMs: number,
  capMs: number,
  random: number = Math.random(),
): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const nominal = Math.min(capMs, baseMs * 2 ** exponent);
  return nominal * (0.5 + 0.5 * random);
}

/**
 * Parses `Retry-After` (delta seconds or an HTTP date) to ms from now.
 * @param wallNowMs - our epoch time, only used for the HTTP-date form
 * @returns `undefined` when absent or unparsable; never negative.
 */
export function parseRetryAfterMs(
  header: string | null | undefined,
  wallNowMs: number,
): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.max(0, Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isFinite(date) ? Math.max(0, date - wallNowMs) : undefined;
}

/** Largest delay `setTimeout` accepts (2^31-1 ms); longer timers fire immediately in Node. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Clamps a timer delay to [0, 2^31-1] ms. */
export function clampTimerMs(ms: number): number {
  if (!(ms > 0)) return 0;
  return Math.min(ms, MAX_TIMER_MS);
}
