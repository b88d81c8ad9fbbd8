import { MastersError, scrubError } from '../errors.js';
import type { Redactor } from '../redact.js';
import { networkError, noop, pathOf, timeoutError } from './attempt-errors.js';
import {
  TIMEOUT_OPTION,
  WAIT_SIGNAL_OPTION,
  WHOLE_BODY_OPTION,
  type TimedInit,
} from './call-options.js';
import {
  LoginRedirectError,
  MAX_REDIRECTS,
  REDIRECT_STATUSES,
  mayFollow,
  originOf,
  redirectTarget,
  refusedRedirect,
} from './redirects.js';
import { AttemptTimer, timeBody } from './timed-body.js';

/**
 * The transport (docs/ARCHITECTURE.md §7, step 5): sends one HTTP attempt with one time limit for
 * the headers and the body, applies the redirect rules of `./redirects.ts` and maps network errors
 * and timeouts to `MastersHttpError`. It knows no token: the auth layer (`./auth.ts`) stamps the
 * request before and may re-stamp a redirect hop through {@link AttemptSettings.restamp}.
 */

/**
 * The redactor of the credential a request carries, set by the auth hook: a network error of the
 * attempt (a custom fetch's error may quote the request's `api_key` header) is scrubbed with it.
 * A symbol, so nothing leaks into headers or logs.
 */
export const ATTEMPT_REDACTOR = Symbol('mastersfetch.redactor');

/** A request as the transport receives it from ky (or from a 401 replay). */
export interface AttemptRequest extends Request {
  [ATTEMPT_REDACTOR]?: Redactor;
}

/** Sends one attempt: `request` with ky's init (`init` may carry our call options). */
export type AttemptFetch = (
  request: AttemptRequest,
  init: TimedInit | undefined,
) => Promise<Response>;

/** What {@link createAttemptFetch} needs. */
export interface AttemptSettings {
  /** The real fetch (`globalThis.fetch` or the caller's `fetch` option). */
  fetch: typeof globalThis.fetch;
  /** Default time limit of one attempt, headers and body (ms); a call's ky `timeout` overrides it. */
  timeoutMs: number;
  /** Sets the credential again on the headers of a followed same-origin redirect hop. */
  restamp?: (request: Request, headers: Headers) => void;
}

/**
 * A fetch that bounds each HTTP attempt by `timeoutMs` (or the call's own ky `timeout`) and turns
 * timeouts and network failures into `MastersHttpError` (`status: undefined`,
 * `code: 'ETIMEDOUT' | 'ECONNRESET' | ...`), so ky's `TimeoutError` (which holds the request)
 * never escapes. A caller's own abort is rethrown as is. The time limit covers the headers, the
 * same-origin redirects and the body (see `./timed-body.ts`).
 */
export function createAttemptFetch(settings: AttemptSettings): AttemptFetch {
  const { fetch: baseFetch, timeoutMs, restamp } = settings;
  return async (input, init) => {
    const method = input.method;
    const attempt = new AttemptTimer(
      init?.[TIMEOUT_OPTION] ?? timeoutMs,
      method,
      input.url,
      init?.[WHOLE_BODY_OPTION] === true,
    );
    // Follow the caller's signal with a listener removed when the headers arrive, not with
    // AbortSignal.any(), which on Node 20 keeps every combined signal alive as long as a
    // long-lived caller signal.
    const outer = init?.signal ?? input.signal;
    attempt.follow(outer);
    const signal = attempt.controller.signal;
    let response: Response;
    try {
      response = await sendFollowingRedirects(baseFetch, input, init, signal, restamp);
    } catch (error) {
      attempt.end();
      if (outer?.aborted) throw error;
      if (error instanceof MastersError) throw error;
      const path = pathOf(input.url);
      if (signal.aborted) throw timeoutError(method, path, attempt.limitMs, 'headers');
      throw scrubError(networkError(method, path, error), input[ATTEMPT_REDACTOR]);
    } finally {
      attempt.stopFollowing();
    }
    return timeBody(response, attempt);
  };
}

/**
 * Sends `request` with `redirect: 'manual'` and applies the redirect policy of `./redirects.ts`:
 * a caller's own `redirect: 'manual'` gets the 3xx as is; otherwise same-origin redirects of
 * GET/HEAD are followed (the credential stamped again by `restamp`) and every other redirect is
 * refused with `MastersHttpError('EREDIRECT')`.
 */
