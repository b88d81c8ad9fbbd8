/**
 * A small bounded least-recently-used map (insertion-ordered `Map`). `get` and `set` make a key the
 * most recent; inserting past `maxEntries` evicts the least recent key and calls `onEvict`
 * (not called by `delete` or `clear`).
 *
 * @example
 * ```ts
 * const lru = new Lru<string, number>(2, (key) => console.warn('evicted', key));
 * lru.set('a', 1).set('b', 2).set('c', 3); // evicts 'a'
 * ```
 */
export class Lru<K, V> {
  readonly #map = new Map<K, V>();
  readonly #maxEntries: number;
  readonly #onEvict: ((key: K, value: V) => void) | undefined;
  /** The most recent key while it is held (`undefined` when unknown). */
  #newest: K | undefined = undefined;

  /**
   * @param maxEntries - capacity (integer >= 1).
   * @param onEvict - called with each key evicted for capacity.
   * @throws RangeError when `maxEntries` is not an integer >= 1.
   */
  constructor(maxEntries: number, onEvict?: (key: K, value: V) => void) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError('Lru maxEntries must be an integer >= 1');
    }
    this.#maxEntries = maxEntries;
    this.#onEvict = onEvict;
  }

  /** Capacity. */
  get maxEntries(): number {
    return this.#maxEntries;
  }

  /** Number of keys held. */
  get size(): number {
    return this.#map.size;
  }

  /** Returns the value and marks the key most recent. */
  get(key: K): V | undefined {
    // Hot path: the key used last (one identity serving every request) is already most recent.
    if (key === this.#newest) return this.#map.get(key);
    if (!this.#map.has(key)) return undefined;
    const value = this.#map.get(key) as V;
    this.#map.delete(key);
    this.#map.set(key, value);
    this.#newest = key;
    return value;
  }

  /** Returns the value without changing recency. */
  peek(key: K): V | undefined {
    return this.#map.get(key);
  }

  /** `true` when the key is held (no recency change). */
  has(key: K): boolean {
    return this.#map.has(key);
  }

  /** Stores the value as most recent, evicting the least recent keys past capacity. */
  set(key: K, value: V): this {
    if (this.#map.has(key)) this.#map.delete(key);
    this.#map.set(key, value);
    this.#newest = key;
    while (this.#map.size > this.#maxEntries) {
      const oldest = this.#map.keys().next().value as K;
      const evicted = this.#map.get(oldest) as V;
      this.#map.delete(oldest);
      if (this.#onEvict) {
        try {
          this.#onEvict(oldest, evicted);
        } catch {
          // An eviction callback must not break the caller's set().
        }
      }
    }
    return this;
  }

  /** Removes a key (no eviction callback). */
  delete(key: K): boolean {
    if (key === this.#newest) this.#newest = undefined;
    return this.#map.delete(key);
  }

  /** Removes every key (no eviction callback). */
  clear(): void {
    this.#newest = undefined;
    this.#map.clear();
  }

  /** Keys from least to most recent. */
  keys(): IterableIterator<K> {
    return this.#map.keys();
  }

  /** Values from least to most recent. */
  values(): IterableIterator<V> {
    return this.#map.values();
  }

  /** Entries from least to most recent. */
  entries(): IterableIterator<[K, V]> {
    return this.#map.entries();
  }
}
