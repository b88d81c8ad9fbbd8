import ky, {
  type BeforeErrorHook,
  type Input,
  type Options,
  type BeforeRequestHook,
  type BeforeRetryHook,
  type HTTPError,
  type KyInstance,
  type NormalizedOptions,
  type ResponsePromise,
} from 'ky';
import {
  MastersClientClosedError,
  MastersConfigError,
  MastersError,
  MastersHttpError,
  scrubError,
} from './errors.js';
import { inheritIdentity } from './identity.js';
import type { Redactor } from './redact.js';
import {
  LoginRedirectError,
  MAX_REDIRECTS,
  REDIRECT_STATUSES,
  mayFollow,
  originOf,
  redirectTarget,
  refusedRedirect,
} from './http/redirects.js';
import { methodOf, timeBody, type AttemptControl } from './http/timed-body.js';
import type { KeyState } from './token/key-state.js';
import type { TokenManager } from './token/token-manager.js';

/**
 * The retry policy of `mastersFetch`: ky's defaults made explicit (reference: ky 1.x README).
 * POST and PATCH are never retried: a retried generate can create a duplicate e-way bill.
 */
export const RETRY_POLICY = {
  limit: 2,
  methods: ['get', 'put', 'head', 'delete', 'options', 'trace'],
  statusCodes: [408, 413, 429, 500, 502, 503, 504],
  afterStatusCodes: [413, 429, 503],
  maxRetryAfter: 60_000,
  retryOnTimeout: false,
} as const;

/** Where the hooks find the token state of a request: resolved once per call. */
export interface AuthTarget {
  state: KeyState;
}

/** Resolves the key state for one request (the default credentials, or a `forCredentials` source). */
export type StateResolver = () => KeyState | Promise<KeyState>;

// Per-attempt bookkeeping, stamped by the `beforeRequest` hook on the Request ky then hands to our
// fetch (the same object): the key state and token generation it was sent with, and the original
// body (for a 401 replay). Symbols, so nothing leaks into headers or logs.
const STATE = Symbol('mastersfetch.state');
const GENERATION = Symbol('mastersfetch.generation');
const BODY = Symbol('mastersfetch.body');
/** The credential's redactor (both modes): a network error of the attempt is scrubbed with it. */
const REDACTOR = Symbol('mastersfetch.redactor');

/**
 * A caller's ky `timeout` travels to our fetch under this option name (ky hands options it does not
 * know to fetch): ky's own timer is turned off so its `TimeoutError`, which holds the request
 * headers, is never thrown; our fetch times the attempt out as `MastersHttpError('ETIMEDOUT')`.
 */
const TIMEOUT_OPTION = 'mastersfetchTimeoutMs';

/**
 * The per-call ky option (set by {@link withTokenWaitSignal}) that gives an extra signal for the
 * token wait only: a function, so the signal (and the listener that fires it) is created only by a
 * call that really has to wait for an access token. ky hands unknown options to fetch too; our
 * fetch drops it there.
 */
const WAIT_SIGNAL_OPTION = 'mastersfetchWaitSignal';

/** The value of {@link WAIT_SIGNAL_OPTION}: returns the extra signal, creating it on first use. */
export type WaitSignalSource = () => AbortSignal;

/**
 * The signal a token wait honours: the request's own (the caller's `signal`), plus the extra
 * one of {@link WAIT_SIGNAL_OPTION} when set. Only called when a call has to wait, so the
 * `AbortSignal.any()` (~45 µs on Node 20) is off the hot path.
 */
function waitSignalOf(request: Request, source: unknown): AbortSignal {
  if (typeof source !== 'function') return request.signal;
  const extra = (source as WaitSignalSource)();
  return AbortSignal.any([request.signal, extra]);
}

interface StampedRequest extends Request {
  [STATE]?: KeyState;
  [GENERATION]?: number;
  [BODY]?: unknown;
  [REDACTOR]?: Redactor;
}

type TimedInit = RequestInit & {
  [TIMEOUT_OPTION]?: number;
  [WAIT_SIGNAL_OPTION]?: WaitSignalSource;
};

