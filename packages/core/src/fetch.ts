import ky, {
  type BeforeErrorHook,
  type Input,
  type Options,
  type BeforeRequestHook,
  type HTTPError,
  type KyInstance,
  type NormalizedOptions,
  type ResponsePromise,
} from 'ky';
import { MastersError, MastersHttpError, scrubError } from './errors.js';
import type { Redactor } from './redact.js';
import type { KeyState, TokenManager } from './token-manager.js';

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
  // `input` is the Request ky built, or a URL string (token-auth: a string body sent as is, which
  // undici writes in one go; a Request with a body is re-piped through a TransformStream).
  const attempt = async (input: StampedRequest | string, init: TimedInit | undefined) => {
    const perCall = init?.[TIMEOUT_OPTION];
    const limitMs = perCall ?? timeoutMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), limitMs);
    const isUrl = typeof input === 'string';
    const outer = init?.signal ?? (isUrl ? undefined : input.signal);
    // Follow the caller's signal with a listener removed when the attempt settles, not with
    // AbortSignal.any(): that costs ~45 µs per attempt and, on Node 20, keeps every combined
    // signal alive as long as a long-lived caller signal.
    const onOuterAbort = (): void => controller.abort(outer?.reason);
    if (outer?.aborted) onOuterAbort();
    else outer?.addEventListener('abort', onOuterAbort, { once: true });
    try {
      return await baseFetch(input, fetchInit(init, controller.signal));
    } catch (error) {
      if (outer?.aborted) throw error;
      const method = isUrl ? (init?.method ?? 'GET') : input.method;
      const path = pathOf(isUrl ? input : input.url);
      if (controller.signal.aborted) {
        throw new MastersHttpError({
          status: undefined,
          code: 'ETIMEDOUT',
          method,
          path,
          message: `Masters India ${method} ${path} timed out after ${limitMs} ms`,
        });
      }
      const failure = new MastersHttpError({
        status: undefined,
        code: networkCode(error) ?? 'ECONNRESET',
        method,
        path,
        cause: error,
      });
      // A custom fetch's error may quote the request (its api_key header): scrub the cause chain.
      throw scrubError(failure, isUrl ? undefined : input[REDACTOR]);
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    }
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
  if (init === undefined) return { signal };
  if (init[TIMEOUT_OPTION] === undefined && init[WAIT_SIGNAL_OPTION] === undefined) {
    return { ...init, signal };
  }
  // Every adapter call carries WAIT_SIGNAL_OPTION: one object here, not a rest copy plus a spread.
  const { [TIMEOUT_OPTION]: _timeoutMs, [WAIT_SIGNAL_OPTION]: _waitSignal, ...rest } = init;
  rest.signal = signal;
  return rest;
}

/** ky options with a numeric `timeout` moved to {@link TIMEOUT_OPTION} (ky's timer off). */
function adaptTimeout<T extends Options | undefined>(options: T): T {
  if (options === undefined || typeof options.timeout !== 'number') return options;
  return { ...options, timeout: false, [TIMEOUT_OPTION]: options.timeout };
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
  const send: Send = (call, input, options) => {
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
  return wrap(instance);
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
    const request = input as StampedRequest;
    if (!request.url.startsWith(basePrefix)) {
      // Never send a credential to another origin.
      request.headers.delete('authorization');
      request.headers.delete('api_key');
      return;
    }
    const resolved = resolve();
    if (resolved instanceof Promise) {
      return resolved.then((state) => authorize(request, options, state));
    }
    return authorize(request, options, resolved);
  };

  return {
    beforeRequest: [beforeRequest],
    beforeError: [mapHttpError],
  };
}

/** Options shared by every `mastersFetch` instance of a client. */
export interface MastersFetchSettings {
  prefixUrl: string;
  timedFetch: typeof globalThis.fetch;
}

/**
 * ky retries thrown errors of idempotent methods by default; ours must not be: a token error, a
 * configuration error or a timeout (ky's default `retryOnTimeout: false`) fails at once. Network
 * errors and retriable HTTP statuses keep ky's default behaviour.
 */
const shouldRetry = ({ error }: { error: Error }): false | undefined => {
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
 * Sends one token-auth / refresh request: `POST <base>/<path>` with a JSON body, through
 * `timedFetch` (per-attempt timeout, network errors as `MastersHttpError`).
 *
 * @returns the response whatever its status (the caller reads at most 256 KiB of it).
 */
export type LoginPost = (path: string, body: object) => Promise<Response>;

/**
 * The login transport: no auth hooks, no retries (backoff is the token manager's), HTTP errors as
 * responses. Plain fetch rather than ky: ky clones every request body for retries it would never
 * make here, which was a third of the client's CPU per login with many tenants.
 */
export function createLoginPost(settings: MastersFetchSettings): LoginPost {
  const { prefixUrl, timedFetch } = settings;
  return (path, body) =>
    timedFetch(prefixUrl + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
}

export type { NormalizedOptions };
