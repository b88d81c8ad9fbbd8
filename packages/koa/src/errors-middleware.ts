import { mastersErrorResponse } from '@mastersfetch/core';
import type { Middleware } from 'koa';

/**
 * Error middleware: mount it first. Errors of mastersfetch thrown downstream become the status
 * and JSON body of the shared error table (docs/ARCHITECTURE.md §5): `MastersApiError` → 422
 * `{ error: 'nic_error', nicCode, message }`, invalid credentials → 502, token failures and
 * timeouts → 503, ...; any other error is rethrown untouched, so Koa's own handling (or yours)
 * still applies.
 *
 * @example
 * ```ts
 * app.use(mastersErrors());
 * app.use(mastersIndia({ environment: 'sandbox', credentials }));
 * ```
 */
export function mastersErrors(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      const response = mastersErrorResponse(err);
      if (response === undefined) throw err;
      ctx.status = response.status;
      ctx.body = response.body;
    }
  };
}
