import { withClientDisconnect, type ClientResponse } from '../client-disconnect.js';
import { createMastersClient } from '../client.js';
import { MastersConfigError } from '../errors.js';
import { assertKnownOptions, MASTERS_CLIENT_OPTION_KEYS } from '../options.js';
import type { Credentials, MastersClient, MastersClientOptions, MastersFetch } from '../types.js';

/**
 * Picks the credentials of one incoming request (multi-tenant apps), e.g. from a header. Called at
 * most once per request, at the first read of its `mastersFetch`; requests that never call the
 * API never call it. Sync or async; `undefined` (or a promise of it) means the client's default
 * `credentials`. See docs/ARCHITECTURE.md §8.
 *
 * A throw or a rejection is not retried and not wrapped: every call of that request's
 * `mastersFetch` rejects with the resolver's own error (so an app's "400 unknown tenant" error
 * reaches its error handler as is); a value that is not an `Error` becomes a `MastersConfigError`
 * naming `resolveCredentials`. Credentials of the wrong shape reject with the core's
 * `MastersConfigError` naming the field (`credentials.username`, ...).
 */
export type ResolveCredentials<Request> = (
  request: Request,
) => Credentials | undefined | PromiseLike<Credentials | undefined>;

/** What an adapter accepts next to the client's options (or next to an existing client). */
export interface AdapterOptions<Request> {
  /** Per-request credentials; see {@link ResolveCredentials}. */
  resolveCredentials?: ResolveCredentials<Request> | undefined;
}

/**
 * The first argument of {@link bindRequests}: client options (a client is created), an existing
 * {@link MastersClient}, or `{ client }`; the two object forms may carry `resolveCredentials`.
 */
export type BindSource<Request> =
  | MastersClient
  | (MastersClientOptions & AdapterOptions<Request>)
  | ({ client: MastersClient } & AdapterOptions<Request>);

/** The keys of {@link AdapterOptions}, accepted next to the client's option keys. */
const ADAPTER_OPTION_KEYS = [
  'resolveCredentials',
] as const satisfies readonly (keyof AdapterOptions<unknown>)[];

/** What {@link bindRequests} returns: the client and the per-request attach step. */
export interface RequestBinding<Request> {
  /** The client behind every request (close it on shutdown). */
  readonly client: MastersClient;
  /**
   * Gives `target` (and `alsoOn`, e.g. Koa's `ctx.state`) a lazy `mastersFetch` property for this
   * request. Nothing is resolved or built until it is read; the first read resolves the
   * credentials and binds the client's token wait to `response` (a client that disconnects aborts
   * this request's wait, never the shared login; see `withClientDisconnect`); later reads return
   * the same instance. Assigning to it replaces the value for this request.
   *
   * @param target - the object handlers read `mastersFetch` from (Express `req`, Koa `ctx`, ...).
   * @param request - what `resolveCredentials` receives.
   * @param response - Node's `ServerResponse` of the request; `undefined` skips the disconnect.
   * @returns `false` (and changes nothing) when a binding already attached to `target`, so a
   *   middleware mounted twice is a no-op and the first mount wins.
   */
  attach(
    target: object,
    request: Request,
    response: ClientResponse | undefined,
    alsoOn?: object,
  ): boolean;
}

/**
 * `true` for a {@link MastersClient}, detected by shape (`forCredentials` and `getAccessToken`
 * functions), so a client from another copy of the core is recognised too.
 */
export function isMastersClient(value: unknown): value is MastersClient {
  const candidate = value as Partial<MastersClient> | null | undefined;
  return (
    typeof candidate?.forCredentials === 'function' &&
    typeof candidate.getAccessToken === 'function'
  );
}

/** What one request's accessor reads; its presence on a target marks the target as bound. */
interface Slot {
  readonly select: (request: unknown) => MastersFetch;
  readonly request: unknown;
  readonly response: ClientResponse | undefined;
  value: MastersFetch | undefined;
}

const SLOT = Symbol.for('@mastersfetch/core.request-slot');

type Slotted = { [SLOT]?: Slot };

// One getter and one setter for every request of every binding: defining the property costs no
// allocation beyond the slot. Not enumerable, so code that copies the request (`{ ...req }`,
// `Object.assign({}, ctx.state)`) does not call the resolver.
function readMastersFetch(this: Slotted): MastersFetch {
  const slot = this[SLOT] as Slot;
  if (slot.value !== undefined) return slot.value;
  const selected = slot.select(slot.request);
  slot.value =
    slot.response === undefined ? selected : withClientDisconnect(selected, slot.response);
  return slot.value;
}

function replaceMastersFetch(this: Slotted, replacement: MastersFetch): void {
  (this[SLOT] as Slot).value = replacement;
}

const accessor: PropertyDescriptor = {
  configurable: true,
  enumerable: false,
  get: readMastersFetch,
  set: replaceMastersFetch,
};

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as Partial<PromiseLike<T>> | null | undefined)?.then === 'function';
}