function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return '/';
  const query = url.indexOf('?', start);
  return query < 0 ? url.slice(start) : url.slice(start, query);
}

function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let i = 0; i < 4 && current !== null && typeof current === 'object'; i++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The `MastersHttpError('ETIMEDOUT')` of an attempt that ran out of time. */
function timeoutError(
  method: string,
  path: string,
  limitMs: number,
  what: 'headers' | 'body' | 'idle',
): MastersHttpError {
  const detail =
    what === 'headers'
      ? ''
      : what === 'body'
        ? ' (reading the body)'
        : ` (no byte of the body for ${limitMs} ms)`;
  return new MastersHttpError({
    status: undefined,
    code: 'ETIMEDOUT',
    method,
    path,
    message: `Masters India ${method} ${path} timed out after ${limitMs} ms${detail}`,
  });
}

/**
 * Sends `request` with `redirect: 'manual'` and applies the redirect policy of
 * `./http/redirects.ts`: a caller's own `redirect: 'manual'` gets the 3xx as is; otherwise
 * same-origin redirects of GET/HEAD are followed (credentials of the request stamped again, the
 * current access token for a stamped request) and every other redirect is refused.
 */
async function sendFollowingRedirects(
  baseFetch: typeof globalThis.fetch,
  request: StampedRequest,
  init: TimedInit | undefined,
  signal: AbortSignal,
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
      throw refusedRedirect(
        response.status,
        method,
        path,
        target,
        "the request's redirect mode is 'error'",
      );
    }
    if (!mayFollow(method, url, target)) {
      throw refusedRedirect(response.status, method, path, target, 'not followed');
    }
    if (hop >= MAX_REDIRECTS) {
      throw refusedRedirect(
        response.status,
        method,
        path,
        target,
        `more than ${MAX_REDIRECTS} redirects`,
      );
    }
    const headers = new Headers(request.headers);
    const state = request[STATE];
    if (state !== undefined && state.authorization !== undefined) {
      headers.set('authorization', state.authorization);
    }
    url = (target as URL).href;
    response = await baseFetch(url, { ...fetchInit(init, signal), method, headers });
    if (!REDIRECT_STATUSES.has(response.status)) return response;
  }
}

/** What the fetch of `mastersFetch` needs to replay a request after a 401 (absent for token-auth). */
export interface ReplayDeps {
  manager: TokenManager;
  maxReplayBodyBytes: number;
}

/**
 * A fetch that bounds each HTTP attempt by `timeoutMs` (or the call's own ky `timeout`) and turns
 * timeouts and network failures into {@link MastersHttpError} (`status: undefined`,
 * `code: 'ETIMEDOUT' | 'ECONNRESET' | ...`), so ky's `TimeoutError` (which holds the request)
 * never escapes. A caller's own abort is rethrown as is.
 *
 * With `replay`, a 401 to a request the auth hook stamped is handled here (not in an `afterResponse`
 * hook, which would make ky clone every response): renew single-flight when needed and replay once.
 */
