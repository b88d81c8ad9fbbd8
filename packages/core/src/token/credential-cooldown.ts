import { MastersInvalidCredentialsError } from '../errors.js';
import type { KeyState } from './key-state.js';

/**
 * Entries of the invalid-credentials memory per entry of the token-state LRU (and at least
 * {@link MIN_COOLDOWN_ENTRIES}): rejected tenants are remembered even when four times as many
 * tenants as `maxEntries` were rejected within one cooldown. About 200 bytes an entry: 8 MB at
 * most with the default `maxEntries` of 10,000.
 */
export const COOLDOWN_ENTRIES_PER_KEY = 4;
/** Floor of the invalid-credentials memory's capacity, whatever `maxEntries` is. */
export const MIN_COOLDOWN_ENTRIES = 10_000;

/** Capacity of the invalid-credentials memory for a client of `maxEntries` token states. */
export function cooldownCapacity(maxEntries: number): number {
  return Math.max(COOLDOWN_ENTRIES_PER_KEY * maxEntries, MIN_COOLDOWN_ENTRIES);
}

/** One remembered rejection: until when no login is tried, and the token-auth status that said so. */
export interface CooldownEntry {
  /** Monotonic ms at which the cooldown ends. */
  readonly until: number;
  /** token-auth HTTP status of the rejection (206, 400, 401 or 403). */
  readonly status: number;
}

/**
 * The invalid-credentials memory: per credential key, the end of its cooldown after token-auth
 * rejected it. It is kept apart from the per-key token state on purpose: that state lives in an LRU
 * of `maxEntries`, and a rejected tenant evicted by busier ones must not come back with a fresh
 * allowance to log in (each wrong-password login brings a portal account closer to its lock).
 *
 * Bounded by its own capacity: an entry is the key string and a two-field record (about 200 bytes),
 * a tenth of a token state. Every entry has the same cooldown length, so insertion order is expiry
 * order: expired entries are dropped from the front as new ones arrive, and past capacity the entry
 * that would expire first goes.
 *
 * @example
 * ```ts
 * const cooldown = new CredentialCooldown(40_000);
 * cooldown.record(key, clock.now() + 300_000, 206);
 * cooldown.active(key, clock.now()); // { until, status: 206 } for the next 5 minutes
 * ```
 */
export class CredentialCooldown {
  readonly #entries = new Map<string, CooldownEntry>();
  readonly #maxEntries: number;

  /** @param maxEntries - capacity (integer >= 1). */
  constructor(maxEntries: number) {
    this.#maxEntries = Math.max(1, Math.floor(maxEntries));
  }

  /** Capacity. */
  get maxEntries(): number {
    return this.#maxEntries;
  }

  /** Number of entries held (expired ones included until they are dropped). */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * The cooldown of `key` when it has not ended at `now` (monotonic ms); an ended one is dropped.
   * One `Map` lookup and no allocation: it runs on every call that would log in.
   */
  active(key: string, now: number): CooldownEntry | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (now < entry.until) return entry;
    this.#entries.delete(key);
    return undefined;
  }

  /** Remembers a rejection of `key` until `until` (monotonic ms), replacing an older one. */
  record(key: string, until: number, status: number, now: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, { until, status });
    for (const [oldest, entry] of this.#entries) {
      if (this.#entries.size <= this.#maxEntries && now < entry.until) break;
      this.#entries.delete(oldest);
    }
  }

  /**
   * The invalid-credentials gate (docs/ARCHITECTURE.md §3, "bad-credential memory"): the error to
   * fail with while the credentials of `state` cool down after token-auth rejected them, else
   * `undefined` (always for an API key). Every password login passes through it.
   */
  refusal(state: KeyState, now: number): MastersInvalidCredentialsError | undefined {
    if (state.isApiKey) return undefined;
    const entry = this.active(state.key, now);
    if (entry === undefined) return undefined;
    // After an eviction the state is new: rebuild the error from the remembered status.
    state.badCredentials ??= new MastersInvalidCredentialsError({
      status: entry.status,
      keyFingerprint: state.keyFingerprint,
    });
    return state.badCredentials;
  }

  /**
   * Remembers that token-auth rejected the credentials of `state` with `error`, for `cooldownMs`.
   * @returns `false`, changing nothing, when a cooldown already runs (the gate refused the login:
   *   no request was sent, so the cooldown is not extended).
   */
  remember(
    state: KeyState,
    error: MastersInvalidCredentialsError,
    now: number,
    cooldownMs: number,
  ): boolean {
    if (this.active(state.key, now) !== undefined) return false;
    state.badCredentials = error;
    this.record(state.key, now + cooldownMs, error.status, now);
    return true;
  }

  /** Forgets `key` (its credentials just logged in). */
  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Forgets every key. */
  clear(): void {
    this.#entries.clear();
  }
}
