// The base of every mastersfetch error and the cause sanitation it relies on; the error classes
// are in ../errors.ts.
import { inspect, type InspectOptions } from 'node:util';
import { sanitizeError, sharedRedactor, type Redactor } from '../redact.js';

/**
 * A sanitized stand-in for ky's `HTTPError` / `TimeoutError` (which hold the request headers and
 * the login body): only the HTTP status, the method and the URL path (no query string).
 */
export interface SanitizedCause {
  status: number | undefined;
  method: string;
  path: string;
}

/** Base options of every {@link MastersError}. */
export interface MastersErrorOptions {
  /** Human-readable message; secrets in it are replaced with `[REDACTED]`. */
  message: string;
  /** The underlying failure; ky errors are reduced to a {@link SanitizedCause}. */
  cause?: unknown;
}

type Inspect = (value: unknown, options?: InspectOptions) => string;

function urlPath(url: unknown): string {
  if (typeof url !== 'string') return '';
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0] ?? '';
  }
}

/**
 * Reduces a `cause` to something safe to keep: ky's `HTTPError` and `TimeoutError` (recognised by
 * name and shape) become `{ status, method, path }`; our own errors are kept (they are redacted
 * already); any other error (a network error, a custom `fetch`'s, a store client's) becomes a
 * redacted copy with its own properties and `cause` chain (see `sanitizeError`), and any other value
 * a redacted copy of it: the foreign original is never kept.
 */
export function sanitizeCause(cause: unknown): unknown {
  if (typeof cause === 'string') return sharedRedactor.redact(cause);
  if (cause === null || typeof cause !== 'object') return cause;
  if (cause instanceof MastersError) return cause;
  const c = cause as { name?: unknown; request?: unknown; response?: unknown };
  const isKyError =
    (c.name === 'HTTPError' || c.name === 'TimeoutError') &&
    typeof c.request === 'object' &&
    c.request !== null;
  if (!isKyError) {
    return cause instanceof Error ? sanitizeError(cause) : sharedRedactor.redactValue(cause);
  }
  const request = c.request as { method?: unknown; url?: unknown };
  const response = c.response as { status?: unknown } | undefined;
  const sanitized: SanitizedCause = {
    status: typeof response?.status === 'number' ? response.status : undefined,
    method: typeof request.method === 'string' ? request.method : 'GET',
    path: urlPath(request.url),
  };
  return sanitized;
}

/**
 * Base class of every error thrown by mastersfetch. Its `message`, `stack`, `toJSON()` and
 * `util.inspect()` output never contain a password, access token, refresh token or API key (they
 * go through the shared redactor), and `cause` is never ky's raw `HTTPError`/`TimeoutError`.
 *
 * @example
 * ```ts
 * try { await client.mastersFetch.get('api/v1/getEwayBillData/', { searchParams }); }
 * catch (err) { if (err instanceof MastersError) logger.warn({ err }, err.message); }
 * ```
 */
export class MastersError extends Error {
  /** @param options - `message` and optional `cause` (sanitized). */
  constructor(options: MastersErrorOptions) {
    const cause = sanitizeCause(options.cause);
    super(sharedRedactor.redact(options.message), cause === undefined ? undefined : { cause });
  }

  /** Extra fields shown by `toJSON()` and `util.inspect()` (subclasses add theirs). */
  protected details(): Record<string, unknown> {
    return {};
  }

  /** A JSON-safe, redacted view: `{ name, message, ...fields, cause? }` (no stack). */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = {
      name: this.name,
      message: sharedRedactor.redact(this.message),
      ...this.details(),
    };
    if (this.cause !== undefined) json.cause = serializeCause(this.cause);
    return sharedRedactor.redactValue(json) as Record<string, unknown>;
  }

  /** Redacted `util.inspect()` output: the stack plus the fields. */
  [inspect.custom](_depth: number, options: InspectOptions, inspectFn?: Inspect): string {
    const fmt: Inspect = inspectFn ?? inspect;
    const stack = sharedRedactor.redact(this.stack ?? `${this.name}: ${this.message}`);
    const extra: Record<string, unknown> = { ...this.details() };
    if (this.cause !== undefined) extra.cause = serializeCause(this.cause);
    const safe = sharedRedactor.redactValue(extra) as Record<string, unknown>;
    if (Object.keys(safe).length === 0) return stack;
    return `${stack} ${fmt(safe, { ...options, depth: options?.depth ?? 4 })}`;
  }
}

/**
 * Scrubs an error raised for one credential of that credential's secrets (its password or API key,
 * its access and refresh tokens) in `message`, `stack`, own fields and the `cause` chain, in place
 * for our own errors (a foreign error is replaced by a redacted copy). Called where an error for a
 * credential is created or passed on; the generic shapes were hidden at construction already.
 * @returns `error` itself (scrubbed) or, for a foreign error, its redacted copy.
 */
export function scrubError<E>(error: E, redactor: Redactor | undefined, depth = 8): E {
  if (redactor === undefined || redactor.size === 0 || !(error instanceof Error)) return error;
  if (!(error instanceof MastersError)) return sanitizeError(error, redactor) as E;
  const target = error as unknown as Record<string, unknown>;
  error.message = redactor.redact(error.message);
  if (typeof error.stack === 'string') error.stack = redactor.redact(error.stack);
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === 'object' || typeof value === 'string') {
      target[key] = redactor.redactField(key, value);
    }
  }
  const cause: unknown = error.cause;
  if (cause !== undefined) {
    let safe: unknown;
    if (cause instanceof MastersError)
      safe = depth > 0 ? scrubError(cause, redactor, depth - 1) : undefined;
    else if (cause instanceof Error) safe = sanitizeError(cause, redactor);
    else safe = redactor.redactValue(cause);
    Object.defineProperty(error, 'cause', {
      value: safe,
      enumerable: false,
      configurable: true,
      writable: true,
    });
  }
  return error;
}

function serializeCause(cause: unknown): unknown {
  if (cause instanceof MastersError) return cause.toJSON();
  if (cause instanceof Error) {
    const out: Record<string, unknown> = { name: cause.name, message: cause.message };
    const code = (cause as { code?: unknown }).code;
    if (code !== undefined) out.code = code;
    if (cause.cause !== undefined) out.cause = serializeCause(cause.cause);
    return out;
  }
  return cause;
}

/** Gives an error class its `name` on the prototype (not an own, enumerable field). */
export function nameClass(ctor: { prototype: Error }, name: string): void {
  Object.defineProperty(ctor.prototype, 'name', {
    value: name,
    enumerable: false,
    configurable: true,
    writable: true,
  });
}
nameClass(MastersError, 'MastersError');

/** `true` when `value` is any mastersfetch error. */
export function isMastersError(value: unknown): value is MastersError {
  return value instanceof MastersError;
}
