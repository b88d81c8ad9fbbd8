import { randomUUID } from 'node:crypto';
import type { TokenRecord, TokenStore } from '@mastersfetch/core';
import { RedisConnection } from './connection.js';
import { RedisTokenStoreError } from './errors.js';
import { RELEASE_LOCK_SCRIPT, TAKE_LOCK_SCRIPT } from './lock-scripts.js';
import {
  resolveStoreOptions,
  type RedisClient,
  type RedisTokenStoreOptions,
  type RedisValueTransform,
} from './options.js';
import { parseRecord, serializeRecord } from './record-codec.js';

export { RedisTokenStoreError } from './errors.js';
export type {
  RedisClient,
  RedisConnectionOptions,
  RedisTokenStoreLogger,
  RedisTokenStoreOptions,
  RedisValueTransform,
} from './options.js';

/**
 * A {@link TokenStore} backed by Redis (ioredis 5), so every process of a fleet shares one access
 * token and one login: one key per credential holds the whole {@link TokenRecord} as JSON with a TTL,
 * and `lock()` is `SET <key>:lock <unique value> NX PX <ttl>` released by a compare-and-delete Lua
 * script (lock-scripts.ts). Records never contain a password (the core never gives one to a store);
 * the optional `encrypt`/`decrypt` hooks protect the tokens at rest.
 *
 * Redis trouble never fails a request: every method rejects quickly (no offline queue, a short
 * command timeout; connection.ts) and the core treats a failing store as absent for that call,
 * emitting `storeError`. The store reconnects in the background.
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
  readonly #connection: RedisConnection;
  readonly #keyPrefix: string;
  readonly #encrypt: RedisValueTransform | undefined;
  readonly #decrypt: RedisValueTransform | undefined;

  /**
   * @param options - an existing `client`, or `url` / `connection` for a client the store creates;
   *   see {@link RedisTokenStoreOptions}.
   * @throws `MastersConfigError` (from `@mastersfetch/core`) naming an unknown option key, with the
   *   closest known one (`keyPrefx` → `keyPrefix`); ioredis options beyond
   *   `RedisConnectionOptions` belong in `connection`.
   * @throws TypeError when only one of `encrypt` / `decrypt` is given, or `client` is combined with
   *   `url` / `connection`.
   */
  constructor(options: RedisTokenStoreOptions = {}) {
    const resolved = resolveStoreOptions(options);
    this.#keyPrefix = resolved.keyPrefix;
    this.#encrypt = resolved.encrypt;
    this.#decrypt = resolved.decrypt;
    this.#connection = new RedisConnection(resolved);
    this.client = this.#connection.client;
  }

  /** Reads the record of a credential key; `undefined` when there is none (or it expired). */
  async get(key: string): Promise<TokenRecord | undefined> {
    const connection = this.#connection;
    await connection.ready('get');
    const stored = await connection.run('get', () => this.client.get(this.#recordKey(key)));
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
    await this.#connection.ready('set');
    const redisKey = this.#recordKey(key);
    await this.#connection.run('set', () =>
      Number.isFinite(ttlMs)
        ? this.client.set(redisKey, value, 'PX', Math.ceil(ttlMs))
        : this.client.set(redisKey, value),
    );
  }

  /** Removes the record of a credential key (the lock, if any, is left to expire or be released). */
  async delete(key: string): Promise<void> {
    await this.#connection.ready('delete');
    await this.#connection.run('delete', () => this.client.del(this.#recordKey(key)));
  }

  /**
   * Takes the renewal lock of a credential key for `ttlMs` (`SET NX PX` with a unique value).
   * Returns the release function, or `null` when another holder has the lock. Releasing is a
   * compare-and-delete, so a release after the TTL never removes someone else's lock; calling it
   * twice is harmless.
   */
  async lock(key: string, ttlMs: number): Promise<(() => Promise<void>) | null> {
    const connection = this.#connection;
    await connection.ready('lock');
    const lockKey = this.#lockKey(key);
    const value = randomUUID();
    const reply = await connection.run('lock', () =>
      this.client.eval(TAKE_LOCK_SCRIPT, 1, lockKey, value, Math.max(1, Math.ceil(ttlMs))),
    );
    if (reply !== 'OK') return null;
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      await connection.ready('unlock');
      await connection.run('unlock', () =>
        this.client.eval(RELEASE_LOCK_SCRIPT, 1, lockKey, value),
      );
    };
  }

  /**
   * Stops using Redis. Quits the client only when the store created it (a client passed in stays
   * open for its owner). Later calls reject with {@link RedisTokenStoreError}.
   */
  close(): Promise<void> {
    return this.#connection.close();
  }

  #recordKey(key: string): string {
    return this.#keyPrefix + key;
  }

  #lockKey(key: string): string {
    return `${this.#keyPrefix}${key}:lock`;
  }
}
