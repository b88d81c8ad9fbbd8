import type { ServerResponse } from 'node:http';
import {
  createMastersClient,
  MastersConfigError,
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

/** Marks a request that a `mastersIndia()` middleware already handled (a second mount is a no-op). */
const handled = Symbol.for('@mastersfetch/express.handled');

function isMastersClient(value: MastersClient | MastersIndiaOptions): value is MastersClient {
  return typeof (value as Partial<MastersClient> | undefined)?.forCredentials === 'function';
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as Partial<PromiseLike<T>> | undefined)?.then === 'function';
}

/**
 * Defines `req.mastersFetch` as a lazy, memoised property: the AbortController and the
 * `close` listener are only created for requests that actually call the API (the hot path stays a
 * property definition). The signal aborts this request's token wait and upstream call when its
 * client disconnects before the response is finished; other requests sharing the login are unaffected.
 */
function attach(req: MastersRequest, res: ServerResponse, base: MastersFetch): void {
  let value: MastersFetch | undefined;
  Object.defineProperty(req, 'mastersFetch', {
    configurable: true,
    enumerable: true,
    get(): MastersFetch {
      if (value) return value;
      const controller = new AbortController();
      const abortIfUnfinished = (): void => {
        if (!res.writableFinished) controller.abort();
      };
      if (res.closed) abortIfUnfinished();
      else res.once('close', abortIfUnfinished);
      value = base.extend({ signal: controller.signal });
      return value;
    },
    set(replacement: MastersFetch) {
      value = replacement;
    },
  });
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
  if (isMastersClient(source)) {
    client = source;
  } else if (typeof source !== 'object' || source === null) {
    client = createMastersClient(source); // throws MastersConfigError naming `options`
  } else {
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
