import { Lru } from '../lru.js';
import type { TokenRecord, TokenStore } from '../types.js';

/** Options of {@link MemoryTokenStore}. */
export interface MemoryTokenStoreOptions {
  /** Maximum number of records (and, separately, of locks) kept; least recent evicted. Default 10 000. */
  maxEntries?: number;
  /** Monotonic millisecond clock for TTLs (default `performance.now()`); inject for tests. */
  clock?: { now(): number };
}

interface Entry {
  record: TokenRecord;
  expiresAt: number;
}

interface Lock {
  owner: number;
  expiresAt: number;
}

/**
 * The default {@link TokenStore}: process-local, bounded by an LRU of `maxEntries` (10 000) keys,
 * honouring each record's TTL on an injectable monotonic clock. `lock()` is implemented in-process
 * (TTL + unique owner, like a Redis `SET NX PX` lock) so the client uses the same code path with
 * every store. Records are copied in and out, so callers cannot mutate the stored state.
 *
 * @example
 * ```ts
 * const store = new MemoryTokenStore({ maxEntries: 1000 });
 * const client = createMastersClient({ environment: 'sandbox', credentials, store });
 * ```
 */
export class MemoryTokenStore implements TokenStore {
  readonly #records: Lru<string, Entry>;
  readonly #locks: Lru<string, Lock>;
  readonly #clock: { now(): number };
  #nextOwner = 1;

  /** @throws RangeError when `maxEntries` is not an integer >= 1. */
  constructor(options: MemoryTokenStoreOptions = {}) {
    const maxEntries = options.maxEntries ?? 10_000;
    this.#records = new Lru(maxEntries);
    this.#locks = new Lru(maxEntries);
    this.#clock = options.clock ?? { now: () => performance.now() };
  }

  /** Number of records held (expired ones included until touched). */
  get size(): number {
    return this.#records.size;
  }

  /** Returns a copy of the record, or `undefined` when absent or past its TTL. */
  async get(key: string): Promise<TokenRecord | undefined> {
    const entry = this.#records.get(key);
    if (!entry) return undefined;
    if (this.#clock.now() >= entry.expiresAt) {
      this.#records.delete(key);
      return undefined;
    }
    return { ...entry.record };
  }

  /**
   * Stores a copy of the record for `ttlMs` milliseconds (`Infinity` = no expiry; `<= 0` or `NaN`
   * deletes the key).
   */
  async set(key: string, record: TokenRecord, ttlMs: number): Promise<void> {
    if (!(ttlMs > 0)) {
      this.#records.delete(key);
      return;
    }
    this.#records.set(key, { record: { ...record }, expiresAt: this.#clock.now() + ttlMs });
  }

  /** Removes the record. */
  async delete(key: string): Promise<void> {
    this.#records.delete(key);
  }

  /**
   * Takes the lock of `key` for `ttlMs` milliseconds. Returns a release function (which only
   * releases this holder's lock, and is idempotent), or `null` when another holder's lock is live.
   */
  async lock(key: string, ttlMs: number): Promise<(() => Promise<void>) | null> {
    const now = this.#clock.now();
    const held = this.#locks.peek(key);
    if (held && now < held.expiresAt) return null;
    const owner = this.#nextOwner++;
    this.#locks.set(key, { owner, expiresAt: now + (ttlMs > 0 ? ttlMs : 0) });
    return async () => {
      if (this.#locks.peek(key)?.owner === owner) this.#locks.delete(key);
    };
  }

  /** Removes every record and lock. */
  clear(): void {
    this.#records.clear();
    this.#locks.clear();
  }
}
