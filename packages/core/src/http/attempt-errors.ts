import { MastersHttpError } from '../errors.js';

/**
 * The errors of one HTTP attempt (docs/ARCHITECTURE.md §5): a timeout, a network failure, a body
 * that is not JSON. Every one names the method and the path (never the query string, which may
 * carry a GSTIN or an e-way bill number) and never quotes a header or a body.
 */

/** The path of an absolute URL string, without query or fragment (`'/'` for none). */
export function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return '/';
  // A Request's URL keeps its fragment: the path ends at the first `?` or `#`.
  let end = url.length;
  const query = url.indexOf('?', start);
  if (query >= 0) end = query;
  const hash = url.indexOf('#', start);
  if (hash >= 0 && hash < end) end = hash;
  return url.slice(start, end);
}

/** The first string `code` on an error's `cause` chain (undici puts `ECONNRESET` on the cause). */
export function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let i = 0; i < 4 && current !== null && typeof current === 'object'; i++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** What ran out of time: the headers, a whole body, or one read of a body stream. */
export type TimedPhase = 'headers' | 'body' | 'idle';

/** The `MastersHttpError('ETIMEDOUT')` of an attempt that ran out of time (`limitMs` in ms). */
export function timeoutError(
  method: string,
  path: string,
  limitMs: number,
  what: TimedPhase,
): MastersHttpError {
  const detail =
    what === 'headers'
      ? ''
      : what === 'body'
        ? ' (reading the body)'
        : ` (no byte of the body for ${limitMs} ms)`;
  return new MastersHttpError({
    status: undefined,
    code: 'ETIMEDOUT',
    method,
    path,
    message: `Masters India ${method} ${path} timed out after ${limitMs} ms${detail}`,
  });
}

/** The `MastersHttpError` of an attempt that failed without an answer (`code` from the cause). */
export function networkError(method: string, path: string, error: unknown): MastersHttpError {
  return new MastersHttpError({
    status: undefined,
    code: networkCode(error) ?? 'ECONNRESET',
    method,
    path,
    cause: error,
  });
}

/**
 * The error of `.json()` on a body that does not parse: names the content type, never the body.
 *
 * @param method - the method of the request `response` answers
 */
export function notJsonError(response: Response, method: string): MastersHttpError {
  const path = pathOf(response.url);
  const type = (response.headers.get('content-type') ?? '').split(';', 1)[0]?.trim() ?? '';
  const got = /^[\w.+-]{1,64}\/[\w.+-]{1,64}$/.test(type)
    ? /json/i.test(type)
      ? `malformed JSON (${type})`
      : type
    : 'a body without a JSON content type';
  return new MastersHttpError({
    status: response.status,
    code: 'EBADJSON',
    method,
    path,
    message: `Masters India ${method} ${path} answered HTTP ${response.status}: expected JSON, got ${got}`,
    hint: 'check the path and the base URL (an HTML page usually comes from a proxy, a login page or a wrong URL)',
  });
}

/** Swallows a rejection (a body cancel that fails because the stream is locked or gone). */
export const noop = (): void => {};
