/** The `error` codes of the requests a sample app rejects before calling Masters India. */
export type SampleRequestErrorCode = 'bad_request' | 'unknown_tenant';

/**
 * A request the sample app rejects itself, before calling Masters India (DESIGN §5 table):
 * malformed JSON, wrong types or missing fields (`bad_request`, with per-field messages in
 * `fields`) or an unknown `x-gstin` tenant (`unknown_tenant`). Always HTTP 400.
 *
 * @example
 * ```ts
 * throw new SampleRequestError('bad_request', 'Invalid request body', { document_date: 'must be dd/mm/yyyy' });
 * ```
 */
export class SampleRequestError extends Error {
  /** HTTP status to answer with (400). */
  readonly status: number;
  /** Machine-readable error code of the response body. */
  readonly error: SampleRequestErrorCode;
  /** Per-field messages (`bad_request` only), e.g. `{ 'itemList[0].quantity': 'must be a number' }`. */
  readonly fields: Record<string, string> | undefined;

  /**
   * @param error - `'bad_request'` or `'unknown_tenant'`.
   * @param message - Human-readable text (never echoes a secret).
   * @param fields - Per-field messages for `bad_request`.
   */
  constructor(error: SampleRequestErrorCode, message: string, fields?: Record<string, string>) {
    super(message);
    this.name = 'SampleRequestError';
    this.status = 400;
    this.error = error;
    this.fields = fields;
  }

  /** The response body: `{ error, message, fields? }`. */
  toBody(): Record<string, unknown> {
    return {
      error: this.error,
      message: this.message,
      ...(this.fields ? { fields: this.fields } : {}),
    };
  }
}
