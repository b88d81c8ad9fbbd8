import { MastersConfigError, type MastersFetch } from '@mastersfetch/core';

/**
 * Where an {@link EwayBills} gets its authenticated `mastersFetch`: the instance itself, a
 * `MastersClient`, an Express `req` or a Koa `ctx` (after the adapter's middleware: they carry the
 * per-request `mastersFetch`, so per-request credentials flow through), or a NestJS
 * `MastersIndiaService` (its `fetch`).
 */
export type MastersFetchSource =
  | MastersFetch
  | { mastersFetch: MastersFetch }
  | { state: { mastersFetch?: MastersFetch } }
  | { fetch: MastersFetch };

// `in`, not a read: the adapters' per-request views make a method when it is read (core's
// wait-view), and this runs twice on every `ewayBills(req)`: 0.47 → 0.03 µs per check on such a
// view (Node 20, 3·10^5 views after warm-up; issue 22's typed bench, scenario 9).
const isKy = (value: unknown): value is MastersFetch =>
  typeof value === 'function' && 'post' in value && 'get' in value;

/**
 * Reads the `mastersFetch` of a source (see {@link MastersFetchSource}).
 *
 * @throws {@link MastersConfigError} (`option: 'mastersFetch'`) when the source has none, e.g. an
 * Express `req` without the `mastersIndia()` middleware.
 */
export function resolveMastersFetch(source: unknown): MastersFetch {
  if (isKy(source)) return source;
  if (typeof source === 'object' && source !== null) {
    const s = source as {
      mastersFetch?: unknown;
      state?: { mastersFetch?: unknown };
      fetch?: unknown;
    };
    if (isKy(s.mastersFetch)) return s.mastersFetch;
    if (isKy(s.state?.mastersFetch)) return s.state.mastersFetch;
    if (isKy(s.fetch)) return s.fetch;
  }
  throw new MastersConfigError({
    option: 'mastersFetch',
    reason:
      'ewayBills() needs a mastersFetch, a MastersClient, a request/context after the mastersIndia() middleware, or MastersIndiaService',
  });
}
