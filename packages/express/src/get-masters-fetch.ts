import type { MastersFetch } from '@mastersfetch/core';
import type { MastersRequest } from './types.js';

/**
 * Returns `req.mastersFetch`, failing loudly when the middleware was not mounted (instead of a
 * `TypeError: cannot read properties of undefined` deep inside a handler).
 *
 * @param req - An Express request (4 or 5).
 * @throws Error naming `mastersIndia()` when no `mastersIndia()` middleware ran for this request.
 * @example
 * ```ts
 * const details = await getMastersFetch(req).get('api/v1/getEwayBillData/', { searchParams }).json();
 * ```
 */
export function getMastersFetch(req: MastersRequest): MastersFetch {
  const mastersFetch = (req as Partial<MastersRequest>).mastersFetch;
  if (mastersFetch === undefined) {
    throw new Error(
      'req.mastersFetch is not set: mount the mastersIndia() middleware before this route, ' +
        'e.g. app.use(mastersIndia({ environment, credentials }))',
    );
  }
  return mastersFetch;
}