export function createTimedFetch(
  baseFetch: typeof globalThis.fetch,
  timeoutMs: number,
  replay?: ReplayDeps,
): typeof globalThis.fetch {
  // `input` is the Request ky built (or a replay of it).
  const attempt = async (input: StampedRequest, init: TimedInit | undefined) => {
    const perCall = init?.[TIMEOUT_OPTION];
    const limitMs = perCall ?? timeoutMs;
    const controller = new AbortController();
    let response: Response;
    // The attempt's `limitMs` covers the headers, same-origin redirects and (see timeBody) the body.
    const deadlineAt = performance.now() + limitMs;
    const timer = setTimeout(() => controller.abort(), limitMs);
    const outer = init?.signal ?? input.signal;
    // Follow the caller's signal with a listener removed when the attempt settles, not with
    // AbortSignal.any(): that costs ~45 µs per attempt and, on Node 20, keeps every combined
    // signal alive as long as a long-lived caller signal.
    const onOuterAbort = (): void => controller.abort(outer?.reason);
    if (outer?.aborted) onOuterAbort();
    else outer?.addEventListener('abort', onOuterAbort, { once: true });
    const method = input.method;
    try {
      response = await sendFollowingRedirects(baseFetch, input, init, controller.signal);
    } catch (error) {
      if (outer?.aborted) throw error;
      if (error instanceof MastersError) throw error;
      const path = pathOf(input.url);
      if (controller.signal.aborted) throw timeoutError(method, path, limitMs, 'headers');
      const failure = new MastersHttpError({
        status: undefined,
        code: networkCode(error) ?? 'ECONNRESET',
        method,
        path,
        cause: error,
      });
      // A custom fetch's error may quote the request (its api_key header): scrub the cause chain.
      throw scrubError(failure, input[REDACTOR]);
    } finally {
      // A response may be dropped unread: no timer or listener outlives the headers.
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    }
    const control: AttemptControl = {
      abort: (reason) => controller.abort(reason),
      timeoutError: (what) => timeoutError(method, pathOf(input.url), limitMs, what),
    };
    return timeBody(response, control, limitMs, deadlineAt, method);
  };
  if (replay === undefined) return attempt as typeof globalThis.fetch;

  return async function authorizedFetch(input, init) {
    const request = input as StampedRequest;
    const state = request[STATE];
    if (state === undefined) return attempt(request, init);
    // A FormData body is re-encoded with a new boundary: keep the sent bytes for a replay.
    const spare = request[BODY] instanceof FormData ? request.clone() : undefined;
    let response: Response;
    try {
      response = await attempt(request, init);
    } catch (error) {
      if (spare?.body) spare.body.cancel().catch(noop);
      throw error;
    }
    if (response.status !== 401) {
      if (spare?.body) spare.body.cancel().catch(noop);
      return response;
    }
    const replayed = await replayAfter401(replay, request, init as TimedInit, state, spare);
    if (replayed === undefined) return response;
    await response.body?.cancel().catch(noop);
    return replayed;
  } as typeof globalThis.fetch;

  /** Decides on a 401 and, when the token was the problem, sends the request once more. */
  async function replayAfter401(
    deps: ReplayDeps,
    request: StampedRequest,
    init: TimedInit | undefined,
    state: KeyState,
    spare: Request | undefined,
  ): Promise<Response | undefined> {
    const { manager } = deps;
    const method = request.method;
    const waitSignal = waitSignalOf(request, init?.[WAIT_SIGNAL_OPTION]);
    const decision = await manager.onUnauthorized(
      state,
      request[GENERATION] ?? 0,
      method,
      pathOf(request.url),
      waitSignal,
    );
    if (decision === 'surface') return undefined;
    // The replay must send byte-identical content (a generate replayed with a different body would
    // be a different call): reuse the caller's body value, or the bytes kept for FormData.
    const original = request[BODY];
    const size = bodySize(original);
    if (size === NOT_REPLAYABLE || size > deps.maxReplayBodyBytes) return undefined;
    let body: BodyInit | undefined;
    if (spare !== undefined) {
      const bytes = await spare.arrayBuffer();
      if (bytes.byteLength > deps.maxReplayBodyBytes) return undefined;
      body = bytes;
    } else if (size > 0) {
      body = original as BodyInit;
    }
    if (!manager.isUsable(state)) await manager.ensureToken(state, waitSignal);
    // No new request after close(), not even the replay of one sent before.
    if (manager.isClosed) throw new MastersClientClosedError();
    const headers = new Headers(request.headers);
    headers.set('authorization', state.authorization as string);
    manager.stats.replays++;
    const replayRequest: StampedRequest = new Request(request.url, {
      method,
      headers,
      body,
      signal: request.signal,
      redirect: request.redirect,
    });
    const replayed = await attempt(replayRequest, init);
    if (replayed.status === 401) manager.onReplayUnauthorized(state);
    return replayed;
  }
}

const noop = (): void => {};

