import ky, {
  type BeforeRequestHook,
  type Input,
  type KyInstance,
  type Options,
  type ResponsePromise,
} from 'ky';
import { MastersConfigError } from '../errors.js';
import { notJsonError } from './attempt-errors.js';
import { TIMEOUT_OPTION, WHOLE_BODY_OPTION, type TimedInit } from './call-options.js';
import { adaptRetry, mapHttpError, refuseUnsafeRetry, RETRY_POLICY, shouldRetry } from './retry.js';
import { methodOf } from './timed-body.js';
import type { Observer } from '../observe/observer.js';
import { observeCall } from '../observe/request.js';

/**
 * The `mastersFetch` ky instance (docs/ARCHITECTURE.md §7, step 1) and the wrapping of its calls:
 * a per-call `timeout` handed to the transport, `retry` options made safe, typed errors for a
 * leading `/` and a body that is not JSON.
 */

/** Options shared by every `mastersFetch` instance of a client. */
export interface MastersFetchSettings {
  prefixUrl: string;
  /** The transport plus the 401 replay (`auth.ts` `withUnauthorizedReplay`). */
  timedFetch: typeof globalThis.fetch;
  /** The client's observer (span, channel, debug line per call; ARCHITECTURE §12); absent = none. */
  observer?: Observer;
}

/**
 * Creates an authenticated ky instance: `prefixUrl` = base URL, the explicit retry policy, the
 * per-attempt timeout in `timedFetch`, the stamp hook (`auth.ts`) and the retry guards
 * (`retry.ts`).
 */
export function createMastersFetch(
  settings: MastersFetchSettings,
  stamp: BeforeRequestHook,
): KyInstance {
  const instance = ky.create({
    prefixUrl: settings.prefixUrl,
    // Only what differs from ky's defaults: ky normalizes (copies, lower-cases, filters) the retry
    // options on every call, so each key here costs on the hot path. The effective policy equals
    // RETRY_POLICY (asserted in test/retry-policy.test.ts against the options ky hands to hooks).
    retry: { maxRetryAfter: RETRY_POLICY.maxRetryAfter, shouldRetry },
    // The per-attempt timeout lives in `timedFetch` so it maps to MastersHttpError('ETIMEDOUT').
    timeout: false,
    fetch: settings.timedFetch,
    hooks: {
      beforeRequest: [stamp],
      beforeRetry: [refuseUnsafeRetry],
      beforeError: [mapHttpError],
    },
  });
  return withCallRewrites(instance, true, settings.observer);
}

/**
 * ky options as our wrapper passes them on: a numeric `timeout` moved to {@link TIMEOUT_OPTION}
 * (ky's timer off), a `retry` option that can never make ky resend a POST or PATCH (see
 * `adaptRetry`), and {@link WHOLE_BODY_OPTION} for `onDownloadProgress`. No copy for options that
 * set none of them.
 */
function adaptTimeout<T extends Options | undefined>(options: T): T {
  if (options === undefined) return options;
  const hasTimeout = typeof options.timeout === 'number';
  const hasProgress = options.onDownloadProgress !== undefined;
  if (!hasTimeout && options.retry === undefined && !hasProgress) return options;
  const adapted: Options & Omit<TimedInit, keyof RequestInit> = { ...options };
  if (hasTimeout) {
    adapted.timeout = false;
    adapted[TIMEOUT_OPTION] = options.timeout as number;
  }
  if (options.retry !== undefined) adapted.retry = adaptRetry(options.retry);
  if (hasProgress) adapted[WHOLE_BODY_OPTION] = true;
  return adapted as T;
}

const KY_METHODS = ['get', 'post', 'put', 'patch', 'head', 'delete'] as const;

/** Sends one call through a ky method (or the instance itself) after the wrapper's own changes. */
type Send = (
  call: (input: Input, options?: Options) => ResponsePromise,
  input: Input,
  options: Options | undefined,
) => ResponsePromise;

/**
 * A ky instance whose calls go through `send`, and whose `extend()`/`create()` defaults pass
 * through `adapt` first and return instances that `wrap` wraps again. One closure per method,
 * made once per wrapper; `send` decides whether a call allocates.
 */
function wrapCalls(
  instance: KyInstance,
  send: Send,
  adapt: <T extends Options | undefined>(options: T) => T,
  wrap: (instance: KyInstance, defaults: Options | undefined) => KyInstance,
): KyInstance {
  const wrapped = ((input: Input, options?: Options) =>
    send(instance, input, options)) as KyInstance;
  for (const method of KY_METHODS) {
    const call = instance[method];
    wrapped[method] = (input: Input, options?: Options) => send(call, input, options);
  }
  wrapped.create = (defaults?: Options) => {
    const adapted = adapt(defaults);
    return wrap(instance.create(adapted), adapted);
  };
  wrapped.extend = (defaults) => {
    if (typeof defaults !== 'function') {
      const adapted = adapt(defaults);
      return wrap(instance.extend(adapted), adapted);
    }
    let resolved: Options | undefined;
    // ky calls the function synchronously, inside extend().
    const next = instance.extend((parent: Options) => (resolved = adapt(defaults(parent))));
    return wrap(next, resolved);
  };
  return Object.assign(wrapped, { stop: instance.stop, retry: instance.retry });
}

