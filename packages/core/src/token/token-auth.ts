import { readBounded, type LoginPost } from '../http/transport.js';
import { MastersInvalidCredentialsError, MastersTokenError, type MastersError } from '../errors.js';
import { isTokenHeaderSafe } from '../http/header-values.js';
import { loginTransportError } from '../http/redirects.js';
import {
  decodeClaims,
  parseHttpDate,
  parseRetryAfterMs,
  tokenTiming,
  type LifetimeLimits,
} from '../lifetime.js';
import type { InternalLogger } from '../logger.js';
import type { Observer } from '../observe/observer.js';
import { observeExchange } from '../observe/token.js';
import type { Redactor } from '../redact.js';
import type { MastersClock, MastersEventName, MastersEvents } from '../types.js';

/** The documented token-auth path (https://docs.mastersindia.co/eway/authentication/access-tokens). */
export const TOKEN_AUTH_PATH = 'api/v1/token-auth/';

/** A token-auth/refresh answer is a few hundred bytes; anything past this is not read. */
export const MAX_AUTH_BODY_BYTES = 256 * 1024;

/** What a successful token-auth or refresh exchange yields. */
export interface TokenGrant {
  token: string;
  refreshToken: string | undefined;
  /** Lifetime used for the windows, ms (see `tokenTiming`). */
  lifetimeMs: number;
  /** Monotonic ms at which the request was sent (expiry counts from here). */
  sentAt: number;
  /** Epoch ms at which the request was sent (the store record's times). */
  sentWallMs: number;
}

/**
 * The outcome of one exchange: a grant, or the error to record with the delay the server asked
 * for (`Retry-After`, ms; only on a non-2xx answer other than a credential rejection).
 */
export type TokenAuthResult =
  | { ok: true; grant: TokenGrant }
  | { ok: false; error: MastersError; retryAfterMs: number | undefined };

/** Collaborators of {@link TokenAuth}. */
export interface TokenAuthDeps {
  /** Sends token-auth / refresh (one attempt, any status resolves). */
  loginPost: LoginPost;
  clock: MastersClock;
  settings: LifetimeLimits & { skewWarnMs: number };
  emit: <E extends MastersEventName>(event: E, payload: MastersEvents[E]) => void;
  log: InternalLogger;
  /** Span, channel, metrics and info line per exchange (ARCHITECTURE §12); absent = none. */
  observer?: Observer;
}

/** Who an exchange is for: its fingerprint names it in errors, its redactor learns the new tokens. */
export interface TokenAuthCaller {
  keyFingerprint: string;
  redactor: Redactor;
}

/**
 * The token-auth and refresh exchange (docs/ARCHITECTURE.md §3): one POST through the http layer's
 * {@link LoginPost}, a bounded body read, and the parsing of every documented answer
 * (https://docs.mastersindia.co/eway/authentication/access-tokens):
 * - 200 with a non-empty `token` (a JWT; `refresh_token`, `refresh token`, `refresh` or
 *   `refreshToken` when the host issues one): a {@link TokenGrant};
 * - 206 `{"error": "Unable to login with provided credential"}` (a 2xx!), 400 with per-field lists,
 *   401, 403: `MastersInvalidCredentialsError` (the 400's field lists as `fieldErrors`);
 * - any other status, a 2xx without a usable token, or a transport failure: `MastersTokenError`.
 * Never throws for an answer; reports a server clock skew beyond `skewWarnMs` once per instance.
 *
 * @example
 * ```ts
 * const auth = new TokenAuth({ loginPost, clock, settings, emit, log });
 * const result = await auth.exchange(TOKEN_AUTH_PATH, { username, password }, state);
 * if (!result.ok) backOff(result.error, result.retryAfterMs);
 * ```
 */
export class TokenAuth {
  readonly #deps: TokenAuthDeps;
  #isSkewReported = false;

  constructor(deps: TokenAuthDeps) {
    this.#deps = deps;
  }