/** The init for the real fetch: ours without our own options, with the attempt's signal. */
function fetchInit(init: TimedInit | undefined, signal: AbortSignal): RequestInit {
  // `redirect: 'manual'` always: the redirect policy is ours (see sendFollowingRedirects).
  if (init === undefined) return { signal, redirect: 'manual' };
  if (init[TIMEOUT_OPTION] === undefined && init[WAIT_SIGNAL_OPTION] === undefined) {
    return { ...init, signal, redirect: 'manual' };
  }
  // Every adapter call carries WAIT_SIGNAL_OPTION: one object here, not a rest copy plus a spread.
  const { [TIMEOUT_OPTION]: _timeoutMs, [WAIT_SIGNAL_OPTION]: _waitSignal, ...rest } = init;
  rest.signal = signal;
  rest.redirect = 'manual';
  return rest;
}

/**
 * ky options as our wrapper passes them on: a numeric `timeout` moved to {@link TIMEOUT_OPTION}
 * (ky's timer off) and a `retry` option that can never make ky resend a POST or PATCH (see
 * {@link adaptRetry}). No copy for options that set neither.
 */
function adaptTimeout<T extends Options | undefined>(options: T): T {
  if (options === undefined) return options;
  const hasTimeout = typeof options.timeout === 'number';
  if (!hasTimeout && options.retry === undefined) return options;
  const adapted: Options & { [TIMEOUT_OPTION]?: number } = { ...options };
  if (hasTimeout) {
    adapted.timeout = false;
    adapted[TIMEOUT_OPTION] = options.timeout as number;
  }
  if (options.retry !== undefined) adapted.retry = adaptRetry(options.retry);
  return adapted as T;
}

/** Methods never retried, whatever a caller's `retry` option says (a duplicate e-way bill). */
const NEVER_RETRIED: ReadonlySet<string> = new Set(['post', 'patch']);

/**
 * A caller's `retry` option (per call, `extend()` or `create()`) made safe: `methods` without POST
 * and PATCH, a number turned into `{ limit }` (so ky's merge keeps our `shouldRetry` and
 * `maxRetryAfter` instead of dropping them), and a caller's `shouldRetry` consulted only after ours
 * (our errors that must not be retried stay unretried).
 */
function adaptRetry(retry: Options['retry']): Options['retry'] {
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
    adapted.shouldRetry = (state) => (shouldRetry(state) === false ? false : theirs(state));
  }
  return adapted;
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
 * The query string ky 1.x would put on the URL for `searchParams` (`?` included), or `''` when ky
 * leaves the URL as it is; `undefined` for a value we leave to ky. A port of ky 1.14's
 * `hasSearchParameters` and `#normalizeSearchParams`: a string loses one leading `?`; an object's
 * `undefined` values are dropped; the rest goes through `new URLSearchParams(...)`.
 */
function querySuffix(searchParams: unknown): string | undefined {
  if (typeof searchParams === 'string') {
    return searchParams.trim() === '' ? '' : `?${searchParams.replace(/^\?/, '')}`;
  }
  if (typeof searchParams !== 'object' || searchParams === null) return undefined;
  if (Array.isArray(searchParams)) {
    return searchParams.length === 0 ? '' : `?${new URLSearchParams(searchParams).toString()}`;
  }
  if (searchParams instanceof URLSearchParams) {
    return searchParams.size === 0 ? '' : `?${new URLSearchParams(searchParams).toString()}`;
  }
  if (Object.keys(searchParams).length === 0) return '';
  const defined = Object.fromEntries(
    Object.entries(searchParams).filter(([, value]) => value !== undefined),
  ) as Record<string, string>;
  return `?${new URLSearchParams(defined).toString()}`;
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
export function withCallRewrites(instance: KyInstance, inlinesQuery = true): KyInstance {
  const send: Send = (call, input, options) => typedCall(rewrite, call, input, options);
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
        const suffix = querySuffix(copy.searchParams);
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
    withCallRewrites(next, inlinesQuery && !keepsQueryForKy(defaults)),
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
      throw notJsonError(await promise);
    })) as ResponsePromise['json'];
  return promise;
}

