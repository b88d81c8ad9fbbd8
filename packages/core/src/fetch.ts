import ky, {
  type AfterResponseHook,
  type BeforeErrorHook,
  type BeforeRequestHook,
  type HTTPError,
  type KyInstance,
  type NormalizedOptions,
} from 'ky';
import { MastersError, MastersHttpError } from './errors.js';
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

// Per-request bookkeeping lives on ky's per-call `context` object (a fresh object per call).
const STATE = Symbol('mastersfetch.state');
const GENERATION = Symbol('mastersfetch.generation');

interface RequestContext {
  [STATE]?: KeyState;
  [GENERATION]?: number;
}

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

/**
 * A fetch that bounds each HTTP attempt by `timeoutMs` and turns timeouts and network failures into
 * {@link MastersHttpError} (`status: undefined`, `code: 'ETIMEDOUT' | 'ECONNRESET' | ...`), so ky's
 * `TimeoutError` (which holds the request) never escapes. A caller's own abort is rethrown as is.
 */
export function createTimedFetch(
  baseFetch: typeof globalThis.fetch,
  timeoutMs: number,
): typeof globalThis.fetch {
  return async function timedFetch(input, init) {
    const request = input as Request;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const outer = init?.signal ?? request.signal;
    const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal;
    try {
      return await baseFetch(request, { ...init, signal });
    } catch (error) {
      if (outer?.aborted) throw error;
      const method = request.method;
      const path = pathOf(request.url);
      if (controller.signal.aborted) {
        throw new MastersHttpError({
          status: undefined,
          code: 'ETIMEDOUT',
          method,
          path,
          message: `Masters India ${method} ${path} timed out after ${timeoutMs} ms`,
        });
      }
      throw new MastersHttpError({
        status: undefined,
        code: networkCode(error) ?? 'ECONNRESET',
        method,
        path,
        cause: error,
      });
    } finally {
      clearTimeout(timer);
    }
  };
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
  maxReplayBodyBytes: number;
  timedFetch: typeof globalThis.fetch;
}

/**
 * Builds the ky hooks of one `mastersFetch` instance: set the auth header before every attempt
 * (waiting for the token when needed, honouring the request's signal), replay once after a 401,
 * and map final HTTP errors. The closures are created once per instance, not per call.
 */
export function createAuthHooks(
  deps: AuthHooksDeps,
  resolve: StateResolver,
): {
  beforeRequest: BeforeRequestHook[];
  afterResponse: AfterResponseHook[];
  beforeError: BeforeErrorHook[];
} {
  const { manager, basePrefix } = deps;

  const beforeRequest: BeforeRequestHook = async (request, options) => {
    if (!request.url.startsWith(basePrefix)) {
      // Never send a credential to another origin.
      request.headers.delete('authorization');
      request.headers.delete('api_key');
      return;
    }
    const resolved = resolve();
    const state = resolved instanceof Promise ? await resolved : resolved;
    if (state.isApiKey) {
      request.headers.set('api_key', state.apiKey as string);
      request.headers.delete('authorization');
      return;
    }
    if (!manager.isUsable(state)) await manager.ensureToken(state, request.signal);
    request.headers.set('authorization', `JWT ${state.token as string}`);
    request.headers.delete('api_key');
    const context = options.context as RequestContext;
    context[STATE] = state;
    context[GENERATION] = state.generation;
  };

  const afterResponse: AfterResponseHook = async (request, options, response) => {
    if (response.status !== 401) return;
    const context = options.context as RequestContext;
    const state = context[STATE];
    const usedGeneration = context[GENERATION];
    if (state === undefined || usedGeneration === undefined) return;
    const method = request.method;
    const path = pathOf(request.url);
    const decision = await manager.onUnauthorized(
      state,
      usedGeneration,
      method,
      path,
      request.signal,
    );
    if (decision === 'surface') return;
    // Buffer the body before replaying: the original stream is gone, and the replay must send
    // byte-identical content (a generate replayed with a different body would be a different call).
    const size = bodySize(options.body);
    if (size === NOT_REPLAYABLE || size > deps.maxReplayBodyBytes) return;
    let body: ArrayBuffer | undefined;
    if (size > 0 && request.body !== null) {
      body = await request.clone().arrayBuffer();
      if (body.byteLength > deps.maxReplayBodyBytes) return;
    }
    if (!manager.isUsable(state)) await manager.ensureToken(state, request.signal);
    const replayGeneration = state.generation;
    const headers = new Headers(request.headers);
    headers.set('authorization', `JWT ${state.token as string}`);
    manager.stats.replays++;
    const replayed = await deps.timedFetch(
      new Request(request.url, {
        method,
        headers,
        body,
        signal: request.signal,
        redirect: request.redirect,
      }),
    );
    context[GENERATION] = replayGeneration;
    if (replayed.status === 401) manager.onReplayUnauthorized(state);
    return replayed;
  };

  return {
    beforeRequest: [beforeRequest],
    afterResponse: [afterResponse],
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
  return ky.create({
    prefixUrl: settings.prefixUrl,
    retry: {
      ...RETRY_POLICY,
      methods: [...RETRY_POLICY.methods],
      statusCodes: [...RETRY_POLICY.statusCodes],
      afterStatusCodes: [...RETRY_POLICY.afterStatusCodes],
      shouldRetry,
    },
    // The per-attempt timeout lives in `timedFetch` so it maps to MastersHttpError('ETIMEDOUT').
    timeout: false,
    fetch: settings.timedFetch,
    hooks,
  });
}

/** The internal ky instance for token-auth / refresh: no auth hooks, no retries, no HTTP errors. */
export function createLoginFetch(settings: MastersFetchSettings): KyInstance {
  return ky.create({
    prefixUrl: settings.prefixUrl,
    retry: 0,
    timeout: false,
    throwHttpErrors: false,
    fetch: settings.timedFetch,
  });
}

export type { NormalizedOptions };
