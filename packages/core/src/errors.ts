import { MastersError, nameClass } from './errors/base.js';

export {
  MastersError,
  isMastersError,
  sanitizeCause,
  scrubError,
  type MastersErrorOptions,
  type SanitizedCause,
} from './errors/base.js';

/** Options of {@link MastersConfigError}. */
export interface MastersConfigErrorOptions {
  /** The option at fault, e.g. `'baseUrl'` or `'credentials.password'`. */
  option: string;
  /** Why it is wrong (never the secret value); prefixed with the option name. */
  reason?: string;
  /** Alias of `reason`. */
  message?: string;
  cause?: unknown;
}

/**
 * A client option is missing, malformed or inconsistent (thrown by `createMastersClient`,
 * `forCredentials`, or when calling `mastersFetch`/`getAccessToken` without credentials).
 * The message always names the option: ``Invalid option `timeoutMs`: must be a finite number >= 0``.
 */
export class MastersConfigError extends MastersError {
  /** The option at fault (dotted path). */
  readonly option: string;

  constructor(options: MastersConfigErrorOptions) {
    super({
      message: `Invalid option \`${options.option}\`: ${options.reason ?? options.message ?? 'invalid value'}`,
      cause: options.cause,
    });
    this.option = options.option;
  }

  protected override details(): Record<string, unknown> {
    return { option: this.option };
  }
}
nameClass(MastersConfigError, 'MastersConfigError');

/** Options of {@link MastersInvalidCredentialsError}. */
export interface MastersInvalidCredentialsErrorOptions {
  /** HTTP status of token-auth: 206 (the API's "invalid credentials"), 400, 401 or 403. */
  status: number;
  /** Fingerprint of the credential key (never the credentials). */
  keyFingerprint: string;
  /** Per-field messages of a 400 answer, e.g. `{ username: ['missing field'] }`. */
  fieldErrors?: Record<string, string[]>;
  /** Overrides the default message. */
  message?: string;
  cause?: unknown;
}

/**
 * token-auth rejected the credentials: HTTP 206 `{"error": "Unable to login with provided
 * credential"}`, 400 with per-field lists, 401 or 403
 * (https://docs.mastersindia.co/eway/ , "Access Tokens"). The client remembers it per credential key
 * and does not retry that login for `invalidCredentialsCooldownMs`, so a wrong password never locks
 * the account.
 */
export class MastersInvalidCredentialsError extends MastersError {
  /** token-auth HTTP status: 206, 400, 401 or 403. */
  readonly status: number;
  /** Per-field messages of a 400 answer. */
  readonly fieldErrors: Record<string, string[]> | undefined;
  /** Fingerprint of the credential key. */
  readonly keyFingerprint: string;

  constructor(options: MastersInvalidCredentialsErrorOptions) {
    // `field - text`, not `field: text`: the redactor hides whatever follows `password:`.
    const fields = options.fieldErrors
      ? ` (${Object.entries(options.fieldErrors)
          .map(([k, v]) => `${k} - ${v.join(', ')}`)
          .join('; ')})`
      : '';
    super({
      message:
        options.message ??
        `Masters India rejected the credentials (token-auth answered HTTP ${options.status})${fields}; ` +
          'check the username and password (no new login is tried with them until the cooldown ends or they change)',
      cause: options.cause,
    });
    this.status = options.status;
    this.fieldErrors = options.fieldErrors;
    this.keyFingerprint = options.keyFingerprint;
  }

  protected override details(): Record<string, unknown> {
    return {
      status: this.status,
      keyFingerprint: this.keyFingerprint,
      ...(this.fieldErrors ? { fieldErrors: this.fieldErrors } : {}),
    };
  }
}
nameClass(MastersInvalidCredentialsError, 'MastersInvalidCredentialsError');

/** Options of {@link MastersTokenError}. */
export interface MastersTokenErrorOptions {
  message: string;
  /** HTTP status of the login/renewal answer, when there was one. */
  status?: number;
  /** Fingerprint of the credential key. */
  keyFingerprint?: string;
  /** What the user can do, appended to `message`; defaults to {@link TOKEN_RETRY_HINT}, `''` for none. */
  hint?: string;
  cause?: unknown;
}