/** The error of `.json()` on a body that does not parse: names the content type, never the body. */
function notJsonError(response: Response): MastersHttpError {
  const method = methodOf(response) ?? 'GET';
  const path = pathOf(response.url);
  const type = (response.headers.get('content-type') ?? '').split(';', 1)[0]?.trim() ?? '';
  const got = /^[\w.+-]{1,64}\/[\w.+-]{1,64}$/.test(type)
    ? /json/i.test(type)
      ? `malformed JSON (${type})`
      : type
    : 'a body without a JSON content type';
  return new MastersHttpError({
    status: response.status,
    code: 'EBADJSON',
    method,
    path,
    message: `Masters India ${method} ${path} answered HTTP ${response.status}: expected JSON, got ${got}`,
    hint: 'check the path and the base URL (an HTML page usually comes from a proxy, a login page or a wrong URL)',
  });
}

/**
 * A view of `instance` (a `mastersFetch`) whose calls also stop waiting for an access token when
 * the signal from `source` aborts. Unlike a ky `signal`, it never aborts an upstream call already
 * sent, and it costs nothing on a call that finds a usable token (ky wraps every `signal` in
 * `AbortSignal.any()`, ~45 µs per call on Node 20). One object copy per call.
 */
export function withTokenWaitSignal(instance: KyInstance, source: WaitSignalSource): KyInstance {
  const extra = { [WAIT_SIGNAL_OPTION]: source };
  // Object.assign, not `{ ...options, [key]: value }`: V8 takes a slow path for the latter (~1 µs).
  const adapt = <T extends Options | undefined>(options: T): T =>
    Object.assign({}, options, extra) as T;
  const send: Send = (call, input, options) => call(input, adapt(options));
  const wrap = (next: KyInstance): KyInstance => wrapCalls(next, send, adapt, wrap);
  const view = wrap(instance);
  inheritIdentity(view, instance);
  return view;
}

function isTimeout(error: unknown): boolean {
  return error instanceof MastersHttpError && error.code === 'ETIMEDOUT';
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
 * Maps ky's final `HTTPError` to {@link MastersHttpError} (sanitized `cause`). Errors ky is still
 * going to retry are left alone so its `Retry-After` handling keeps working.
 */
const mapHttpError: BeforeErrorHook = (error, state) => {
  if (willKyRetry(error, state.retryCount)) return error;
  const request = error.request;
  const path = pathOf(request.url);
  return new MastersHttpError({
    status: error.response.status,
    method: request.method,
    path,
    cause: error,
  }) as unknown as HTTPError;
};

/**
 * The last guard of "POST and PATCH are never retried": {@link adaptRetry} keeps them out of ky's
 * retry methods, but an `afterResponse` hook's `ky.retry()` skips that check. Ours is the first
 * `beforeRetry` hook (defaults come before a call's hooks); throwing here ends the call with the
 * error that asked for the retry (sanitized), before anything is resent.
 */
const refuseUnsafeRetry: BeforeRetryHook = ({ request, error }) => {
  if (!NEVER_RETRIED.has(request.method.toLowerCase())) return;
  if (error.name === 'HTTPError' && 'response' in error) {
    const httpError = error as HTTPError;
    throw new MastersHttpError({
      status: httpError.response.status,
      method: request.method,
      path: pathOf(request.url),
      cause: httpError,
    });
  }
  if (error.name === 'ForceRetryError') {
    throw new MastersConfigError({
      option: 'hooks.afterResponse',
      reason: `ky.retry() asked to resend ${request.method} ${pathOf(request.url)}; POST and PATCH are never retried (a resent generate can create a duplicate e-way bill)`,
    });
  }
  throw error;
};

const REPLAYABLE_BODY = 0;
const NOT_REPLAYABLE = -1;

/** Byte size of a body we can buffer for a replay, `0` for none, `-1` for a stream or unknown kind. */
function bodySize(body: unknown): number {
  if (body === undefined || body === null) return REPLAYABLE_BODY;
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof ArrayBuffer) return body.byteLength;
  if (ArrayBuffer.isView(body)) return body.byteLength;
  if (body instanceof Blob) return body.size;
  if (body instanceof URLSearchParams) return Buffer.byteLength(body.toString());
  if (body instanceof FormData) return 1; // in memory; size checked after buffering
  return NOT_REPLAYABLE;
}

/** Collaborators of the auth hooks. */
export interface AuthHooksDeps {
  manager: TokenManager;
  /** `origin + '/'` of the base URL: requests elsewhere get no auth header. */
  basePrefix: string;
}

