import { mastersErrorResponse } from '@mastersfetch/core';
import type { MastersErrorMiddleware } from './types.js';

/**
 * Express error middleware for mastersfetch errors, using the core's mapping (docs/ARCHITECTURE.md §5):
 * `MastersApiError` → 422 `nic_error` (+ `nicCode`), invalid credentials / upstream 401-403 → 502
 * `upstream_auth`, other upstream 4xx → 502 `upstream_rejected`, 5xx / timeouts / token errors →
 * 503 `upstream_unavailable`, `MastersConfigError` → 500 `misconfigured`. The JSON body always has
 * `error` and `message` and never a secret. Any other error (or one raised after the headers were
 * sent) is passed on with `next(err)`.
 *
 * @example
 * ```ts
 * app.use(mastersIndia(options));
 * app.use(routes);
 * app.use(mastersErrorHandler());
 * ```
 */
export function mastersErrorHandler(): MastersErrorMiddleware {
  return (err, _req, res, next) => {
    const response = res.headersSent ? undefined : mastersErrorResponse(err);
    if (!response) return next(err);
    const json = JSON.stringify(response.body);
    res.statusCode = response.status;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('content-length', Buffer.byteLength(json));
    res.end(json);
  };
}
