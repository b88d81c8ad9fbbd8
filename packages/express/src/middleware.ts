import type { ServerResponse } from 'node:http';
import { bindRequests, type MastersClient } from '@mastersfetch/core';
import type {
  MastersIndiaAdapterOptions,
  MastersIndiaMiddleware,
  MastersIndiaOptions,
  MastersNext,
  MastersRequest,
} from './types.js';

/**
 * Express middleware (Express `^4.21 || ^5`) that gives every request an authenticated
 * `req.mastersFetch`. All token handling (login, cache, renewal, single flight, 401 replay) and the
 * per-request binding live in `@mastersfetch/core` (`bindRequests`, docs/ARCHITECTURE.md §8); this
 * only wires them into Express.
 *
 * `req.mastersFetch` is lazy: `resolveCredentials(req)` runs at its first read, so a request that
 * never calls the API costs nothing. A resolver that throws or rejects makes that request's calls
 * reject with its error (handle it like any API error, e.g. `.catch(next)`). When the client
 * disconnects before the response is finished, a call waiting for an access token is aborted;
 * other requests sharing the login are unaffected, and an upstream call already sent is left to
 * finish. Mounting it twice is a no-op for the second mount.
 *
 * @param source - Client options (a client is created once, here) or an existing `MastersClient`.
 * @param adapterOptions - `resolveCredentials` when passing a client (with options, put it in them).
 * @returns The middleware, with the client on `.client` (close it on shutdown).
 * @throws MastersConfigError when the client options are invalid (from the core), an option is
 *   unknown, or `resolveCredentials` is not a function.
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
  const binding = bindRequests<MastersRequest>(source, adapterOptions);
  const middleware = (req: MastersRequest, res: ServerResponse, next: MastersNext): void => {
    binding.attach(req, req, res);
    next();
  };
  return Object.defineProperty(middleware, 'client', {
    value: binding.client,
    enumerable: true,
  }) as MastersIndiaMiddleware;
}