async function sendFollowingRedirects(
  baseFetch: typeof globalThis.fetch,
  request: Request,
  init: TimedInit | undefined,
  signal: AbortSignal,
  restamp: AttemptSettings['restamp'],
): Promise<Response> {
  let response = await baseFetch(request, fetchInit(init, signal));
  if (!REDIRECT_STATUSES.has(response.status) || request.redirect === 'manual') return response;
  const method = request.method;
  let url = request.url;
  for (let hop = 0; ; hop++) {
    const target = redirectTarget(response, url);
    await response.body?.cancel().catch(noop);
    const path = pathOf(url);
    if (request.redirect === 'error') {
      const why = "the request's redirect mode is 'error'";
      throw refusedRedirect(response.status, method, path, target, why);
    }
    if (!mayFollow(method, url, target)) {
      throw refusedRedirect(response.status, method, path, target, 'not followed');
    }
    if (hop >= MAX_REDIRECTS) {
      const why = `more than ${MAX_REDIRECTS} redirects`;
      throw refusedRedirect(response.status, method, path, target, why);
    }
    const headers = new Headers(request.headers);
    restamp?.(request, headers);
    url = (target as URL).href;
    response = await baseFetch(url, { ...fetchInit(init, signal), method, headers });
    if (!REDIRECT_STATUSES.has(response.status)) return response;
  }
}

/** The init for the real fetch: ky's without our call options, with the attempt's signal. */
function fetchInit(init: TimedInit | undefined, signal: AbortSignal): RequestInit {
  const {
    [TIMEOUT_OPTION]: _timeoutMs,
    [WAIT_SIGNAL_OPTION]: _waitSignal,
    [WHOLE_BODY_OPTION]: _wholeBody,
    ...rest
  } = init ?? {};
  // `redirect: 'manual'` always: the redirect policy is ours (see sendFollowingRedirects).
  return { ...rest, signal, redirect: 'manual' };
}

/**
 * Sends one token-auth / refresh request: `POST <base>/<path>` with a JSON body. One timer of
 * `timeoutMs` covers the headers and the whole body (at most {@link MAX_LOGIN_BODY_BYTES} are read;
 * a larger body is cancelled and reads as empty); a redirect is never followed.
 *
 * @returns the response whatever its status, its body already read into memory.
 * @throws MastersHttpError for a timeout (`ETIMEDOUT`) or network error; `LoginRedirectError` for a
 *   3xx (the token engine turns both into `MastersTokenError`, see `loginTransportError`)
 */
export type LoginPost = (path: string, body: object) => Promise<Response>;

/** A token-auth/refresh answer is a few hundred bytes; anything past this is not read. */
export const MAX_LOGIN_BODY_BYTES = 256 * 1024;

/** What the login transport needs. */
export interface LoginPostSettings {
  /** Base URL with a trailing `/`. */
  prefixUrl: string;
  fetch: typeof globalThis.fetch;
  /** Time limit of one exchange, headers and body (ms). */
  timeoutMs: number;
}

/**
 * The login transport: no auth hooks, no retries (backoff is the token manager's), HTTP errors as
 * responses. Plain fetch rather than ky: ky clones every request body for retries it would never
 * make here, which was a third of the client's CPU per login with many tenants.
 */
export function createLoginPost(settings: LoginPostSettings): LoginPost {
  const { prefixUrl, fetch: baseFetch, timeoutMs } = settings;
  return async (path, body) => {
    const url = prefixUrl + path;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await baseFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        redirect: 'manual',
        signal: controller.signal,
      });
      if (response.status >= 300 && response.status <= 399) {
        await response.body?.cancel().catch(noop);
        throw new LoginRedirectError(response.status, originOf(redirectTarget(response, url)));
      }
      // A custom `fetch` that follows redirects anyway: never take what another origin answered.
      if (response.redirected && new URL(response.url).origin !== new URL(url).origin) {
        await response.body?.cancel().catch(noop);
        throw new LoginRedirectError(response.status, new URL(response.url).origin);
      }
      const bytes = await readBounded(response, MAX_LOGIN_BODY_BYTES);
      const isNullBody = response.status === 204 || response.status === 205;
      return new Response(isNullBody ? null : bytes, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } catch (error) {
      if (error instanceof LoginRedirectError || error instanceof MastersError) throw error;
      const p = `/${path}`;
      if (controller.signal.aborted) throw timeoutError('POST', p, timeoutMs, 'headers');
      throw networkError('POST', p, error);
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * Reads at most `maxBytes` of a body; a larger body is cancelled (its socket is not drained) and
 * yields no bytes, so a 10 MB error page cannot exhaust memory. Read errors (the attempt's abort
 * included) are thrown.
 */
export async function readBounded(
  response: Response,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(noop);
      return new Uint8Array(0);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks) as Uint8Array<ArrayBuffer>;
}
