import { randomUUID } from 'node:crypto';
import { assertKnownOptions, type TokenRecord, type TokenStore } from '@mastersfetch/core';
import { Redis, type Cluster, type RedisOptions } from 'ioredis';
import { parseRecord, serializeRecord } from './record-codec.js';

/** A connected ioredis client: a single node (`Redis`) or a `Cluster`. */
export type RedisClient = Redis | Cluster;

/** Turns a serialized record into what is stored, and back. Both may be async (e.g. a KMS call). */
export type RedisValueTransform = (value: string) => string | Promise<string>;

/** Where {@link RedisTokenStore} reports that Redis cannot be reached (default: `console`). */
export interface RedisTokenStoreLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
}

/**
 * The ioredis connection options {@link RedisTokenStore} accepts at the top level, as ioredis users
 * write them: where Redis is and how to authenticate. Every other ioredis option goes in
 * `connection`. A closed list, so a misspelled option is a type error and a `MastersConfigError`
 * rather than an option ioredis silently ignores.
 */
const IOREDIS_TOP_LEVEL_KEYS = [
  'host',
  'port',
  'path',
  'family',
  'username',
  'password',
  'db',
  'tls',
  'sentinels',
  'name',
  'role',
  'sentinelUsername',
  'sentinelPassword',
  'sentinelTLS',
  'enableTLSForSentinelMode',
  'connectionName',
] as const satisfies readonly (keyof RedisOptions)[];

/** The top-level ioredis options of {@link RedisTokenStoreOptions}, typed by ioredis itself. */
export type RedisConnectionOptions = Pick<RedisOptions, (typeof IOREDIS_TOP_LEVEL_KEYS)[number]>;

/**
 * Options of {@link RedisTokenStore}. Every duration is in milliseconds. ioredis' connection
 * options (`host`, `port`, `path`, `username`, `password`, `db`, `tls`, `sentinels`, `name`, ...;
 * see {@link RedisConnectionOptions}) are accepted at the top level, as ioredis users write them,
 * and merged over the cache defaults like `connection`; any other ioredis option goes in
 * `connection`. An unknown key is rejected with `MastersConfigError` naming it.
 */
export interface RedisTokenStoreOptions extends RedisConnectionOptions {
  /**
   * An existing ioredis client (`Redis` or `Cluster`). The store uses it as is and never quits it:
   * its owner closes it. Without it the store creates its own client from `url` / `connection`.
   */
  client?: RedisClient;
  /** A `redis://` or `rediss://` URL for the client the store creates (default: ioredis' localhost:6379). */
  url?: string;
  /**
   * ioredis options for the client the store creates, merged over the cache defaults:
   * `lazyConnect: true`, `enableOfflineQueue: false`, `commandTimeout: 500`, `connectTimeout: 2000`,
   * `maxRetriesPerRequest: 1` and a reconnect backoff capped at 2 s.
   */
  connection?: RedisOptions;
  /**
   * Prepended to every Redis key the store writes (default `''`). The core's keys already start
   * with `mastersfetch:v1:`; use this to separate apps or environments sharing one Redis.
   */
  keyPrefix?: string;
  /**
   * How long a call waits for a cold client's first connection before failing (default 450, within
   * the core's default `storeTimeoutMs` of 500). Once Redis was connected and lost, or a connection
   * attempt failed, calls fail fast instead, so an outage never adds latency: the core then works
   * per process until the background reconnect succeeds.
   */
  readyTimeoutMs?: number;
  /** Encrypts a serialized record before it is written (values at rest). Requires `decrypt`. */
  encrypt?: RedisValueTransform;
  /** Reverses `encrypt` when a record is read. Requires `encrypt`. */
  decrypt?: RedisValueTransform;
  /** Told once (`warn`) when the store's own client cannot reach Redis at all. Default `console`. */
  logger?: RedisTokenStoreLogger;
}

/** The store's own option names, checked against the interface by the `Record` type. */
const STORE_OPTION_KEYS = Object.keys({
  client: true,
  url: true,
  connection: true,
  keyPrefix: true,
  readyTimeoutMs: true,
  encrypt: true,
  decrypt: true,
  logger: true,
} satisfies Record<Exclude<keyof RedisTokenStoreOptions, keyof RedisConnectionOptions>, true>);

/** Every key a {@link RedisTokenStoreOptions} object may have. */
const KNOWN_OPTION_KEYS: readonly string[] = [...STORE_OPTION_KEYS, ...IOREDIS_TOP_LEVEL_KEYS];

