import type { BeforeErrorHook, BeforeRetryHook, HTTPError, Options } from 'ky';
import { MastersConfigError, MastersError, MastersHttpError } from '../errors.js';
import { pathOf } from './attempt-errors.js';

/**
 * The retry policy of `mastersFetch` (docs/ARCHITECTURE.md §2, "On the wire"): ky's defaults made
 * explicit (reference: ky 1.x README). POST and PATCH are never retried: a retried generate can
 * create a duplicate e-way bill.
 */
export const RETRY_POLICY = {
  limit: 2,
  methods: ['get', 'put', 'head', 'delete', 'options', 'trace'],
  statusCodes: [408, 413, 429, 500, 502, 503, 504],
  afterStatusCodes: [413, 429, 503],
  maxRetryAfter: 60_000,
  retryOnTimeout: false,
} as const;

/** Methods never retried, whatever a caller's `retry` option says (a duplicate e-way bill). */
const NEVER_RETRIED: ReadonlySet<string> = new Set(['post', 'patch']);

/** Errors thrown by a call's credentials source (see {@link shouldRetry}). */
const resolverFailures = new WeakSet<object>();

/**
 * Marks `error`, thrown by a call's credentials source (a `forCredentials(fn)` function), as never
 * retried, and returns it.
 */
export function notRetriable(error: unknown): unknown {
  if (typeof error === 'object' && error !== null) resolverFailures.add(error);
  return error;
}

function isTimeout(error: unknown): boolean {
  return error instanceof MastersHttpError && error.code === 'ETIMEDOUT';
}

/**
 * ky retries thrown errors of idempotent methods by default; ours must not be: a token error, a
 * configuration error or a timeout (ky's default `retryOnTimeout: false`) fails at once. Network
 * errors and retriable HTTP statuses keep ky's default behaviour.
 */
export const shouldRetry = ({ error }: { error: Error }): false | undefined => {
  // A credentials source that threw (an app's resolver, e.g. `ctx.throw(400)`) fails the call at
  // once: retrying would call it again and delay its error by ky's backoff.
  if (resolverFailures.has(error)) return false;
  // `mapHttpError` (a beforeError hook, which ky runs before its retry logic) only maps HTTP errors
  // ky will not retry; without this, ky would see a non-HTTPError and retry a 401/404 as a
  // network error.
  if (error instanceof MastersHttpError) {
    return isTimeout(error) || error.status !== undefined ? false : undefined;
  }
  if (error instanceof MastersError) return false;
  if (error.name === 'AbortError') return false;
  return undefined;
};

/**
 * A caller's `retry` option (per call, `extend()` or `create()`) made safe: `methods` without POST
 * and PATCH, a number turned into `{ limit }` (so ky's merge keeps our `shouldRetry` and
 * `maxRetryAfter` instead of dropping them), and a caller's `shouldRetry` consulted only after ours
 * (our errors that must not be retried stay unretried).
 */
export function adaptRetry(retry: Options['retry']): Options['retry'] {
  if (typeof retry === 'number') return { limit: retry };
  if (typeof retry !== 'object' || retry === null) return retry;
  const adapted = { ...retry };
  if (Array.isArray(retry.methods)) {
    adapted.methods = retry.methods.filter(
      (method) => typeof method !== 'string' || !NEVER_RETRIED.has(method.toLowerCase()),
    );
  }
  const theirs = retry.shouldRetry;
  if (typeof theirs === 'function' && theirs !== shouldRetry) {
    adapted.shouldRetry = (state) => {
      if (shouldRetry(state) === false) return false;
      const verdict = theirs(state);
      return verdict instanceof Promise
        ? verdict.then((v) => finalUnlessRetried(v, state.error))
        : finalUnlessRetried(verdict, state.error);
    };
  }
  return adapted;
}

/**
 * A caller's `shouldRetry` said `false` to an HTTP error that {@link mapHttpError} left for ky's
 * retry: ky would rethrow its raw `HTTPError` (whose `request` holds the credential headers), so
 * the call ends with the `MastersHttpError` here instead (ky awaits `shouldRetry`, so a throw is
 * the call's error).
 */
function finalUnlessRetried<T>(verdict: T, error: Error): T {
  if (verdict === false && isHttpError(error)) throw toMastersHttpError(error);
  return verdict;
}

function isHttpError(error: Error): error is HTTPError {
  return error.name === 'HTTPError' && 'response' in error;
}

/** ky's `HTTPError` as a `MastersHttpError` (status, method, path; sanitized `cause`). */
function toMastersHttpError(error: HTTPError): MastersHttpError {
  return new MastersHttpError({
    status: error.response.status,
    method: error.request.method,
    path: pathOf(error.request.url),
    cause: error,
  });
}

/** `true` when ky is going to retry this HTTP error (mirrors ky 1.x `#calculateRetryDelay`). */
function willKyRetry(error: HTTPError, retryCount: number): boolean {
  const retry = error.options.retry;
  if (retryCount + 1 > (retry.limit ?? 0)) return false;
  if (!(retry.methods ?? []).includes(error.request.method.toLowerCase())) return false;
  const status = error.response.status;
  if (!(retry.statusCodes ?? []).includes(status)) return false;
  if (status === 413) {
    return (
      error.response.headers.has('retry-after') && (retry.afterStatusCodes ?? []).includes(413)
    );
  }
  return true;
}

/**
 * Maps ky's final `HTTPError` to `MastersHttpError` (sanitized `cause`). Errors ky is still going
 * to retry are left alone so its `Retry-After` handling keeps working.
 */
export const mapHttpError: BeforeErrorHook = (error, state) =>
  willKyRetry(error, state.retryCount)
    ? error
    : (toMastersHttpError(error) as unknown as HTTPError);

/**
 * The last guard of "POST and PATCH are never retried": {@link adaptRetry} keeps them out of ky's
 * retry methods, but an `afterResponse` hook's `ky.retry()` skips that check. Ours is the first
 * `beforeRetry` hook (defaults come before a call's hooks); throwing here ends the call with the
 * error that asked for the retry (sanitized), before anything is resent.
 */
export const refuseUnsafeRetry: BeforeRetryHook = ({ request, error }) => {
  if (!NEVER_RETRIED.has(request.method.toLowerCase())) return;
  if (isHttpError(error)) throw toMastersHttpError(error);
  if (error.name === 'ForceRetryError') {
    throw new MastersConfigError({
      option: 'hooks.afterResponse',
      reason: `ky.retry() asked to resend ${request.method} ${pathOf(request.url)}; POST and PATCH are never retried (a resent generate can create a duplicate e-way bill)`,
    });
  }
  throw error;
};
