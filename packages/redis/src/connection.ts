import { Redis, type RedisOptions } from 'ioredis';
import { RedisTokenStoreError, type RedisStoreOperation } from './errors.js';
import type { RedisClient, RedisTokenStoreLogger } from './options.js';

/** The defaults of a client the store creates (the caller's options are merged over them). */
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

interface ReadyWaiter {
  resolve(): void;
  reject(error: RedisTokenStoreError): void;
}

/** What {@link RedisConnection} is built from (see `resolveStoreOptions`). */
export interface RedisConnectionSettings {
  /** A client passed in (used as is, never quit), or `undefined` to create one from `url`/`ioredis`. */
  client: RedisClient | undefined;
  url: string | undefined;
  ioredis: RedisOptions;
  /** Longest wait of a call for a cold client's first connection, in ms. */
  readyTimeoutMs: number;
  logger: RedisTokenStoreLogger;
}

/**
 * The store's ioredis client and its readiness gate: which calls may run now, which wait for the
 * first connection of a cold process (up to `readyTimeoutMs`), and which fail fast because Redis
 * was lost or never reached (the core then works per process until the background reconnect
 * succeeds). Owns the client it created (quits it on {@link close}); a client passed in is left
 * open for its owner.
 *
 * @example
 * ```ts
 * const connection = new RedisConnection({ client: undefined, url, ioredis: {}, readyTimeoutMs: 450, logger: console });
 * await connection.ready('get');
 * const value = await connection.run('get', () => connection.client.get(key));
 * ```
 */
export class RedisConnection {
  /** The ioredis client in use (the one passed in, or the one created here). */
  readonly client: RedisClient;
  readonly #ownsClient: boolean;
  readonly #readyTimeoutMs: number;
  readonly #logger: RedisTokenStoreLogger;
  #hasBeenReady = false;
  #hasWarned = false;
  /** Set once Redis was reachable or a connection attempt failed: from then on, no waiting. */
  #shouldFailFast: boolean;
  /** Calls of a cold process waiting for the first connection (one shared `ready` listener). */
  readonly #readyWaiters = new Set<ReadyWaiter>();
  #isClosed = false;

  constructor(settings: RedisConnectionSettings) {
    this.#readyTimeoutMs = settings.readyTimeoutMs;
    this.#logger = settings.logger;
    if (settings.client) {
      this.client = settings.client;
      this.#ownsClient = false;
    } else {
      const merged = { ...CACHE_DEFAULTS, ...settings.ioredis };
      const { url } = settings;
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

  /** Runs one Redis command; its failure becomes a {@link RedisTokenStoreError} of `operation`. */
  async run<T>(operation: RedisStoreOperation, command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw new RedisTokenStoreError(operation, `Redis ${operation} failed`, { cause: error });
    }
  }

  /**
   * Resolves when the client can take commands. A cold client (never connected yet) is given up to
   * `readyTimeoutMs` to connect, so the first calls of a new process are not lost; once Redis was
   * connected and lost, or a connection attempt failed, calls fail fast instead.
   * @throws RedisTokenStoreError of `operation` when closed, unavailable, or not ready in time.
   */
  async ready(operation: RedisStoreOperation): Promise<void> {
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

  /**
   * Stops using Redis: waiting calls reject, later ones too. Quits the client only when it was
   * created here, and resolves once its socket is closed.
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
}