/** Why a {@link RedisTokenStore} call failed. Never carries a stored value (it holds a token). */
export class RedisTokenStoreError extends Error {
  override readonly name = 'RedisTokenStoreError';
  /** The store operation that failed. */
  readonly operation: 'get' | 'set' | 'delete' | 'lock' | 'unlock' | 'connect';

  constructor(
    operation: RedisTokenStoreError['operation'],
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.operation = operation;
  }
}

/**
 * Compare-and-delete: removes the lock only while it still holds our value, so a holder whose lock
 * expired (and was taken by another process) cannot release the new holder's lock.
 */
const RELEASE_LOCK_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0`;

/** `SET NX PX`; a lock without a TTL (stale or foreign) is given ours, so the wait for it is bounded. */
const TAKE_LOCK_SCRIPT = `if redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then
  return 'OK'
end
if redis.call('pttl', KEYS[1]) == -1 then
  redis.call('pexpire', KEYS[1], ARGV[2])
end
return false`;

const DEFAULT_READY_TIMEOUT_MS = 450;

interface ReadyWaiter {
  resolve(): void;
  reject(error: RedisTokenStoreError): void;
}

const CACHE_DEFAULTS: RedisOptions = {
  // Connect on first use: creating a store has no side effects and never keeps a process alive.
  lazyConnect: true,
  // A cache must fail fast: commands issued while Redis is away are rejected at once instead of
  // queueing, and the core falls back to per-process behaviour (`storeError` events).
  enableOfflineQueue: false,
  commandTimeout: 500,
  connectTimeout: 2_000,
  maxRetriesPerRequest: 1,
  connectionName: 'mastersfetch',
  // Keep reconnecting in the background (100 ms, 200 ms, ... capped at 2 s, with jitter) so the
  // fleet shares one token again as soon as Redis is back.
  retryStrategy: (times: number) =>
    Math.round(Math.min(100 * 2 ** Math.min(times - 1, 5), 2_000) * (0.75 + Math.random() * 0.25)),
};

/**
 * A {@link TokenStore} backed by Redis (ioredis 5), so every process of a fleet shares one access
 * token and one login: one key per credential holds the whole {@link TokenRecord} as JSON with a TTL,
 * and `lock()` is `SET <key>:lock <unique value> NX PX <ttl>` released by a compare-and-delete Lua
 * script. Records never contain a password (the core never gives one to a store); the optional
 * `encrypt`/`decrypt` hooks protect the tokens at rest.
 *
 * Redis trouble never fails a request: every method rejects quickly (no offline queue, a short
 * command timeout) and the core treats a failing store as absent for that call, emitting
 * `storeError`. The store reconnects in the background.
 *
 * @example
 * ```ts
 * import { createMastersClient } from '@mastersfetch/core';
 * import { RedisTokenStore } from '@mastersfetch/redis';
 *
 * const store = new RedisTokenStore({ url: process.env.REDIS_URL });
 * const client = createMastersClient({
 *   environment: 'production',
 *   credentials: { username: process.env.MI_USER!, password: process.env.MI_PASSWORD! },
 *   store,
 *   keySecret: process.env.MASTERS_KEY_SECRET, // the same in every process of the fleet
 * });
 * // on shutdown
 * await client.close();
 * await store.close();
 * ```
 */
export class RedisTokenStore implements TokenStore {
  /** The ioredis client in use (the one passed in, or the one the store created). */
  readonly client: RedisClient;
  readonly #ownsClient: boolean;
  readonly #keyPrefix: string;
  readonly #readyTimeoutMs: number;
  readonly #encrypt: RedisValueTransform | undefined;
  readonly #decrypt: RedisValueTransform | undefined;
  readonly #logger: RedisTokenStoreLogger;
  #hasBeenReady = false;
  #hasWarned = false;
  /** Set once Redis was reachable or a connection attempt failed: from then on, no waiting. */
  #shouldFailFast: boolean;
  /** Calls of a cold process waiting for the first connection (one shared `ready` listener). */
  readonly #readyWaiters = new Set<ReadyWaiter>();
  #isClosed = false;

  /**
   * @param options - an existing `client`, or `url` / `connection` for a client the store creates;
   *   see {@link RedisTokenStoreOptions}.
   * @throws `MastersConfigError` (from `@mastersfetch/core`) naming an unknown option key, with the
   *   closest known one (`keyPrefx` → `keyPrefix`); ioredis options beyond
   *   {@link RedisConnectionOptions} belong in `connection`.
   * @throws TypeError when only one of `encrypt` / `decrypt` is given, or `client` is combined with
   *   `url` / `connection`.
   */
  constructor(options: RedisTokenStoreOptions = {}) {
    // A misspelled option (`keyPrefx`, `readyTimeout`) would otherwise reach ioredis, which ignores
    // it silently: reject it like the core rejects its own unknown options.
    assertKnownOptions(options, KNOWN_OPTION_KEYS);
    if ((options.encrypt === undefined) !== (options.decrypt === undefined)) {
      throw new TypeError('RedisTokenStore: `encrypt` and `decrypt` must be given together');
    }
    const {
      client,
      url,
      connection,
      keyPrefix,
      readyTimeoutMs,
      encrypt,
      decrypt,
      logger,
      ...ioredisOptions
    } = options;
    const topLevel = Object.keys(ioredisOptions).filter(
      (key) => (ioredisOptions as Record<string, unknown>)[key] !== undefined,
    );
    if (client && (url !== undefined || connection !== undefined || topLevel.length > 0)) {
      const given =
        url !== undefined ? 'url' : connection !== undefined ? 'connection' : topLevel[0];
      throw new TypeError(
        `RedisTokenStore: pass either \`client\` or connection options (\`${given}\` given), not both`,
      );
    }
    this.#keyPrefix = keyPrefix ?? '';
    this.#logger = logger ?? console;
    this.#readyTimeoutMs = readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
    this.#encrypt = encrypt;
    this.#decrypt = decrypt;
    if (client) {
      this.client = client;
      this.#ownsClient = false;
    } else {
      const merged = { ...CACHE_DEFAULTS, ...ioredisOptions, ...connection } as RedisOptions;
      this.client = url === undefined ? new Redis(merged) : new Redis(url, merged);
      this.#ownsClient = true;
      // Failures surface as rejected calls (and the core's `storeError` events); a Redis that was
      // never reachable is reported once, so a fleet silently logging in per process gets noticed.
      this.client.on('error', this.#onError);
    }
    this.#shouldFailFast = this.client.status === 'ready';
    this.#hasBeenReady = this.client.status === 'ready';
    this.client.on('ready', this.#onReady);
    this.client.on('reconnecting', this.#onReconnecting);
  }

  readonly #onError = (error: unknown) => {
    if (this.#hasBeenReady || this.#hasWarned || this.#isClosed) return;
    this.#hasWarned = true;
    const options = (this.client as Redis).options ?? {};
    const target = options.path ?? `${options.host ?? 'localhost'}:${options.port ?? 6379}`;
    const code = (error as { code?: unknown } | undefined)?.code;
    try {
      this.#logger.warn(
        `RedisTokenStore cannot reach Redis at ${target}${typeof code === 'string' ? ` (${code})` : ''}; ` +
          'each process logs in on its own until it can (check url / host / port)',
        { target, code },
      );
    } catch {
      // A throwing logger must not break the store.
    }
  };

  readonly #onReady = () => {
    this.#hasBeenReady = true;
    this.#shouldFailFast = true;
    for (const waiter of [...this.#readyWaiters]) waiter.resolve();
  };

  /** ioredis schedules a reconnect after a failed or lost connection: Redis is unreachable now. */
  readonly #onReconnecting = () => {
    this.#shouldFailFast = true;
  };

  /** Reads the record of a credential key; `undefined` when there is none (or it expired). */
  async get(key: string): Promise<TokenRecord | undefined> {
    await this.#ready('get');
    const stored = await this.#run('get', () => this.client.get(this.#recordKey(key)));
    if (stored === null) return undefined;
    let text: string;
    try {
      text = this.#decrypt ? await this.#decrypt(stored) : stored;
    } catch (error) {
      throw new RedisTokenStoreError('get', 'could not decrypt the stored token record', {
        cause: error,
      });
    }
    const record = parseRecord(text);
    if (!record) {
      throw new RedisTokenStoreError('get', 'the stored value is not a valid token record');
    }
    return record;
  }

  /**
   * Writes the whole record with a TTL (`SET ... PX ttlMs`). A TTL of 0 or less deletes the key
   * (the record is already expired); `Infinity` stores it without expiry.
   */
  async set(key: string, record: TokenRecord, ttlMs: number): Promise<void> {
    if (!(ttlMs > 0)) return this.delete(key);
    const text = serializeRecord(record);
    const value = this.#encrypt ? await this.#encrypt(text) : text;
    await this.#ready('set');
    const redisKey = this.#recordKey(key);
    await this.#run('set', () =>
      Number.isFinite(ttlMs)
        ? this.client.set(redisKey, value, 'PX', Math.ceil(ttlMs))
        : this.client.set(redisKey, value),
    );
  }

  /** Removes the record of a credential key (the lock, if any, is left to expire or be released). */
  async delete(key: string): Promise<void> {
    await this.#ready('delete');
    await this.#run('delete', () => this.client.del(this.#recordKey(key)));
  }

  /**
   * Takes the renewal lock of a credential key for `ttlMs` (`SET NX PX` with a unique value).
   * Returns the release function, or `null` when another holder has the lock. Releasing is a
   * compare-and-delete, so a release after the TTL never removes someone else's lock; calling it
   * twice is harmless.
   */
  async lock(key: string, ttlMs: number): Promise<(() => Promise<void>) | null> {
    await this.#ready('lock');
    const lockKey = this.#lockKey(key);
    const value = randomUUID();
    const reply = await this.#run('lock', () =>
      this.client.eval(TAKE_LOCK_SCRIPT, 1, lockKey, value, Math.max(1, Math.ceil(ttlMs))),
    );
    if (reply !== 'OK') return null;
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      await this.#ready('unlock');
      await this.#run('unlock', () => this.client.eval(RELEASE_LOCK_SCRIPT, 1, lockKey, value));
    };
  }

  /**
   * Stops using Redis. Quits the client only when the store created it (a client passed in stays
   * open for its owner). Later calls reject with {@link RedisTokenStoreError}.
   */
  async close(): Promise<void> {
    if (this.#isClosed) return;
    this.#isClosed = true;
    for (const waiter of [...this.#readyWaiters]) {
      waiter.reject(new RedisTokenStoreError('connect', 'the RedisTokenStore is closed'));
    }
    this.client.off('ready', this.#onReady);
    this.client.off('reconnecting', this.#onReconnecting);
    if (!this.#ownsClient) return;
    const client = this.client;
    if (client.status !== 'ready') {
      // Not connected (cold, reconnecting or connecting): drop the socket and the reconnect timer.
      client.disconnect();
      return;
    }
    // Resolve once the socket is closed, not merely when QUIT was answered: no handle outlives close().
    const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
    try {
      await client.quit();
    } catch {
      client.disconnect();
    }
    await ended;
  }

  #recordKey(key: string): string {
    return this.#keyPrefix + key;
  }

  #lockKey(key: string): string {
    return `${this.#keyPrefix}${key}:lock`;
  }

  async #run<T>(operation: RedisTokenStoreError['operation'], command: () => Promise<T>) {
    try {
      return await command();
    } catch (error) {
      throw new RedisTokenStoreError(operation, `Redis ${operation} failed`, { cause: error });
    }
  }

  /**
   * Resolves when the client can take commands. A cold client (never connected yet) is given up to
   * `readyTimeoutMs` to connect, so the first calls of a new process are not lost; once Redis was
   * connected and lost, or a connection attempt failed, calls fail fast instead (the core then
   * works per process until the background reconnect succeeds).
   */
  async #ready(operation: RedisTokenStoreError['operation']): Promise<void> {
    if (this.#isClosed) throw new RedisTokenStoreError(operation, 'the RedisTokenStore is closed');
    const client = this.client;
    if (client.status === 'ready') return;
    if (client.status === 'end') {
      throw new RedisTokenStoreError(operation, 'the Redis client is closed');
    }
    if (this.#shouldFailFast) {
      throw new RedisTokenStoreError(operation, `Redis is unavailable (${client.status})`);
    }
    if (client.status === 'wait') {
      // lazyConnect: connect on first use. A failed attempt is retried by the retryStrategy.
      client.connect().catch(() => {});
    }
    await new Promise<void>((resolve, reject) => {
      const waiter: ReadyWaiter = {
        resolve: () => {
          settle();
          resolve();
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        waiter.reject(
          new RedisTokenStoreError(
            operation,
            `Redis was not ready within ${this.#readyTimeoutMs} ms (${client.status})`,
          ),
        );
      }, this.#readyTimeoutMs);
      timer.unref();
      const settle = () => {
        clearTimeout(timer);
        this.#readyWaiters.delete(waiter);
      };
      this.#readyWaiters.add(waiter);
    });
  }
}
