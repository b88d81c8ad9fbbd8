/** The text that replaces every secret. */
export const REDACTED = '[REDACTED]';

/** Default bound on the number of secrets one {@link Redactor} remembers (one credential's). */
export const DEFAULT_MAX_SECRETS = 8;

/**
 * Secrets shorter than this are replaced only as a whole token (not next to a letter or digit), so a
 * short password such as `b` cannot turn "e-way bill" into "e-way [REDACTED]ill". Longer ones are
 * replaced wherever they appear (8+ characters do not occur inside ordinary words by chance).
 */
export const WHOLE_TOKEN_BELOW = 8;

/** How deep foreign values are copied: deeper than `util.inspect`'s default (2) and `console.error`. */
export const FOREIGN_DEPTH = 10;

// Shapes that carry a credential whatever its value: the two auth headers, JWT-shaped strings and
// the login/refresh body fields. They catch secrets that were never registered (e.g. a token from
// another process read out of a shared store).
const GENERIC_PATTERNS: readonly [RegExp, string][] = [
  // `Authorization: JWT <token>` / `Bearer <token>` (header lines, inspected Headers objects).
  [/\b(JWT|Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${REDACTED}`],
  // JWT-shaped strings: three base64url segments, the first starting with `eyJ` (`{"`).
  [/eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // `"password": "..."`, `'api_key': '...'`, `token=...` in JSON, inspect output or form bodies.
  [
    /(["']?(?:password|passwd|api[_-]?key|apikey|token|access[_-]?token|refresh[_ -]?token|refreshtoken|authorization)["']?\s*[:=]\s*)(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,;&}\]]+)/gi,
    `$1${REDACTED}`,
  ],
];

// Object keys whose values are always hidden when redacting structured data.
const SECRET_KEY =
  /^(password|passwd|api[_-]?key|apikey|token|access[_-]?token|refresh[_ -]?token|refreshtoken|authorization|keysecret|key_secret|secret)$/i;

interface Secret {
  readonly text: string;
  /** Whole-token matcher for a short secret; `undefined` = replaced as a substring. */
  readonly pattern: RegExp | undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces secrets (passwords, access tokens, refresh tokens, API keys) in strings and structured
 * values with `[REDACTED]`. It knows the exact secrets given to it (one credential's: its password or
 * API key and its current tokens; bounded, the oldest go first past `maxSecrets`) and also hides
 * generic credential shapes: the value of `Authorization: JWT ...` / `Bearer ...`,
 * `api_key`/`password`/`token` fields, and JWT-shaped strings.
 *
 * There is no process-wide registry of secrets: each credential's token state owns a redactor, and
 * an error raised for that credential is scrubbed with it (see `scrubError`), so the cost of a
 * redaction does not depend on how many tenants are active and no client's secret can corrupt
 * another client's text. {@link sharedRedactor} knows only the generic shapes.
 *
 * @example
 * ```ts
 * const r = new Redactor(['S3cret-Example']);
 * r.redact('login failed for S3cret-Example'); // 'login failed for [REDACTED]'
 * ```
 */
export class Redactor {
  readonly #secrets = new Map<string, Secret>();
  readonly #maxSecrets: number;

  /**
   * @param secrets - initial secrets (e.g. the credential's password).
   * @param maxSecrets - how many distinct secrets to remember (default 8); oldest go first.
   */
  constructor(
    secrets: Iterable<string | undefined> = [],
    maxSecrets: number = DEFAULT_MAX_SECRETS,
  ) {
    this.#maxSecrets = Math.max(1, Math.floor(maxSecrets));
    for (const secret of secrets) this.add(secret);
  }

  /** Number of secrets currently remembered. */
  get size(): number {
    return this.#secrets.size;
  }

  /**
   * Registers a secret (ignored when empty or not a string). Re-adding refreshes its recency.
   * @param secret - a password, access token, refresh token or API key.
   */
  add(secret: string | undefined | null): void {
    if (typeof secret !== 'string' || secret.length === 0) return;
    this.#secrets.delete(secret);
    const pattern =
      secret.length < WHOLE_TOKEN_BELOW
        ? new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(secret)}(?![A-Za-z0-9])`, 'g')
        : undefined;
    this.#secrets.set(secret, { text: secret, pattern });
    while (this.#secrets.size > this.#maxSecrets) {
      this.#secrets.delete(this.#secrets.keys().next().value as string);
    }
  }

  /** Forgets a secret (e.g. a token that was replaced long ago). */
  delete(secret: string): void {
    this.#secrets.delete(secret);
  }

  /** Forgets every registered secret. */
  clear(): void {
    this.#secrets.clear();
  }

  /** Returns `text` with every registered secret and every generic credential shape replaced. */
  redact(text: string): string {
    let out = text;
    if (this.#secrets.size > 0) {
      // Longest first, so a secret that contains another one is replaced whole (a handful of
      // secrets: sorting here is cheaper than keeping a sorted copy in sync).
      const secrets = [...this.#secrets.values()].sort((a, b) => b.text.length - a.text.length);
      for (const { text: secret, pattern } of secrets) {
        if (!out.includes(secret)) continue;
        out = pattern ? out.replace(pattern, REDACTED) : out.split(secret).join(REDACTED);
      }
    }
    for (const [pattern, replacement] of GENERIC_PATTERNS) out = out.replace(pattern, replacement);
    return out;
  }

  /**
   * Returns a redacted copy of a value for logging or serialisation: strings are redacted, values of
   * secret-named keys (`password`, `token`, `apiKey`, `authorization`, ...) are replaced, Errors become
   * `{ name, message, stack, ...fields }`, `Headers`/`Map` become plain objects. Depth-limited and
   * cycle-safe.
   */
  redactValue(value: unknown, maxDepth = 8): unknown {
    return this.#walk(value, maxDepth, new WeakSet());
  }

  /** {@link redactValue} of the value of property `key`: a secret-named key's value is replaced whole. */
  redactField(key: string, value: unknown, maxDepth = 8): unknown {
    if (SECRET_KEY.test(key) && value !== undefined && value !== null && value !== '') {
      return REDACTED;
    }
    return this.redactValue(value, maxDepth);
  }

  #walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (value === null || typeof value !== 'object') {
      return typeof value === 'function' ? `[Function ${value.name || 'anonymous'}]` : value;
    }
    if (seen.has(value)) return '[Circular]';
    if (depth <= 0) return '[Object]';
    seen.add(value);
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function' && !(value instanceof Date)) {
      // Our own errors (and other self-serialising values) decide what they expose.
      return this.#walk((toJSON as () => unknown).call(value), depth, seen);
    }
    if (value instanceof Date) return value.toISOString();
    if (Array.isArray(value)) return value.map((v) => this.#walk(v, depth - 1, seen));
    const out: Record<string, unknown> = {};
    if (value instanceof Error) {
      out.name = value.name;
      out.message = this.redact(value.message);
      if (value.stack) out.stack = this.redact(value.stack);
      if ('cause' in value && value.cause !== undefined) {
        out.cause = this.#walk(value.cause, depth - 1, seen);
      }
    }
    const entries: Iterable<[unknown, unknown]> =
      value instanceof Map || (typeof Headers !== 'undefined' && value instanceof Headers)
        ? (value as Map<unknown, unknown>).entries()
        : Object.entries(value);
    for (const [k, v] of entries) {
      const key = String(k);
      out[key] =
        SECRET_KEY.test(key) && v !== undefined && v !== null && v !== ''
          ? REDACTED
          : this.#walk(v, depth - 1, seen);
    }
    return out;
  }
}

/**
 * The redactor of text tied to no credential: it knows no secret, only the generic shapes (JWTs,
 * `JWT ...`/`api_key` header values, `password`/`token` fields). Every {@link MastersError} and the
 * client's logger apply it; a credential's own redactor adds that credential's secrets.
 */
export const sharedRedactor: Redactor = new Redactor();

/**
 * A redacted copy of a foreign error (a store client's, a custom `fetch`'s): same `name`, redacted
 * `message` and `stack`, its own enumerable properties (e.g. ioredis' `command.args`) redacted and
 * copied to {@link FOREIGN_DEPTH} levels, its `cause` chain copied the same way. Values of
 * secret-named keys are replaced whole. The original is never kept, so nothing below the copied
 * depth can leak.
 */
export function sanitizeError(
  error: Error,
  redactor: Redactor = sharedRedactor,
  depth: number = FOREIGN_DEPTH,
): Error {
  const copy = new Error(redactor.redact(String(error.message)));
  Object.defineProperty(copy, 'name', {
    value: typeof error.name === 'string' ? error.name : 'Error',
    enumerable: false,
    configurable: true,
    writable: true,
  });
  copy.stack = redactor.redact(
    typeof error.stack === 'string' ? error.stack : `${copy.name}: ${copy.message}`,
  );
  for (const [key, value] of Object.entries(error)) {
    if (key === 'cause') continue;
    (copy as unknown as Record<string, unknown>)[key] = redactor.redactField(key, value, depth - 1);
  }
  if (error.cause !== undefined) {
    const cause =
      error.cause instanceof Error && depth > 1
        ? sanitizeError(error.cause, redactor, depth - 1)
        : redactor.redactValue(error.cause, depth - 1);
    Object.defineProperty(copy, 'cause', {
      value: cause,
      enumerable: false,
      configurable: true,
      writable: true,
    });
  }
  return copy;
}
