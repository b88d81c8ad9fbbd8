import type { ServerResponse } from 'node:http';
import {
  assertKnownOptions,
  createMastersClient,
  MASTERS_CLIENT_OPTION_KEYS,
  MastersConfigError,
  withClientDisconnect,
  type Credentials,
  type MastersClient,
  type MastersFetch,
} from '@mastersfetch/core';
import type {
  MastersIndiaAdapterOptions,
  MastersIndiaMiddleware,
  MastersIndiaOptions,
  MastersNext,
  MastersRequest,
} from './types.js';

/** Keys of {@link MastersIndiaAdapterOptions}, accepted next to the client's options. */
const ADAPTER_KEYS = [
  'resolveCredentials',
] as const satisfies readonly (keyof MastersIndiaAdapterOptions)[];

/** Marks a request that a `mastersIndia()` middleware already handled (a second mount is a no-op). */
const handled = Symbol.for('@mastersfetch/express.handled');

function isMastersClient(value: MastersClient | MastersIndiaOptions): value is MastersClient {
  return typeof (value as Partial<MastersClient> | undefined)?.forCredentials === 'function';
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as Partial<PromiseLike<T>> | undefined)?.then === 'function';
}

/** What the `mastersFetch` accessor of one request reads: built lazily, memoised in `value`. */
interface Slot {
  base: MastersFetch;
  res: ServerResponse;
  value: MastersFetch | undefined;
}

const slotKey = Symbol('@mastersfetch/express.slot');

type SlottedRequest = MastersRequest & { [slotKey]?: Slot };

// One getter/setter pair for every request. A closure per request would give each request object
// its own hidden class (V8 keeps accessor functions in it) and make every `req.*` access in
// Express's router megamorphic: about 10% more CPU per request in `pnpm bench overhead`.
function getMastersFetch(this: SlottedRequest): MastersFetch {
  const slot = this[slotKey] as Slot;
  return (slot.value ??= withClientDisconnect(slot.base, slot.res));
}

function setMastersFetch(this: SlottedRequest, replacement: MastersFetch): void {
  (this[slotKey] as Slot).value = replacement;
}

const accessor: PropertyDescriptor = {
  configurable: true,
  enumerable: true,
  get: getMastersFetch,
  set: setMastersFetch,
};

/**
 * Defines `req.mastersFetch` as a lazy, memoised property: the per-request view is built only for
 * requests that call the API. When the client disconnects before the response is finished, a call
 * waiting for an access token is aborted; other requests sharing the login are unaffected, and an
 * upstream call already sent is left to finish (see `withClientDisconnect`).
 */
function attach(req: MastersRequest, res: ServerResponse, base: MastersFetch): void {
  (req as SlottedRequest)[slotKey] = { base, res, value: undefined };
  Object.defineProperty(req, 'mastersFetch', accessor);
}

/**
 * Express middleware (Express `^4.21 || ^5`) that gives every request an authenticated
 * `req.mastersFetch`. All token handling (login, cache, renewal, single flight, 401 replay) lives
 * in `@mastersfetch/core`; this only attaches the right client to the request.
 *
 * @param source - Client options (a client is created once, here) or an existing `MastersClient`.
 * @param adapterOptions - `resolveCredentials` when passing a client (with options, put it in them).
 * @returns The middleware, with the client on `.client` (close it on shutdown).
 * @throws MastersConfigError when the client options are invalid (from the core) or
 *   `resolveCredentials` is not a function.
 * @example
 * ```ts
 * const masters = mastersIndia({ environment: 'sandbox', credentials: { username, password } });
 * app.use(masters);
 * app.get('/ewaybills/:no', async (req, res) => {
 *   res.json(await req.mastersFetch.get('api/v1/getEwayBillData/', { searchParams }).json());
 * });
 * ```
 */
export function mastersIndia(
  source: MastersIndiaOptions | MastersClient,
  adapterOptions: MastersIndiaAdapterOptions = {},
): MastersIndiaMiddleware {
  let client: MastersClient;
  let resolveCredentials = adapterOptions.resolveCredentials;
  // An unknown key would be ignored: reject it, naming the closest known one.
  if (typeof adapterOptions === 'object' && adapterOptions !== null) {
    assertKnownOptions(adapterOptions, ADAPTER_KEYS);
  }
  if (isMastersClient(source)) {
    client = source;
  } else if (typeof source !== 'object' || source === null) {
    client = createMastersClient(source); // throws MastersConfigError naming `options`
  } else {
    assertKnownOptions(source, [...MASTERS_CLIENT_OPTION_KEYS, ...ADAPTER_KEYS]);
    const { resolveCredentials: fromOptions, ...clientOptions } = source;
    client = createMastersClient(clientOptions);
    resolveCredentials = fromOptions ?? resolveCredentials;
  }
  if (resolveCredentials !== undefined && typeof resolveCredentials !== 'function') {
    throw new MastersConfigError({ option: 'resolveCredentials', reason: 'must be a function' });
  }
  const fetchFor = (credentials: Credentials | undefined): MastersFetch =>
    credentials === undefined ? client.mastersFetch : client.forCredentials(credentials);

  const middleware = (req: MastersRequest, res: ServerResponse, next: MastersNext): void => {
    const marked = req as MastersRequest & { [handled]?: true };
    if (marked[handled]) return next();
    marked[handled] = true;
    if (!resolveCredentials) {
      attach(req, res, client.mastersFetch);
      return next();
    }
    let resolved: ReturnType<typeof resolveCredentials>;
    try {
      resolved = resolveCredentials(req);
    } catch (err) {
      return next(err);
    }
    if (!isPromiseLike(resolved)) {
      attach(req, res, fetchFor(resolved));
      return next();
    }
    resolved.then((credentials) => {
      attach(req, res, fetchFor(credentials));
      next();
    }, next);
  };
  return Object.defineProperty(middleware, 'client', {
    value: client,
    enumerable: true,
  }) as MastersIndiaMiddleware;
}
