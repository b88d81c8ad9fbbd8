import { MastersApiError } from './errors.js';

type Dict = Record<string, unknown>;

const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

// Status strings of the error envelopes (docs/ARCHITECTURE.md §13), compared case-insensitively.
const ERROR_STATUSES = new Set(['no content', 'failed', 'fail', 'failure', 'error']);

const DUPLICATE_TEXT = /already\s+generated\s+for\s+the\s+same\s+document\s+number/i;

/**
 * Extracts the NIC error code from an error envelope: a non-empty `nic_code`, else the `NNN:`
 * prefix of the message, else `'604'` when the text says the e-way bill is already generated for the
 * same document number (the duplicate is sometimes sent without prefix; docs/ARCHITECTURE.md §13).
 *
 * @param nicCode - the envelope's `nic_code` (string or number, possibly empty).
 * @param text - the error text.
 */
export function parseNicCode(nicCode: unknown, text: string): string | undefined {
  if ((typeof nicCode === 'string' && nicCode.trim() !== '') || typeof nicCode === 'number') {
    return String(nicCode).trim();
  }
  const prefix = /^\s*(\d+)\s*:/.exec(text);
  if (prefix) return prefix[1];
  if (DUPLICATE_TEXT.test(text)) return '604';
  return undefined;
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (Array.isArray(value) && value.length > 0) return value.map((v) => textOf(v) ?? '').join('; ');
  if (isDict(value)) {
    for (const k of ['message', 'errorMessage', 'error_description', 'detail', 'error']) {
      const t = textOf(value[k]);
      if (t !== undefined) return t;
    }
  }
  return undefined;
}

function numericCode(code: unknown): number | undefined {
  if (typeof code === 'number') return code;
  if (typeof code === 'string' && /^\d+$/.test(code.trim())) return Number(code);
  return undefined;
}

function fail(
  text: string,
  httpStatus: number | undefined,
  code?: number | string,
  nicCode?: unknown,
) {
  return new MastersApiError({
    message: text,
    nicCode: parseNicCode(nicCode, text),
    code,
    status: httpStatus,
  });
}

/**
 * Unwraps a Masters India response body: returns `results.message` of a success envelope
 * (`{"results": {"message": {...}, "status": "Success", "code": 200}}`) and throws
 * {@link MastersApiError} for any error shape, whatever the HTTP status (the API wraps NIC errors in
 * HTTP 200 or 206; https://docs.mastersindia.co/eway/generate-e-way-bill,
 * docs/ARCHITECTURE.md §13):
 * - `results.code` other than 200, or `results.status` "No Content" / "Failed" / "Fail";
 * - `results.message.error === true` (or a non-empty error string);
 * - `errorMessage` + `status: "Failed"` (IRN calls), top-level `error` / `error_description`;
 * - an empty body (e.g. a real HTTP 204) or a body with no recognisable envelope.
 *
 * `nicCode` comes from a non-empty `nic_code`, else the `NNN:` prefix of the message, else `'604'`
 * for the "already generated for the same document number" text.
 *
 * @param body - the parsed JSON body (a JSON string is parsed too).
 * @param httpStatus - the HTTP status, copied to `MastersApiError.status`.
 * @returns `results.message` (an object on success for most endpoints).
 * @throws {@link MastersApiError}
 * @example
 * ```ts
 * const body = await client.mastersFetch.post('api/v1/ewayBillsGenerate/', { json }).json();
 * const { ewayBillNo } = unwrapResults<{ ewayBillNo: number }>(body);
 * ```
 */
export function unwrapResults<T = unknown>(body: unknown, httpStatus?: number): T {
  let value = body;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === '') value = undefined;
    else {
      try {
        value = JSON.parse(trimmed) as unknown;
      } catch {
        throw fail(
          `Masters India answered with a non-JSON body${httpStatus ? ` (HTTP ${httpStatus})` : ''}: ${trimmed.slice(0, 200)}`,
          httpStatus,
        );
      }
    }
  }
  if (value === undefined || value === null || value === '') {
    throw fail(
      `Masters India answered with an empty body${httpStatus ? ` (HTTP ${httpStatus})` : ''}; the request failed for an unknown reason`,
      httpStatus,
    );
  }
  if (!isDict(value)) {
    throw fail('Masters India answered with an unexpected body (not an object)', httpStatus);
  }

  const results = value.results;
  if (isDict(results)) {
    const code = results.code as number | string | undefined;
    const numeric = numericCode(code);
    const status = typeof results.status === 'string' ? results.status.trim().toLowerCase() : '';
    const message = results.message;
    const isErrorEnvelope =
      (numeric !== undefined && numeric !== 200) ||
      ERROR_STATUSES.has(status) ||
      (typeof results.errorMessage === 'string' && results.errorMessage.trim() !== '');
    if (isErrorEnvelope) {
      const text =
        textOf(results.errorMessage) ??
        textOf(message) ??
        textOf(results.error) ??
        `Masters India returned an error envelope (code ${String(code)})`;
      throw fail(text, httpStatus, code, results.nic_code);
    }
    if (isDict(message)) {
      const err = message.error;
      if (err === true || (typeof err === 'string' && err.trim() !== '')) {
        const text =
          textOf(message.message) ??
          textOf(message.errorMessage) ??
          textOf(message.error_description) ??
          (typeof err === 'string' ? err : 'Masters India reported an error');
        throw fail(text, httpStatus, code, message.nic_code ?? results.nic_code);
      }
    }
    return message as T;
  }

  // Shapes without `results`: IRN-style, OAuth-style, token-auth-style, DRF `detail`.
  const status = typeof value.status === 'string' ? value.status.trim().toLowerCase() : '';
  const text =
    textOf(value.errorMessage) ??
    textOf(value.error_description) ??
    textOf(value.error) ??
    textOf(value.detail) ??
    (ERROR_STATUSES.has(status) ? textOf(value.message) : undefined);
  throw fail(
    text ?? 'Masters India answered without a `results` envelope',
    httpStatus,
    value.code as number | string | undefined,
    value.nic_code,
  );
}

/**
 * Makes a PDF link absolute: the API sometimes returns `url` without a scheme
 * (`"sandb-api.mastersindia.co/api/v1/detailPrintPdf/1/"`), sometimes with `https://`
 * (https://docs.mastersindia.co/eway/generate-e-way-bill).
 * Prepends `https://` when no scheme is present; trims whitespace. A link with another scheme than
 * `http` or `https` (`javascript://...`) is not a PDF link an app may render: it becomes `''`.
 *
 * @example
 * ```ts
 * normalizePdfUrl('sandb-api.mastersindia.co/api/v1/detailPrintPdf/1/');
 * // 'https://sandb-api.mastersindia.co/api/v1/detailPrintPdf/1/'
 * ```
 */
export function normalizePdfUrl(url: string): string {
  const trimmed = url.trim();
  if (trimmed === '') return trimmed;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme !== undefined) return scheme === 'http' || scheme === 'https' ? trimmed : '';
  if (trimmed.startsWith('//')) return `https:${trimmed}`;
  return `https://${trimmed}`;
}
