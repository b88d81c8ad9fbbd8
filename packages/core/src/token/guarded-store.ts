import { MastersClientClosedError, MastersTokenError } from '../errors.js';
import { isTokenHeaderSafe } from '../http/header-values.js';
import { clampTimerMs, hardWindowMs } from '../lifetime.js';
import type { InternalLogger } from '../logger.js';
import { channels } from '../observe/channels.js';
import type { Observer } from '../observe/observer.js';
import { sanitizeError } from '../redact.js';
import type {
  MastersClock,
  MastersEventName,
  MastersEvents,
  TokenRecord,
  TokenStore,
} from '../types.js';
import type { KeyState } from './key-state.js';
import type { TokenGrant } from './token-auth.js';

/** The numbers {@link GuardedStore} needs (ms). */
export interface GuardedStoreSettings {
  storeTimeoutMs: number;
  lockTtlMs: number;
  operationDeadlineMs: number;
  maxLifetimeMs: number;
  hardWindowMs: number;
}

/** Collaborators of {@link GuardedStore}. */
export interface GuardedStoreDeps {
  store: TokenStore;
  settings: GuardedStoreSettings;
  clock: MastersClock;
  emit: <E extends MastersEventName>(event: E, payload: MastersEvents[E]) => void;
  log: InternalLogger;
  /** Random number in [0, 1) for the polling jitter. */
  random: () => number;
  /** `true` once the client is closed: a lock wait stops. */
  isClosed: () => boolean;
  /** Span `mastersfetch.store.<op>` and channel `mastersfetch:store` per call (ARCHITECTURE §12). */
  observer?: Observer;
}

/** {@link GuardedStore.acquire} took a record another process stored. */
export const ADOPTED = Symbol('adopted');

/** What {@link GuardedStore.acquire} hands back when this process must obtain the token itself. */
export interface StoreHold {
  /** Releases the store lock (absent without one); {@link GuardedStore.release} calls it. */
  release: (() => Promise<void>) | undefined;
  /** Generation of the record read under the lock (0 when none): the new token's is one more. */
  storedGeneration: number;
}

/**
 * The token store as the engine uses it (docs/ARCHITECTURE.md §4): every call bounded by
 * `storeTimeoutMs` and treated as absent when it throws or is slow (`storeError` event, redacted
 * error); the login lock, with the wait for another process's record and the takeover of a lock
 * whose holder died; and `adopt`, the rule for taking a stored record.
 *
 * @example
 * ```ts
 * const hold = await guarded.acquire(state, false);
 * if (hold === ADOPTED) return; // another process's token
 * try { await guarded.commit(state, grant, hold.storedGeneration + 1); } finally { await guarded.release(hold, state); }
 * ```
 */
export class GuardedStore {
  readonly #deps: GuardedStoreDeps;
  readonly #s: GuardedStoreSettings;

  constructor(deps: GuardedStoreDeps) {
    this.#deps = deps;
    this.#s = deps.settings;
  }

  /** The stored record of `state`'s key (`undefined` when absent, or the store failed). */
  async read(state: KeyState): Promise<TokenRecord | undefined> {
    return this.#call('get', () => this.#deps.store.get(state.key), state);
  }

  /** Deletes the stored record of `state`'s key (a failure is reported, not thrown). */
  async delete(state: KeyState): Promise<void> {
    await this.#call('delete', () => this.#deps.store.delete(state.key), state);
  }

