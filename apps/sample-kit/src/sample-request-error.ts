/** The `error` code of the requests a sample app rejects itself (validation is the package's). */
export type SampleRequestErrorCode = 'unknown_tenant';

/**
 * A request the sample app rejects itself, before calling Masters India
 * (docs/ARCHITECTURE.md §10 error table): an `x-gstin` header naming a tenant without credentials
 * (`unknown_tenant`). Always HTTP 400. Invalid bodies are rejected by `@mastersfetch/ewaybill`
 * (`MastersValidationError`, 400 `bad_request` with `fields`).
 *
 * @example
 * ```ts
 * throw new SampleRequestError('unknown_tenant', 'Unknown tenant: no credentials for GSTIN 29ZZZZZ9999Z1Z4');
 * ```
 */
export class SampleRequestError extends Error {
  /** HTTP status to answer with (400). */
  readonly status: number;
  /** Machine-readable error code of the response body. */
  readonly error: SampleRequestErrorCode;

  /**
   * @param error - `'unknown_tenant'`.
   * @param message - Human-readable text (never echoes a secret).
   */
  constructor(error: SampleRequestErrorCode, message: string) {
    super(message);
    this.name = 'SampleRequestError';
    this.status = 400;
    this.error = error;
  }

  /** The response body: `{ error, message }`. */
  toBody(): Record<string, unknown> {
    return { error: this.error, message: this.message };
  }
}