/**
 * The query string (`?` included; `''` for `{}`) ky 1.14 puts on the URL for a plain-object
 * `searchParams`, or `undefined` to leave the value to ky (strings, arrays, `URLSearchParams`,
 * class instances). ky drops the object's `undefined` values and hands the rest to
 * `new URLSearchParams(...)` (its README, `searchParams`), exactly as here.
 *
 * Kept because ky otherwise builds the `Request` twice (once without the query, once with it).
 * Scenario: `mastersFetch.get(path, { searchParams: <3-key object> }).json()` in API-key mode, 1,000
 * sequential GETs to a loopback node:http server after 300 warm-up GETs, under
 * `valgrind --tool=callgrind` (Node 20.20 `--single-threaded`, ky 1.14.3): 3.09 M instructions per
 * request with this function, 3.30 M without (plain ky with a fixed header: 3.26 M).
 */
function inlinedQuery(searchParams: unknown): string | undefined {
  if (typeof searchParams !== 'object' || searchParams === null) return undefined;
  const prototype = Object.getPrototypeOf(searchParams) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return undefined;
  const entries = Object.entries(searchParams);
  if (entries.length === 0) return '';
  const defined = Object.fromEntries(entries.filter(([, value]) => value !== undefined));
  return `?${new URLSearchParams(defined as Record<string, string>).toString()}`;
}

/** `true` when ky must see `searchParams` itself (see {@link withCallRewrites}). */
function keepsQueryForKy(options: Options | undefined): boolean {
  return (
    options !== undefined &&
    (options.searchParams !== undefined ||
      options.hooks !== undefined ||
      options.prefixUrl !== undefined)
  );
}

/**
 * `true` for an input the URL parser keeps as it is at its end: appending `?query` to it gives the
 * URL ky builds. ky parses the URL before setting the query, and the parser drops a trailing space
 * or control character; a `?` or `#` already there is replaced or kept by ky's own rules.
 */
function takesQuerySuffix(input: string): boolean {
  return input.charCodeAt(input.length - 1) > 0x20 && !input.includes('?') && !input.includes('#');
}

/** ky reads only own, enumerable options of a plain object (and rejects arrays and functions). */
function hasOwnSearchParams(options: Options | undefined): options is Options {
  if (typeof options !== 'object' || options === null) return false;
  const prototype = Object.getPrototypeOf(options) as unknown;
  return (
    (prototype === Object.prototype || prototype === null) &&
    Object.prototype.propertyIsEnumerable.call(options, 'searchParams')
  );
}

/**
 * Wraps a ky instance so that each call is rewritten before ky sees it:
 * - a `timeout` given per call, to `extend()` or to `create()` is enforced by our fetch (see
 *   {@link TIMEOUT_OPTION}); no allocation for a call without `timeout`;
 * - a call's `searchParams` is written into its URL string when that gives the URL ky would send:
 *   ky then builds the `Request` once instead of twice (about 50 µs less CPU per call on Node 20,
 *   on the 2-core machine of `bench/`). Only for a string input (see {@link takesQuerySuffix}),
 *   and only while no defaults (`extend()`, `create()`) and no per-call option set `searchParams`
 *   (ky merges them), `prefixUrl` (it may hold a `?` or `#`) or `hooks` (a hook may read
 *   `options.searchParams`).
 * Everything else goes to ky untouched.
 */
export function withCallRewrites(
  instance: KyInstance,
  inlinesQuery = true,
  observer?: Observer,
): KyInstance {
  // One observation per call, around ky: it covers retries and the 401 replay (ARCHITECTURE §12).
  const send: Send = (call, input, options) => observeCall(observer, typed, call, input, options);
  const typed: Send = (call, input, options) => typedCall(rewrite, call, input, options);
  const rewrite: Send = (call, input, options) => {
    if (
      inlinesQuery &&
      typeof input === 'string' &&
      hasOwnSearchParams(options) &&
      takesQuerySuffix(input)
    ) {
      // One copy, read once (getters included): what ky's own merge would read.
      const copy = { ...options };
      if (copy.hooks === undefined && copy.prefixUrl === undefined) {
        const suffix = inlinedQuery(copy.searchParams);
        if (suffix !== undefined) {
          // `undefined`, not deleted: ky's merge treats both as "no searchParams" (none in the
          // defaults here), and the object keeps its shape.
          copy.searchParams = undefined;
          return call(input + suffix, adaptTimeout(copy));
        }
      }
    }
    return call(input, adaptTimeout(options));
  };
  return wrapCalls(instance, send, adaptTimeout, (next, defaults) =>
    withCallRewrites(next, inlinesQuery && !keepsQueryForKy(defaults), observer),
  );
}

/**
 * Sends one call through `send` with our errors where ky's would be raw (issue 17, finding 13): a
 * path with a leading `/` (ky's plain `Error`) is a `MastersConfigError` with a hint, and `.json()`
 * of a body that is not JSON (an HTML error page with status 200) is a `MastersHttpError`
 * ("expected JSON, got text/html"), never a bare `SyntaxError` (which may quote the body).
 */
function typedCall(
  send: Send,
  call: (input: Input, options?: Options) => ResponsePromise,
  input: Input,
  options: Options | undefined,
): ResponsePromise {
  let promise: ResponsePromise;
  try {
    promise = send(call, input, options);
  } catch (error) {
    if (
      typeof input === 'string' &&
      error instanceof Error &&
      /begin with a slash/.test(error.message)
    ) {
      const path = input.split(/[?#]/, 1)[0]?.slice(0, 200) ?? '';
      throw new MastersConfigError({
        option: 'path',
        reason: `paths are relative to the base URL, without a leading "/": write '${path.replace(/^\/+/, '')}', not '${path}'`,
      });
    }
    throw error;
  }
  const json = promise.json;
  promise.json = (() =>
    json().catch(async (error: unknown) => {
      if (!(error instanceof SyntaxError)) throw error;
      const response = await promise;
      throw notJsonError(response, methodOf(response) ?? 'GET');
    })) as ResponsePromise['json'];
  return promise;
}
