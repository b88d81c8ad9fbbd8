/** The text that replaces every secret. */
export const REDACTED = '[REDACTED]';

/** Default bound on the number of secrets a {@link Redactor} remembers. */
export const DEFAULT_MAX_SECRETS = 10_000;

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

/**
 * Replaces secrets (passwords, access tokens, refresh tokens, API keys) in strings and structured
 * values with `[REDACTED]`. It knows the exact secrets registered with {@link Redactor.add} (bounded:
 * the oldest are forgotten past `maxSecrets`) and also hides generic credential shapes: the value of
 * `Authorization: JWT ...` / `Bearer ...`, `api_key`/`password`/`token` fields, and JWT-shaped strings.
 *
 * Errors and the logger use the process-wide {@link sharedRedactor}, so `message`, `stack`,
 * `JSON.stringify(err)` and `util.inspect(err)` never contain a registered secret.
 *
 * @example
 * ```ts
 * const r = new Redactor();
 * r.add('S3cret-Example');
 * r.redact('login failed for S3cret-Example'); // 'login failed for [REDACTED]'
 * ```
 */
export class Redactor {
  readonly #secrets = new Set<string>();
  readonly #maxSecrets: number;
  #sorted: string[] | undefined;

  /** @param maxSecrets - how many distinct secrets to remember (default 10 000); oldest go first. */
  constructor(maxSecrets: number = DEFAULT_MAX_SECRETS) {
    this.#maxSecrets = Math.max(1, Math.floor(maxSecrets));
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
    if (this.#secrets.has(secret)) this.#secrets.delete(secret);
    this.#secrets.add(secret);
    while (this.#secrets.size > this.#maxSecrets) {
      const oldest = this.#secrets.values().next().value as string;
      this.#secrets.delete(oldest);
    }
    this.#sorted = undefined;
  }

  /** Forgets a secret (e.g. a token that was replaced long ago). */
  delete(secret: string): void {
    if (this.#secrets.delete(secret)) this.#sorted = undefined;
  }

  /** Forgets every registered secret. */
  clear(): void {
    this.#secrets.clear();
    this.#sorted = undefined;
  }

  /** Returns `text` with every registered secret and every generic credential shape replaced. */
  redact(text: string): string {
    let out = text;
    if (this.#secrets.size > 0) {
      // Longest first, so a secret that contains another one is replaced whole.
      this.#sorted ??= [...this.#secrets].sort((a, b) => b.length - a.length);
      for (const secret of this.#sorted) {
        if (out.includes(secret)) out = out.split(secret).join(REDACTED);
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
 * The process-wide redactor used by every {@link MastersError} and by the client's logger. The token
 * engine registers each password, access token, refresh token and API key here when it sees it.
 */
export const sharedRedactor: Redactor = new Redactor();