  /**
   * POSTs `body` as JSON to `path` (relative to the base URL) and parses the answer.
   * @param caller - names the credential in errors; its redactor learns the tokens received
   */
  exchange(path: string, body: object, caller: TokenAuthCaller): Promise<TokenAuthResult> {
    const observer = this.#deps.observer;
    if (observer === undefined) return this.#exchange(path, body, caller);
    const kind = path === TOKEN_AUTH_PATH ? 'login' : 'refresh';
    return observeExchange(observer, kind, caller, () => this.#exchange(path, body, caller));
  }

  async #exchange(path: string, body: object, caller: TokenAuthCaller): Promise<TokenAuthResult> {
    const { clock } = this.#deps;
    const sentAt = clock.now();
    const sentWallMs = clock.wallNow();
    const keyFingerprint = caller.keyFingerprint;
    let response: Response;
    try {
      response = await this.#deps.loginPost(path, body);
    } catch (error) {
      return failed(loginTransportError(error, path, keyFingerprint));
    }
    const status = response.status;
    const text = await readBoundedText(response, MAX_AUTH_BODY_BYTES);
    if (status === 206 || status === 400 || status === 401 || status === 403) {
      // token-auth answers 206 {"error": "Unable to login with provided credential"} for bad
      // credentials (a 2xx!), 400 with per-field lists for missing fields
      // (https://docs.mastersindia.co/eway/authentication/access-tokens).
      return failed(
        new MastersInvalidCredentialsError({
          status,
          keyFingerprint,
          fieldErrors: status === 400 ? fieldErrors(text) : undefined,
        }),
      );
    }
    if (status < 200 || status > 299) {
      const error = new MastersTokenError({
        message: `Masters India ${path} answered HTTP ${status}`,
        status,
        keyFingerprint,
        cause: { status, method: 'POST', path: `/${path}` },
      });
      return failed(error, parseRetryAfterMs(response.headers.get('retry-after'), clock.wallNow()));
    }
    const unusable = (why: string): TokenAuthResult =>
      failed(
        new MastersTokenError({ message: `Masters India ${path} ${why}`, status, keyFingerprint }),
      );
    const parsed = parseJsonObject(text);
    const token = parsed?.token;
    if (typeof token !== 'string' || token === '') {
      return unusable(`answered HTTP ${status} without a token`);
    }
    caller.redactor.add(token);
    if (!isTokenHeaderSafe(token)) {
      return unusable(
        'returned an access token that cannot be sent in a header (a control, space or non-ASCII character)',
      );
    }
    const claims = decodeClaims(token);
    if (claims === undefined) return unusable('returned a token that is not a JWT');
    const serverNowMs = parseHttpDate(response.headers.get('date'));
    const timing = tokenTiming(claims, serverNowMs, this.#deps.settings);
    if (timing.isExpired) return unusable('returned an already expired token');
    if (!timing.hasExp) {
      this.#deps.log.warn('access token has no exp claim; assuming the documented 24 h lifetime', {
        keyFingerprint,
        lifetimeMs: timing.lifetimeMs,
      });
    }
    if (serverNowMs !== undefined) this.#checkSkew(serverNowMs, sentWallMs, keyFingerprint);
    const refresh =
      parsed?.refresh_token ?? parsed?.['refresh token'] ?? parsed?.refresh ?? parsed?.refreshToken;
    const refreshToken = typeof refresh === 'string' && refresh !== '' ? refresh : undefined;
    caller.redactor.add(refreshToken);
    return {
      ok: true,
      grant: { token, refreshToken, lifetimeMs: timing.lifetimeMs, sentAt, sentWallMs },
    };
  }

  #checkSkew(serverNowMs: number, sentWallMs: number, keyFingerprint: string): void {
    if (this.#isSkewReported) return;
    // The Date header has 1 s resolution; compare with the midpoint of the exchange.
    const ourMs = sentWallMs + (this.#deps.clock.wallNow() - sentWallMs) / 2;
    const skewMs = serverNowMs - ourMs;
    if (Math.abs(skewMs) <= this.#deps.settings.skewWarnMs) return;
    this.#isSkewReported = true;
    this.#deps.emit('skewDetected', { keyFingerprint, skewMs });
    this.#deps.log.warn('server clock differs from ours; expiry uses our monotonic clock', {
      keyFingerprint,
      skewMs: Math.round(skewMs),
    });
  }
}

function failed(error: MastersError, retryAfterMs?: number): TokenAuthResult {
  return { ok: false, error, retryAfterMs };
}

/**
 * Reads at most `maxBytes` of a body as text; a larger body is cancelled (its socket is not
 * drained) and yields `''`, so a 10 MB error page cannot exhaust memory. Read errors yield `''`.
 */
async function readBoundedText(response: Response, maxBytes: number): Promise<string> {
  try {
    return new TextDecoder().decode(await readBounded(response, maxBytes));
  } catch {
    return '';
  }
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function fieldErrors(text: string): Record<string, string[]> | undefined {
  const parsed = parseJsonObject(text);
  if (!parsed) return undefined;
  const out: Record<string, string[]> = {};
  for (const [field, value] of Object.entries(parsed)) {
    if (Array.isArray(value)) out[field] = value.map(String);
    else if (typeof value === 'string') out[field] = [value];
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