function asFailure(error: unknown): Error {
  return error instanceof Error
    ? error
    : new MastersConfigError({
        option: 'resolveCredentials',
        reason: 'threw or rejected with a value that is not an Error',
      });
}

function splitSource<Request>(source: BindSource<Request>): {
  client: MastersClient;
  resolveCredentials: unknown;
} {
  if (isMastersClient(source)) return { client: source, resolveCredentials: undefined };
  // Not an object: the core throws MastersConfigError naming `options`.
  if (typeof source !== 'object' || source === null) {
    return { client: createMastersClient(source), resolveCredentials: undefined };
  }
  if ('client' in source) {
    // Client options next to an existing client would be ignored: only the adapter's keys here.
    assertKnownOptions(source, ['client', ...ADAPTER_OPTION_KEYS]);
    if (!isMastersClient(source.client)) {
      throw new MastersConfigError({
        option: 'client',
        reason: 'must be a MastersClient (from createMastersClient)',
      });
    }
    return { client: source.client, resolveCredentials: source.resolveCredentials };
  }
  assertKnownOptions(source, [...MASTERS_CLIENT_OPTION_KEYS, ...ADAPTER_OPTION_KEYS]);
  const { resolveCredentials, ...clientOptions } = source;
  return { client: createMastersClient(clientOptions), resolveCredentials };
}

/**
 * For adapter authors: everything a framework adapter needs per request, so the adapter itself is
 * only framework wiring (docs/ARCHITECTURE.md §8). Normalises the source (client options, a client
 * or `{ client }`), validates `resolveCredentials` once, and returns `attach`, which gives each
 * request a lazy `mastersFetch` (see {@link RequestBinding.attach}).
 *
 * A request that uses the default credentials allocates one slot object when attached and, when it
 * reads `mastersFetch`, the disconnect wrapper of `withClientDisconnect`; no ky instance.
 * Credentials returned synchronously reuse the client's cached instance for that key; an async
 * resolver costs two ky instances (`forCredentials` of a function, and the `extend` that stops ky
 * retrying the resolver's error) per request that reads `mastersFetch`.
 *
 * @param source - client options, a `MastersClient`, or `{ client }`; the object forms may carry
 *   `resolveCredentials` (which wins over `options.resolveCredentials`).
 * @param options - `resolveCredentials`, when the source cannot carry it (a bare client).
 * @returns the binding; its `client` is the one client (created here from options).
 * @throws MastersConfigError when the client options are invalid (from the core), an unknown key is
 *   given (named, with the closest known one), `client` is not a client, or `resolveCredentials`
 *   is not a function.
 * @example
 * ```ts
 * const binding = bindRequests(options, { resolveCredentials });
 * const middleware = (req, res, next) => {
 *   binding.attach(req, req, res);
 *   next();
 * };
 * ```
 */
export function bindRequests<Request>(
  source: BindSource<Request>,
  options: AdapterOptions<Request> = {},
): RequestBinding<Request> {
  if (typeof options === 'object' && options !== null) {
    assertKnownOptions(options, ADAPTER_OPTION_KEYS);
  }
  const split = splitSource(source);
  const { client } = split;
  const resolveCredentials = split.resolveCredentials ?? options?.resolveCredentials;
  if (resolveCredentials !== undefined && typeof resolveCredentials !== 'function') {
    throw new MastersConfigError({ option: 'resolveCredentials', reason: 'must be a function' });
  }
  const resolve = resolveCredentials as ResolveCredentials<unknown> | undefined;

  /** A per-request instance whose identity is known later (or never: a failure). */
  const later = (credentials: PromiseLike<Credentials | undefined>): MastersFetch => {
    const settled = Promise.resolve(credentials).catch((error: unknown) => {
      throw asFailure(error);
    });
    settled.catch(() => {}); // read but never called: no unhandled rejection
    try {
      return client.forCredentials(() => settled);
    } catch {
      // Only a closed client throws here; its `mastersFetch` rejects every call with
      // MastersClientClosedError.
      return client.mastersFetch;
    }
  };

  const select = (request: unknown): MastersFetch => {
    if (resolve === undefined) return client.mastersFetch;
    let result: ReturnType<typeof resolve>;
    try {
      result = resolve(request);
      if (result === undefined) return client.mastersFetch;
      if (!isPromiseLike(result)) return client.forCredentials(result);
    } catch (error) {
      // A throwing resolver, or credentials the core refuses (MastersConfigError naming the field):
      // every call of this request rejects with it, as an async failure would.
      return later(Promise.reject(error as Error));
    }
    return later(result);
  };

  return {
    client,
    attach(target, request, response, alsoOn) {
      if (Object.hasOwn(target, SLOT)) return false;
      const slot: Slot = { select, request, response, value: undefined };
      (target as Slotted)[SLOT] = slot;
      Object.defineProperty(target, 'mastersFetch', accessor);
      if (alsoOn !== undefined) {
        (alsoOn as Slotted)[SLOT] = slot;
        Object.defineProperty(alsoOn, 'mastersFetch', accessor);
      }
      return true;
    },
  };
}