/** Default advice of a {@link MastersTokenError}: the engine retries the login by itself. */
export const TOKEN_RETRY_HINT =
  'the client retries the login by itself after a backoff (callers without a valid token fail fast until then); ' +
  'if it persists, check the network, the base URL and the Masters India status';

/**
 * A login or renewal failed or returned something unusable (HTML, empty body, no token, an expired
 * token), or callers fail fast during backoff with the last error as `cause`.
 */
export class MastersTokenError extends MastersError {
  /** HTTP status of the login/renewal answer, `undefined` for a network error or timeout. */
  readonly status: number | undefined;
  /** Fingerprint of the credential key, when known. */
  readonly keyFingerprint: string | undefined;

  constructor(options: MastersTokenErrorOptions) {
    const hint = options.hint ?? TOKEN_RETRY_HINT;
    super({
      message: hint ? `${options.message}; ${hint}` : options.message,
      cause: options.cause,
    });
    this.status = options.status;
    this.keyFingerprint = options.keyFingerprint;
  }

  protected override details(): Record<string, unknown> {
    const d: Record<string, unknown> = {};
    if (this.status !== undefined) d.status = this.status;
    if (this.keyFingerprint !== undefined) d.keyFingerprint = this.keyFingerprint;
    return d;
  }
}
nameClass(MastersTokenError, 'MastersTokenError');

/** Options of {@link MastersHttpError}. */
export interface MastersHttpErrorOptions {
  /** HTTP status, or `undefined` for a timeout / network error. */
  status: number | undefined;
  /** `'ETIMEDOUT'`, `'ECONNRESET'`, `'ECONNREFUSED'`, ... for timeouts and network errors. */
  code?: string;
  /** HTTP method, e.g. `'POST'`. */
  method: string;
  /** URL path (no query string), e.g. `'/api/v1/ewayBillsGenerate/'`. */
  path: string;
  /** Overrides the default message. */
  message?: string;
  /** What the user can do, appended to `message`; defaults to advice for the status, `''` for none. */
  hint?: string;
  cause?: unknown;
}

/** Advice for an API call that failed with `status` (`undefined` = timeout or network error). */
function httpHint(status: number | undefined): string {
  if (status === undefined || status >= 500 || status === 408 || status === 429) {
    return 'the Masters India API is unavailable or slow; retry later (GET, PUT and DELETE were already retried; POST and PATCH never are, so check for a duplicate before repeating one)';
  }
  if (status === 401 || status === 403) {
    return 'the API refused the call even with a fresh token; check the credentials, their permissions and the GSTIN mapping';
  }
  return 'check the request path, parameters and body';
}

/**
 * An API call failed at the HTTP level: a non-2xx status (including a 401 that survived the token
 * replay), a timeout or a network error.
 */
export class MastersHttpError extends MastersError {
  /** HTTP status, `undefined` for a timeout or network error. */
  readonly status: number | undefined;
  /** Error code for timeouts and network errors (`'ETIMEDOUT'`, `'ECONNRESET'`, ...). */
  readonly code: string | undefined;
  /** HTTP method. */
  readonly method: string;
  /** URL path without query string. */
  readonly path: string;

  constructor(options: MastersHttpErrorOptions) {
    const what =
      options.status !== undefined ? `HTTP ${options.status}` : (options.code ?? 'a network error');
    const message =
      options.message ?? `Masters India ${options.method} ${options.path} failed: ${what}`;
    const hint = options.hint ?? httpHint(options.status);
    super({ message: hint ? `${message}; ${hint}` : message, cause: options.cause });
    this.status = options.status;
    this.code = options.code;
    this.method = options.method;
    this.path = options.path;
  }

  protected override details(): Record<string, unknown> {
    const d: Record<string, unknown> = {
      status: this.status,
      method: this.method,
      path: this.path,
    };
    if (this.code !== undefined) d.code = this.code;
    return d;
  }
}
nameClass(MastersHttpError, 'MastersHttpError');

