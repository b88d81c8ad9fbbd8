import { STATUS_CODES } from 'node:http';
import { mastersErrorResponse } from '@mastersfetch/core';
import { SampleRequestError } from './sample-request-error.js';

/** An HTTP error answer: status and JSON body (always with `error` and `message`). */
export interface SampleErrorResponse {
  status: number;
  body: Record<string, unknown>;
}

/** The HTTP status a framework attached to an error (body parsers, Nest `HttpException`). */
function frameworkStatus(err: object): number | undefined {
  const e = err as { status?: unknown; statusCode?: unknown; getStatus?: unknown };
  let status: unknown = e.status ?? e.statusCode;
  if (status === undefined && typeof e.getStatus === 'function')
    status = (e.getStatus as () => unknown).call(err);
  return typeof status === 'number' && Number.isInteger(status) ? status : undefined;
}

/** A JSON parse failure of Express/body-parser, @koa/bodyparser (co-body) or Nest. */
function isJsonParseError(err: object): boolean {
  const e = err as { type?: unknown; name?: unknown; message?: unknown };
  if (e.type === 'entity.parse.failed' || e.name === 'SyntaxError') return true;
  return typeof e.message === 'string' && /json/i.test(e.message);
}

/**
 * Maps any error of a sample app request to its HTTP answer (docs/ARCHITECTURE.md §10 table):
 * `SampleRequestError` → 400 `unknown_tenant`; a body parser's malformed-JSON error (Express
 * `type: 'entity.parse.failed'`, @koa/bodyparser's 400, Nest's `BadRequestException`) → 400
 * `bad_request`; other framework 4xx errors (e.g. 413) keep their status as `bad_request` (404 as
 * `not_found`); mastersfetch errors → the core's `mastersErrorResponse` (400 `bad_request` +
 * `fields` for `MastersValidationError`, 422 `nic_error`, 502 `upstream_auth` /
 * `upstream_rejected`, 503 `upstream_unavailable`, 500 `misconfigured`);
 * anything else → 500 `{ error: 'internal', message: 'Internal server error' }`. Bodies never
 * carry a stack or a secret.
 *
 * @example
 * ```ts
 * app.use((err, _req, res, _next) => { const { status, body } = sampleErrorResponse(err); res.status(status).json(body); });
 * ```
 */
export function sampleErrorResponse(err: unknown): SampleErrorResponse {
  if (err instanceof SampleRequestError) return { status: err.status, body: err.toBody() };
  const masters = mastersErrorResponse(err);
  if (masters) return { status: masters.status, body: { ...masters.body } };
  if (err !== null && typeof err === 'object') {
    const status = frameworkStatus(err);
    if (status !== undefined && status >= 400 && status < 500) {
      const message =
        status === 400 && isJsonParseError(err)
          ? 'Malformed JSON in request body'
          : (STATUS_CODES[status] ?? 'Bad request');
      return { status, body: { error: status === 404 ? 'not_found' : 'bad_request', message } };
    }
  }
  return { status: 500, body: { error: 'internal', message: 'Internal server error' } };
}