/**
 * Builds the ky hooks of one `mastersFetch` instance: set the auth header before every attempt
 * (waiting for the token when needed, honouring the request's signal) and map final HTTP errors.
 * The 401 replay lives in the fetch ({@link createTimedFetch}). The closures are created once per
 * instance, not per call, and a request with a usable token goes through synchronously: no
 * promise, no store read, no allocation beyond setting the header.
 */
export function createAuthHooks(
  deps: AuthHooksDeps,
  resolve: StateResolver,
): {
  beforeRequest: BeforeRequestHook[];
  beforeRetry: BeforeRetryHook[];
  beforeError: BeforeErrorHook[];
} {
  const { manager, basePrefix } = deps;

  const authorize = (
    request: StampedRequest,
    options: NormalizedOptions,
    state: KeyState,
  ): void | Promise<void> => {
    const body = options.body;
    request[REDACTOR] = state.redactor;
    if (state.isApiKey) {
      request.headers.set('api_key', state.apiKey as string);
      request.headers.delete('authorization');
      return;
    }
    if (!manager.isUsable(state)) {
      const signal = waitSignalOf(request, (options as TimedInit)[WAIT_SIGNAL_OPTION]);
      return manager.ensureToken(state, signal).then(() => stamp(request, body, state));
    }
    stamp(request, body, state);
  };

  const stamp = (request: StampedRequest, body: unknown, state: KeyState): void => {
    request.headers.set('authorization', state.authorization as string);
    request.headers.delete('api_key');
    request[STATE] = state;
    request[GENERATION] = state.generation;
    if (body !== undefined && body !== null) request[BODY] = body;
  };

  const beforeRequest: BeforeRequestHook = (input, options) => {
    // Before every attempt (ky retries included): a closed client sends nothing, anywhere.
    if (manager.isClosed) throw new MastersClientClosedError();
    const request = input as StampedRequest;
    if (!request.url.startsWith(basePrefix)) {
      // Never send a credential to another origin.
      request.headers.delete('authorization');
      request.headers.delete('api_key');
      return;
    }
    let resolved: KeyState | Promise<KeyState>;
    try {
      resolved = resolve();
    } catch (error) {
      throw notRetriable(error);
    }
    if (resolved instanceof Promise) {
      return resolved.then(
        (state) => authorize(request, options, state),
        (error: unknown) => {
          throw notRetriable(error);
        },
      );
    }
    return authorize(request, options, resolved);
  };

  return {
    beforeRequest: [beforeRequest],
    beforeRetry: [refuseUnsafeRetry],
    beforeError: [mapHttpError],
  };
}

/** Options shared by every `mastersFetch` instance of a client. */
export interface MastersFetchSettings {
  prefixUrl: string;
  timedFetch: typeof globalThis.fetch;
}

/** Errors thrown by a call's credentials source (see `shouldRetry`). */
const resolverFailures = new WeakSet<object>();

function notRetriable(error: unknown): unknown {
  if (typeof error === 'object' && error !== null) resolverFailures.add(error);
  return error;
}

/**
 * ky retries thrown errors of idempotent methods by default; ours must not be: a token error, a
 * configuration error or a timeout (ky's default `retryOnTimeout: false`) fails at once. Network
 * errors and retriable HTTP statuses keep ky's default behaviour.
 */
const shouldRetry = ({ error }: { error: Error }): false | undefined => {
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
 * Creates an authenticated ky instance (`prefixUrl` = base URL, the explicit retry policy, the
 * per-attempt timeout in `timedFetch`, and the auth hooks).
 */
export function createMastersFetch(
  settings: MastersFetchSettings,
  hooks: ReturnType<typeof createAuthHooks>,
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
    hooks,
  });
  return withCallRewrites(instance);
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
      if (controller.signal.aborted) {
        throw timeoutError('POST', p, timeoutMs, 'headers');
      }
      throw new MastersHttpError({
        status: undefined,
        code: networkCode(error) ?? 'ECONNRESET',
        method: 'POST',
        path: p,
        cause: error,
      });
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
async function readBounded(response: Response, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
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

export type { NormalizedOptions };