/** Options of {@link MastersApiError}. */
export interface MastersApiErrorOptions {
  /** The NIC / Masters India text, e.g. `'604: E-way bill(s) are already generated ...'`. */
  message: string;
  /** NIC error code as a string (`'604'`), when known. */
  nicCode?: string;
  /** The envelope's `results.code` (e.g. 204), when present. */
  code?: number | string;
  /** The HTTP status of the answer, when known. */
  status?: number;
  cause?: unknown;
}

/**
 * The API answered with an error envelope, e.g.
 * `{"results": {"message": "604: ...", "status": "No Content", "code": 204, "nic_code": "604"}}`,
 * whatever the HTTP status (the API wraps NIC errors in HTTP 200 or 206;
 * docs/ARCHITECTURE.md §13).
 * Thrown by {@link unwrapResults}.
 */
export class MastersApiError extends MastersError {
  /** NIC error code (`'604'` = already generated for this document number), or `undefined`. */
  readonly nicCode: string | undefined;
  /** The envelope's `results.code`. */
  readonly code: number | string | undefined;
  /** HTTP status of the answer, when known. */
  readonly status: number | undefined;

  constructor(options: MastersApiErrorOptions) {
    super({ message: options.message, cause: options.cause });
    this.nicCode = options.nicCode;
    this.code = options.code;
    this.status = options.status;
  }

  protected override details(): Record<string, unknown> {
    const d: Record<string, unknown> = {};
    if (this.nicCode !== undefined) d.nicCode = this.nicCode;
    if (this.code !== undefined) d.code = this.code;
    if (this.status !== undefined) d.status = this.status;
    return d;
  }
}
nameClass(MastersApiError, 'MastersApiError');

/**
 * The client was closed: `close()` was called, and every entry point (`mastersFetch` and the
 * instances of `forCredentials`, `forCredentials()` itself, `getAccessToken()`, `warmUp()`,
 * `invalidate()`) now rejects (or throws) with this error before anything reaches the network.
 * A call that was waiting for an access token when `close()` ran rejects with it too; a request
 * already sent completes (its 401 replay, or a ky retry, is not sent).
 */
export class MastersClientClosedError extends MastersError {
  constructor(options: { message?: string } = {}) {
    super({
      message:
        options.message ??
        'the Masters India client is closed (close() was called); create a new client with createMastersClient()',
    });
  }
}
nameClass(MastersClientClosedError, 'MastersClientClosedError');

/** One rejected field of a {@link MastersValidationError}. */
export interface MastersValidationIssue {
  /** Dotted field path in the request, e.g. `'itemList.0.hsn_code'` (`''` = the whole body). */
  path: string;
  /** Why the value is rejected, with the rule's source (e.g. `'NIC 620: ...'`). */
  message: string;
}

/** Options of {@link MastersValidationError}. */
export interface MastersValidationErrorOptions {
  /** Every rejected field (at least one). */
  fields: MastersValidationIssue[];
  /** The operation, e.g. `'generate'`; named in the message. */
  operation?: string;
  /** Overrides the default message. */
  message?: string;
}

/**
 * A request was rejected locally, before any network call, because it breaks a documented rule
 * (shape, GSTIN, dates, NIC cross-field rules). `fields` lists every rejected field path with its
 * message; no request was sent, so fixing the fields and calling again is safe.
 * Adapters answer it with HTTP 400 `{ error: 'bad_request', message, fields }`.
 */
export class MastersValidationError extends MastersError {
  /** Every rejected field with its message. */
  readonly fields: MastersValidationIssue[];
  /** The operation whose request was rejected, when known. */
  readonly operation: string | undefined;

  constructor(options: MastersValidationErrorOptions) {
    const list = options.fields.map((f) => `${f.path || '(body)'} - ${f.message}`).join('; ');
    super({
      message:
        options.message ??
        `Invalid ${options.operation ? `${options.operation} ` : ''}request (not sent): ${list}`,
    });
    this.fields = options.fields.map((f) => ({ path: f.path, message: f.message }));
    this.operation = options.operation;
  }

  protected override details(): Record<string, unknown> {
    return {
      ...(this.operation !== undefined ? { operation: this.operation } : {}),
      fields: this.fields,
    };
  }
}
nameClass(MastersValidationError, 'MastersValidationError');