  /**
   * Steps 1 and 2 of a renewal: adopt a stored record; else take the store's lock (when it has one),
   * waiting for a holder's record or taking over from a dead holder, and read once more under it.
   * @returns {@link ADOPTED} when `state` now holds a stored token, else the hold to release.
   * @throws MastersTokenError when `operationDeadlineMs` passes with the lock held elsewhere;
   *   MastersClientClosedError when the client closes during the wait.
   */
  async acquire(state: KeyState, isForced: boolean): Promise<typeof ADOPTED | StoreHold> {
    if (this.adopt(state, await this.read(state), isForced)) return ADOPTED;
    if (typeof this.#deps.store.lock !== 'function')
      return { release: undefined, storedGeneration: 0 };
    let release = await this.#lock(state);
    if (release === null) {
      // Another process is logging in for this key: wait for its record, or for its lock.
      const waited = await this.#waitForLockHolder(state, isForced);
      if (waited === ADOPTED) return ADOPTED;
      release = waited;
    }
    if (release === undefined) return { release: undefined, storedGeneration: 0 };
    const hold: StoreHold = { release, storedGeneration: 0 };
    const stored = await this.read(state);
    if (this.adopt(state, stored, isForced)) {
      await this.release(hold, state);
      return ADOPTED;
    }
    hold.storedGeneration = stored?.generation ?? 0;
    return hold;
  }

  /** Releases the lock of `hold`, if any (a failure is reported, not thrown). */
  async release(hold: StoreHold, state: KeyState): Promise<void> {
    const unlock = hold.release;
    if (unlock === undefined) return;
    hold.release = undefined;
    await this.#call('unlock', () => unlock(), state);
  }

  /** Gives `state` the token of `grant` as generation `generation` and stores it. */
  async commit(state: KeyState, grant: TokenGrant, generation: number): Promise<void> {
    const expiresAt = grant.sentAt + grant.lifetimeMs;
    state.setToken({
      token: grant.token,
      refreshToken: grant.refreshToken,
      generation,
      lifetimeMs: grant.lifetimeMs,
      expiresAt,
      refreshExpiresAt: Number.POSITIVE_INFINITY,
    });
    const record: TokenRecord = {
      token: grant.token,
      expiresAtMs: grant.sentWallMs + grant.lifetimeMs,
      generation,
      obtainedAtMs: grant.sentWallMs,
    };
    if (grant.refreshToken !== undefined) record.refreshToken = grant.refreshToken;
    const ttlMs = Math.max(1, expiresAt - this.#deps.clock.now());
    await this.#call('set', () => this.#deps.store.set(state.key, record, ttlMs), state);
  }

  /**
   * Takes a stored record when it is newer than what a 401 rejected and valid beyond the hard
   * window (and, for a renewal of a held token or a forced one, a later generation than ours).
   * @returns `true` when `state` now holds the record's token.
   */
  adopt(state: KeyState, record: TokenRecord | undefined, isForced: boolean): boolean {
    if (
      record === undefined ||
      typeof record.token !== 'string' ||
      !isTokenHeaderSafe(record.token)
    ) {
      return false;
    }
    if (record.generation <= state.rejectedGeneration) return false;
    if (state.token !== undefined && record.generation <= state.generation) return false;
    if (isForced && record.generation <= state.generation) return false;
    const lifetimeMs = Math.min(record.expiresAtMs - record.obtainedAtMs, this.#s.maxLifetimeMs);
    if (!(lifetimeMs > 0)) return false;
    const { clock } = this.#deps;
    const remainingMs = record.expiresAtMs - clock.wallNow();
    if (remainingMs <= hardWindowMs(lifetimeMs, this.#s.hardWindowMs)) return false;
    const now = clock.now();
    state.setToken({
      token: record.token,
      refreshToken: record.refreshToken,
      generation: record.generation,
      lifetimeMs,
      expiresAt: now + Math.min(remainingMs, lifetimeMs),
      refreshExpiresAt:
        record.refreshExpiresAtMs !== undefined
          ? now + (record.refreshExpiresAtMs - clock.wallNow())
          : Number.POSITIVE_INFINITY,
    });
    return true;
  }

  async #lock(state: KeyState): Promise<(() => Promise<void>) | null | undefined> {
    const store = this.#deps.store as Required<Pick<TokenStore, 'lock'>>;
    return this.#call('lock', () => store.lock(state.key, this.#s.lockTtlMs), state);
  }

  /**
   * Waits while another process holds the store lock of this key: polls the store (with jitter) for
   * the record it is writing and, each time `lockTtlMs` passes without one (the holder may have
   * died), tries to take the lock once more. Only the process that gets the lock logs in; the
   * others keep reading the store, so N waiters make one login, not N, after a holder crashes.
   * Deadlines use the injected clock; sleeps are real timers.
   *
   * @returns `ADOPTED` when a stored record was taken, the lock's release function when this process
   *   won the lock, or `undefined` when the store could not answer the lock call (treated as absent:
   *   log in without the lock, like a store without `lock`).
   */
  async #waitForLockHolder(
    state: KeyState,
    isForced: boolean,
  ): Promise<typeof ADOPTED | (() => Promise<void>) | undefined> {
    const { clock, isClosed, random } = this.#deps;
    const deadline = clock.now() + this.#s.operationDeadlineMs;
    let delay = 50;
    for (;;) {
      const lockExpiresAt = Math.min(clock.now() + this.#s.lockTtlMs, deadline);
      while (clock.now() < lockExpiresAt) {
        if (isClosed()) throw new MastersClientClosedError();
        await sleep(delay * (0.5 + 0.5 * random()));
        if (this.adopt(state, await this.read(state), isForced)) return ADOPTED;
        delay = Math.min(delay * 2, 1000);
      }
      if (isClosed()) throw new MastersClientClosedError();
      if (clock.now() >= deadline) {
        throw new MastersTokenError({
          message: `another process held the login lock for ${this.#s.operationDeadlineMs} ms (operationDeadlineMs) without storing a token`,
          keyFingerprint: state.keyFingerprint,
          hint: 'check the other processes sharing the token store, or lower lockTtlMs',
        });
      }
      const release = await this.#lock(state);
      if (release !== null) return release;
      // Someone else took the lock first: it logs in; read what it writes.
      if (this.adopt(state, await this.read(state), isForced)) return ADOPTED;
    }
  }

  /**
   * A throwing or slow store is treated as absent for this call (`storeError` event). The store's
   * error is passed on as a redacted copy: generic shapes and `redactor`'s secrets (the state's,
   * which include the record being written) are hidden in its message, stack and own properties.
   * Observed as span `mastersfetch.store.<operation>` and channel `mastersfetch:store`.
   */
  async #call<T>(
    operation: MastersEvents['storeError']['operation'],
    call: () => Promise<T>,
    state: KeyState,
  ): Promise<T | undefined> {
    const redactor = state.redactor;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(`token store ${operation} took longer than ${this.#s.storeTimeoutMs} ms`),
            ),
          clampTimerMs(this.#s.storeTimeoutMs),
        );
      });
      const race = () => Promise.race([call(), timeout]);
      const observer = this.#deps.observer;
      if (observer === undefined) return await race();
      const fingerprint = state.keyFingerprint;
      return await observer.trace(
        `mastersfetch.store.${operation}`,
        { 'mastersfetch.credential.fingerprint': fingerprint },
        channels.store,
        () => ({ operation, fingerprint }),
        race,
        () => ({}),
      );
    } catch (error) {
      const err = sanitizeError(
        error instanceof Error ? error : new Error(String(error)),
        redactor,
      );
      this.#deps.emit('storeError', { operation, error: err });
      this.#deps.log.warn('token store failed; continuing without it for this call', {
        operation,
        error: err,
      });
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });
}
