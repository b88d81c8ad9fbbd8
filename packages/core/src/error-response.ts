import {
  MastersApiError,
  MastersConfigError,
  MastersError,
  MastersHttpError,
  MastersInvalidCredentialsError,
  MastersTokenError,
  MastersValidationError,
  type MastersValidationIssue,
} from './errors.js';

/** The HTTP answer an adapter sends for one of our errors (docs/ARCHITECTURE.md §5). */
export interface MastersErrorResponse {
  status: number;
  body: {
    error: string;
    message: string;
    nicCode?: string;
    status?: number;
    fields?: MastersValidationIssue[];
  };
}

/**
 * Maps a mastersfetch error to the HTTP answer every adapter sends (one table for
 * `mastersErrorHandler()`, `mastersErrors()` and `MastersExceptionFilter`):
 *
 * | Error | HTTP | `error` |
 * |---|---|---|
 * | `MastersValidationError` (rejected locally, not sent) | 400 | `bad_request` (+ `fields`) |
 * | `MastersApiError` | 422 | `nic_error` (+ `nicCode`) |
 * | `MastersInvalidCredentialsError`; `MastersHttpError` 401/403 | 502 | `upstream_auth` |
 * | `MastersHttpError` other 4xx | 502 | `upstream_rejected` (+ `status`) |
 * | `MastersHttpError` 5xx, timeout or network error; `MastersTokenError` | 503 | `upstream_unavailable` |
 * | `MastersConfigError` | 500 | `misconfigured` |
 *
 * Messages are the (already redacted) error messages; a `MastersConfigError` gets a generic
 * message so configuration details stay in the server log.
 *
 * @param err - anything caught.
 * @returns the status and JSON body, or `undefined` when `err` is not a {@link MastersError}.
 * @example
 * ```ts
 * const mapped = mastersErrorResponse(err);
 * if (mapped) res.status(mapped.status).json(mapped.body); else next(err);
 * ```
 */
export function mastersErrorResponse(err: unknown): MastersErrorResponse | undefined {
  if (!(err instanceof MastersError)) return undefined;
  if (err instanceof MastersValidationError) {
    return {
      status: 400,
      body: { error: 'bad_request', message: err.message, fields: err.fields },
    };
  }
  if (err instanceof MastersApiError) {
    const body: MastersErrorResponse['body'] = { error: 'nic_error', message: err.message };
    if (err.nicCode !== undefined) body.nicCode = err.nicCode;
    return { status: 422, body };
  }
  if (err instanceof MastersInvalidCredentialsError) {
    return {
      status: 502,
      body: {
        error: 'upstream_auth',
        message: 'Masters India rejected the configured credentials',
      },
    };
  }
  if (err instanceof MastersHttpError) {
    const s = err.status;
    if (s === 401 || s === 403) {
      return { status: 502, body: { error: 'upstream_auth', message: err.message } };
    }
    if (s !== undefined && s >= 400 && s < 500) {
      return { status: 502, body: { error: 'upstream_rejected', message: err.message, status: s } };
    }
    return { status: 503, body: { error: 'upstream_unavailable', message: err.message } };
  }
  if (err instanceof MastersTokenError) {
    return { status: 503, body: { error: 'upstream_unavailable', message: err.message } };
  }
  if (err instanceof MastersConfigError) {
    return {
      status: 500,
      body: { error: 'misconfigured', message: 'The Masters India client is misconfigured' },
    };
  }
  return { status: 500, body: { error: 'misconfigured', message: err.message } };
}
