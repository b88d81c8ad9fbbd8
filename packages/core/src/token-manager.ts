import { inspect } from 'node:util';
import type { LoginPost } from './fetch.js';
import {
  MastersClientClosedError,
  MastersError,
  MastersInvalidCredentialsError,
  MastersTokenError,
  scrubError,
} from './errors.js';
import {
  backoffDelayMs,
  clampTimerMs,
  decodeClaims,
  hardWindowMs,
  parseHttpDate,
  parseRetryAfterMs,
  softWindowMs,
  tokenTiming,
  unauthorizedGuardMs,
} from './lifetime.js';
import { isTokenHeaderSafe } from './http/header-values.js';
import { loginTransportError } from './http/redirects.js';
import type { InternalLogger } from './logger.js';
import { Lru } from './lru.js';
import { Redactor, sanitizeError } from './redact.js';
import { CredentialCooldown } from './token/credential-cooldown.js';
import type {
  MastersClientStats,
  MastersClock,
  MastersEventName,
  MastersEvents,
  TokenRecord,
  TokenStore,
} from './types.js';

/** The documented token-auth path (https://docs.mastersindia.co/eway/authentication/access-tokens). */
export const TOKEN_AUTH_PATH = 'api/v1/token-auth/';

/** Numbers the engine needs (all ms unless named otherwise); see `MastersClientOptions`. */
export interface EngineSettings {
  timeoutMs: number;
  operationDeadlineMs: number;
  softWindowMs: number;
  hardWindowMs: number;
  maxLifetimeMs: number;
  defaultLifetimeMs: number;
  skewWarnMs: number;
  invalidCredentialsCooldownMs: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  maxRetryAfterMs: number;
  unauthorizedGuardMs: number;
  maxForcedRenewals: number;
  forcedRenewalWindowMs: number;
  maxEntries: number;
  storeTimeoutMs: number;
  lockTtlMs: number;
  refreshPath: string | undefined;
  scheduleRenewal: boolean;
}

/** Collaborators of the {@link TokenManager}. */
export interface EngineDeps {
  settings: EngineSettings;
  clock: MastersClock;
  store: TokenStore;
  /** Sends token-auth / refresh (one attempt, any status resolves). */
  loginPost: LoginPost;
  emit: <E extends MastersEventName>(event: E, payload: MastersEvents[E]) => void;
  log: InternalLogger;
  /** Random number in [0, 1) for backoff jitter (injectable for tests). */
  random?: () => number;
}

const noop = (): void => {};

/** {@link TokenManager} took a record another process stored while it waited for the lock. */
const ADOPTED = Symbol('adopted');

/** Why a caller stopped waiting: its own abort or its `operationDeadlineMs`. */
class WaitAborted extends Error {}

/**
 * Everything the engine knows about one credential key (tokens, backoff, 401 guard). Lives in the
 * client's LRU of `maxEntries`; the invalid-credentials cooldown lives apart, in a
 * {@link CredentialCooldown} that outlives an eviction. Its `inspect` and `toJSON` hide the
 * password and tokens.
 */
export class KeyState {
  readonly key: string;
  readonly keyFingerprint: string;
  readonly isApiKey: boolean;
  /** Username/password for logins (absent in API-key mode). */
  readonly credentials: { username: string; password: string } | undefined;
  readonly apiKey: string | undefined;
  token: string | undefined = undefined;
  /** `JWT <token>`: the header value, built once per token rather than once per request. */
  authorization: string | undefined = undefined;
  refreshToken: string | undefined = undefined;
  /** Monotonic expiry of the refresh token (`Infinity` when unknown). */
  refreshExpiresAt = Number.POSITIVE_INFINITY;
  generation = 0;
  /** Monotonic ms at which the access token expires. */
  expiresAt = 0;
  lifetimeMs = 0;
  /** Precomputed `expiresAt - hardWindow` / `expiresAt - softWindow` (monotonic ms): the hot path compares once. */
  hardAt = 0;
  softAt = 0;
  /** A renewal gave no later expiry: no soft renewals until the hard window. */
  isSoftStopped = false;
  /** Store records with a generation at or below this were rejected by the API (401). */
  rejectedGeneration = 0;
  inflight: Promise<void> | undefined = undefined;
  failures = 0;
  nextAttemptAt = 0;
  lastError: MastersError | undefined = undefined;
  /** The last rejection of these credentials (its cooldown lives in the {@link CredentialCooldown}). */
  badCredentials: MastersInvalidCredentialsError | undefined = undefined;
  guardUntil = 0;
  forcedRenewalTimes: number[] = [];
  timer: ReturnType<typeof setTimeout> | undefined = undefined;
  /** This credential's secrets (password or API key, current tokens): errors for it are scrubbed with it. */
  readonly redactor: Redactor;

  constructor(
    key: string,
    keyFingerprint: string,
    secret: { username: string; password: string } | { apiKey: string },
  ) {
    this.key = key;
    this.keyFingerprint = keyFingerprint;
    if ('apiKey' in secret) {
      this.isApiKey = true;
      this.apiKey = secret.apiKey;
      this.credentials = undefined;
    } else {
      this.isApiKey = false;
      this.apiKey = undefined;
      this.credentials = { username: secret.username, password: secret.password };
    }
    this.redactor = new Redactor(['apiKey' in secret ? secret.apiKey : secret.password]);
  }

  toJSON(): Record<string, unknown> {
    return {
      keyFingerprint: this.keyFingerprint,
      mode: this.isApiKey ? 'apiKey' : 'password',
      generation: this.generation,
      hasToken: this.token !== undefined,
    };
  }

  [inspect.custom](): string {
    return `KeyState ${inspect(this.toJSON())}`;
  }
}

/** Result of {@link TokenManager.onUnauthorized}: replay the request, or let the 401 surface. */
export type UnauthorizedDecision = 'replay' | 'surface';

interface LoginResult {
  token: string;
  refreshToken: string | undefined;
  lifetimeMs: number;
  sentAt: number;
  sentWallMs: number;
}

interface RenewFailure {
  error: MastersError;
  retryAfterMs: number | undefined;
}

/**
 * Entries of the invalid-credentials memory per entry of the token-state LRU (and at least
 * {@link MIN_COOLDOWN_ENTRIES}): rejected tenants are remembered even when four times as many
 * tenants as `maxEntries` were rejected within one cooldown. About 200 bytes an entry: 8 MB at
 * most with the default `maxEntries` of 10,000.
 */
export const COOLDOWN_ENTRIES_PER_KEY = 4;
/** Floor of the invalid-credentials memory's capacity, whatever `maxEntries` is. */
export const MIN_COOLDOWN_ENTRIES = 10_000;

/**
 * The token engine: one LRU of {@link KeyState} per credential key, single-flight logins and
 * renewals, soft/hard windows on the monotonic clock, per-key backoff, the invalid-credentials
 * cooldown (its own bounded memory), 401 replay decisions, the store (with its lock) and opt-in
 * renewal timers.
 */
export class TokenManager {
  readonly stats: MastersClientStats = { logins: 0, renewals: 0, waits: 0, replays: 0 };
  readonly states: Lru<string, KeyState>;
  /** Rejected credential keys and the end of their cooldown (outlives the LRU's evictions). */
  readonly cooldown: CredentialCooldown;
  readonly #deps: EngineDeps;
  readonly #s: EngineSettings;
  readonly #clock: MastersClock;
  readonly #random: () => number;
  readonly #inflight = new Set<Promise<void>>();
  #isSkewReported = false;
  #isClosed = false;

  constructor(deps: EngineDeps) {
    this.#deps = deps;
    this.#s = deps.settings;
    this.#clock = deps.clock;
    this.#random = deps.random ?? Math.random;
    this.states = new Lru<string, KeyState>(deps.settings.maxEntries, (_key, state) =>
      this.#dispose(state),
    );
    this.cooldown = new CredentialCooldown(
      Math.max(COOLDOWN_ENTRIES_PER_KEY * deps.settings.maxEntries, MIN_COOLDOWN_ENTRIES),
    );
  }

  /** Number of logins/renewals in flight (for tests and `close()`). */
  get inflightCount(): number {
    return this.#inflight.size;
  }

  get isClosed(): boolean {
    return this.#isClosed;
  }

  /**
   * The state of a credential key, created on first use (it owns the credential's redactor).
   * @param key - store key from `credentialKey()`
   */
  stateFor(
    key: string,
    keyFingerprint: string,
    secret: { username: string; password: string } | { apiKey: string },
  ): KeyState {
    let state = this.states.get(key);
    if (state === undefined) {
      state = new KeyState(key, keyFingerprint, secret);
      this.states.set(key, state);
    }
    return state;
  }

  /**
   * Hot path: `true` when the state holds a token outside the hard window (a soft-window token
   * also starts one background renewal). No allocation on a hit.
   */
  isUsable(state: KeyState): boolean {
    if (state.token === undefined) return false;
    const now = this.#clock.now();
    if (now >= state.hardAt) return false;
    if (now >= state.softAt) this.#maybeSoftRenew(state, now);
    return true;
  }

  /**
   * Ensures `state` holds a usable access token, logging in or waiting for the in-flight renewal
   * when needed. Callers with no valid token fail fast during backoff; a still-valid token keeps
   * being served while renewal fails.
   *
   * @param signal - aborts only this caller's wait (never the shared login)
   * @throws MastersInvalidCredentialsError, MastersTokenError, or the signal's reason
   */
  async ensureToken(state: KeyState, signal?: AbortSignal | null): Promise<void> {
    if (this.#isClosed) throw closedError();
    await this.#ensureToken(state, signal);
    // A caller that waited through close() must not send its request after all.
    if (this.#isClosed) throw closedError();
  }

  async #ensureToken(state: KeyState, signal: AbortSignal | null | undefined): Promise<void> {
    let hasWaited = false;
    for (let round = 0; round < 3; round++) {
      const now = this.#clock.now();
      if (state.token !== undefined && now < state.hardAt) {
        if (now >= state.softAt) this.#maybeSoftRenew(state, now);
        return;
      }
      const hasValidToken = state.token !== undefined && now < state.expiresAt;
      if (state.inflight === undefined) {
        // During the cooldown nobody logs in: the still-valid token serves until it expires.
        const rejected = this.#cooldownError(state, now);
        if (rejected !== undefined) {
          if (hasValidToken) return;
          throw rejected;
        }
        if (now < state.nextAttemptAt) {
          if (hasValidToken) return;
          throw (
            state.lastError ??
            new MastersTokenError({
              message: 'Masters India login is backing off after a failure',
              keyFingerprint: state.keyFingerprint,
            })
          );
        }
        this.#startRenewal(state, false);
      }
      if (!hasWaited) {
        hasWaited = true;
        this.stats.waits++;
      }
      try {
        await this.#wait(state.inflight as Promise<void>, signal);
      } catch (error) {
        if (error instanceof WaitAborted) throw error.cause;
        if (state.token !== undefined && this.#clock.now() < state.expiresAt) return;
        throw error;
      }
    }
    if (state.token !== undefined && this.#clock.now() < state.expiresAt) return;
    throw new MastersTokenError({
      message: 'Masters India login did not yield a usable token',
      keyFingerprint: state.keyFingerprint,
    });
  }

  /**
   * Decides what to do with a 401 to a request that carried generation `usedGeneration`: replay
   * with a newer token (after renewing single-flight when the rejected token is the current one),
   * or surface it (401 guard active, forced-renewal budget spent, renewal failed).
   */
  async onUnauthorized(
    state: KeyState,
    usedGeneration: number,
    method: string,
    path: string,
    signal?: AbortSignal | null,
  ): Promise<UnauthorizedDecision> {
    if (this.#isClosed) throw closedError();
    const now = this.#clock.now();
    if (now < state.guardUntil) return 'surface';
    if (state.generation > usedGeneration && state.token !== undefined && now < state.expiresAt) {
      return 'replay';
    }
    if (state.inflight === undefined) {
      const windowStart = now - this.#s.forcedRenewalWindowMs;
      const times = state.forcedRenewalTimes.filter((t) => t > windowStart);
      state.forcedRenewalTimes = times;
      if (times.length >= this.#s.maxForcedRenewals) {
        this.#deps.log.warn('401 from the API; forced renewal budget spent, not renewing', {
          keyFingerprint: state.keyFingerprint,
          method,
          path,
        });
        return 'surface';
      }
      times.push(now);
      this.#deps.emit('tokenRejected', {
        keyFingerprint: state.keyFingerprint,
        generation: usedGeneration,
        method,
        path,
      });
      if (state.generation === usedGeneration) {
        // The current token was rejected (revoked, or the server restarted its key): drop it so
        // nobody else sends it, and make sure a re-read of the store cannot bring it back.
        state.token = undefined;
        state.authorization = undefined;
        state.hardAt = 0;
        state.softAt = 0;
      }
      state.rejectedGeneration = Math.max(state.rejectedGeneration, usedGeneration);
      this.#startRenewal(state, true);
    }
    this.stats.waits++;
    try {
      await this.#wait(state.inflight as Promise<void>, signal);
    } catch (error) {
      if (error instanceof WaitAborted) throw error.cause;
      return 'surface';
    }
    return state.generation > usedGeneration && state.token !== undefined ? 'replay' : 'surface';
  }

  /** A replay with a freshly renewed token also got 401: it is not about the token; start the guard. */
  onReplayUnauthorized(state: KeyState): void {
    const guard = unauthorizedGuardMs(state.lifetimeMs, this.#s.unauthorizedGuardMs);
    state.guardUntil = this.#clock.now() + guard;
  }

  /** Drops the token of `state` (memory and store); the next call logs in again. */
  async invalidate(state: KeyState): Promise<void> {
    state.rejectedGeneration = Math.max(state.rejectedGeneration, state.generation);
    state.token = undefined;
    state.authorization = undefined;
    state.refreshToken = undefined;
    state.hardAt = 0;
    state.softAt = 0;
    state.isSoftStopped = false;
    if (state.timer !== undefined) clearTimeout(state.timer);
    state.timer = undefined;
    if (!state.isApiKey)
      await this.#storeCall('delete', () => this.#deps.store.delete(state.key), state.redactor);
  }

  /** Stops timers, waits for in-flight logins to settle; later calls reject. */
  async close(): Promise<void> {
    this.#isClosed = true;
    for (const state of this.states.values()) this.#dispose(state);
    await Promise.allSettled([...this.#inflight]);
  }

  // ---------------------------------------------------------------------------------------------

  #maybeSoftRenew(state: KeyState, now: number): void {
    if (state.inflight !== undefined || state.isSoftStopped || now < state.nextAttemptAt) return;
    if (this.#isClosed) return;
    // Not even a store read while the credentials cool down: the login would be refused anyway.
    if (!state.isApiKey && this.cooldown.active(state.key, now) !== undefined) return;
    this.#startRenewal(state, false);
  }

  /**
   * The invalid-credentials gate: the error to fail with while the credentials of `state` are in
   * their cooldown after token-auth rejected them, else `undefined`. Every password login passes
   * through it ({@link TokenManager.#login}), whichever path led there: cold start, soft or hard
   * window, a 401-forced renewal, a scheduled renewal, or the login after a failed refresh.
   */
  #cooldownError(state: KeyState, now: number): MastersInvalidCredentialsError | undefined {
    if (state.isApiKey) return undefined;
    const entry = this.cooldown.active(state.key, now);
    if (entry === undefined) return undefined;
    // After an LRU eviction the state is new: rebuild the error from the remembered status.
    state.badCredentials ??= new MastersInvalidCredentialsError({
      status: entry.status,
      keyFingerprint: state.keyFingerprint,
    });
    return state.badCredentials;
  }

  #startRenewal(state: KeyState, isForced: boolean): Promise<void> {
    if (state.inflight !== undefined) return state.inflight;
    const flight = this.#renew(state, isForced).finally(() => {
      state.inflight = undefined;
      this.#inflight.delete(flight);
    });
    // A background renewal's failure is recorded on the state and emitted; never unhandled.
    flight.catch(noop);
    state.inflight = flight;
    this.#inflight.add(flight);
    return flight;
  }

  async #wait(flight: Promise<void>, signal: AbortSignal | null | undefined): Promise<void> {
    if (signal?.aborted) throw new WaitAborted('aborted', { cause: signal.reason });
    const deadlineMs = this.#s.operationDeadlineMs;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new WaitAborted('deadline', {
            cause: new MastersTokenError({
              message: `Waited ${deadlineMs} ms (operationDeadlineMs) for a Masters India access token`,
            }),
          }),
        );
      }, clampTimerMs(deadlineMs));
      const onAbort = (): void => {
        cleanup();
        reject(new WaitAborted('aborted', { cause: signal?.reason }));
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      flight.then(
        () => {
          cleanup();
          resolve();
        },
        (error: unknown) => {
          cleanup();
          reject(error);
        },
      );
    });
  }

  /** One renewal (single flight per key): store re-reads and lock, then refresh or login. */
  async #renew(state: KeyState, isForced: boolean): Promise<void> {
    const store = this.#deps.store;
    const previousExpiresAt = state.token !== undefined ? state.expiresAt : 0;
    const hadToken = state.generation > 0;
    try {
      if (this.#adopt(state, await this.#storeGet(state), isForced)) {
        this.#afterSuccess(state, previousExpiresAt);
        return;
      }
      let release: (() => Promise<void>) | null | undefined;
      if (typeof store.lock === 'function') {
        release = await this.#storeCall(
          'lock',
          () => (store.lock as NonNullable<TokenStore['lock']>)(state.key, this.#s.lockTtlMs),
          state.redactor,
        );
        if (release === null) {
          // Another process is logging in for this key: wait for its record, or for its lock.
          const waited = await this.#waitForLockHolder(state, isForced);
          if (waited === ADOPTED) {
            this.#afterSuccess(state, previousExpiresAt);
            return;
          }
          release = waited;
        }
      }
      try {
        const stored = release ? await this.#storeGet(state) : undefined;
        if (release && this.#adopt(state, stored, isForced)) {
          this.#afterSuccess(state, previousExpiresAt);
          return;
        }
        const baseGeneration = Math.max(state.generation, stored?.generation ?? 0);
        let result: LoginResult | undefined;
        let strategy: 'login' | 'refresh' = 'login';
        if (this.#canRefresh(state)) {
          try {
            result = await this.#refresh(state);
            strategy = 'refresh';
          } catch (error) {
            this.#deps.log.warn('token refresh failed; falling back to one login', {
              keyFingerprint: state.keyFingerprint,
              error,
            });
            state.refreshToken = undefined;
            if (this.#adopt(state, await this.#storeGet(state), true)) {
              this.#afterSuccess(state, previousExpiresAt);
              return;
            }
          }
        }
        result ??= await this.#login(state);
        await this.#commit(state, result, baseGeneration + 1);
        if (hadToken) {
          this.stats.renewals++;
          this.#deps.emit('renew', {
            keyFingerprint: state.keyFingerprint,
            generation: state.generation,
            lifetimeMs: state.lifetimeMs,
            strategy,
          });
        } else {
          this.#deps.emit('login', {
            keyFingerprint: state.keyFingerprint,
            generation: state.generation,
            lifetimeMs: state.lifetimeMs,
          });
        }
        this.#afterSuccess(state, previousExpiresAt);
      } finally {
        if (release) {
          const unlock = release;
          await this.#storeCall('unlock', () => unlock(), state.redactor);
        }
      }
    } catch (error) {
      throw this.#afterFailure(state, error);
    }
  }

  #canRefresh(state: KeyState): boolean {
    return (
      this.#s.refreshPath !== undefined &&
      state.refreshToken !== undefined &&
      this.#clock.now() < state.refreshExpiresAt
    );
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
   * @throws MastersTokenError when `operationDeadlineMs` passes with the lock held elsewhere.
   */
  async #waitForLockHolder(
    state: KeyState,
    isForced: boolean,
  ): Promise<typeof ADOPTED | (() => Promise<void>) | undefined> {
    const store = this.#deps.store;
    const deadline = this.#clock.now() + this.#s.operationDeadlineMs;
    let delay = 50;
    for (;;) {
      const lockExpiresAt = Math.min(this.#clock.now() + this.#s.lockTtlMs, deadline);
      while (this.#clock.now() < lockExpiresAt) {
        if (this.#isClosed) throw closedError();
        await sleep(delay * (0.5 + 0.5 * this.#random()));
        if (this.#adopt(state, await this.#storeGet(state), isForced)) return ADOPTED;
        delay = Math.min(delay * 2, 1000);
      }
      if (this.#isClosed) throw closedError();
      if (this.#clock.now() >= deadline) {
        throw new MastersTokenError({
          message: `another process held the login lock for ${this.#s.operationDeadlineMs} ms (operationDeadlineMs) without storing a token`,
          keyFingerprint: state.keyFingerprint,
          hint: 'check the other processes sharing the token store, or lower lockTtlMs',
        });
      }
      const release = await this.#storeCall(
        'lock',
        () => (store.lock as NonNullable<TokenStore['lock']>)(state.key, this.#s.lockTtlMs),
        state.redactor,
      );
      if (release !== null) return release;
      // Someone else took the lock first: it logs in; read what it writes.
      if (this.#adopt(state, await this.#storeGet(state), isForced)) return ADOPTED;
    }
  }

  /**
   * Takes a stored record when it is newer than what a 401 rejected and valid beyond the hard
   * window (and, for a renewal of a held token, a later generation than ours).
   */
  #adopt(state: KeyState, record: TokenRecord | undefined, isForced: boolean): boolean {
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
    const remainingMs = record.expiresAtMs - this.#clock.wallNow();
    if (remainingMs <= hardWindowMs(lifetimeMs, this.#s.hardWindowMs)) return false;
    const now = this.#clock.now();
    this.#setToken(state, {
      token: record.token,
      refreshToken: record.refreshToken,
      generation: record.generation,
      lifetimeMs,
      expiresAt: now + Math.min(remainingMs, lifetimeMs),
      refreshExpiresAt:
        record.refreshExpiresAtMs !== undefined
          ? now + (record.refreshExpiresAtMs - this.#clock.wallNow())
          : Number.POSITIVE_INFINITY,
    });
    return true;
  }

  #setToken(
    state: KeyState,
    next: {
      token: string;
      refreshToken: string | undefined;
      generation: number;
      lifetimeMs: number;
      expiresAt: number;
      refreshExpiresAt: number;
    },
  ): void {
    state.redactor.add(next.token);
    state.redactor.add(next.refreshToken);
    state.token = next.token;
    state.authorization = `JWT ${next.token}`;
    state.refreshToken = next.refreshToken;
    state.refreshExpiresAt = next.refreshExpiresAt;
    state.generation = next.generation;
    state.lifetimeMs = next.lifetimeMs;
    state.expiresAt = next.expiresAt;
    state.hardAt = next.expiresAt - hardWindowMs(next.lifetimeMs, this.#s.hardWindowMs);
    state.softAt = next.expiresAt - softWindowMs(next.lifetimeMs, this.#s.softWindowMs);
  }

  async #commit(state: KeyState, result: LoginResult, generation: number): Promise<void> {
    const expiresAt = result.sentAt + result.lifetimeMs;
    this.#setToken(state, {
      token: result.token,
      refreshToken: result.refreshToken,
      generation,
      lifetimeMs: result.lifetimeMs,
      expiresAt,
      refreshExpiresAt: Number.POSITIVE_INFINITY,
    });
    const record: TokenRecord = {
      token: result.token,
      expiresAtMs: result.sentWallMs + result.lifetimeMs,
      generation,
      obtainedAtMs: result.sentWallMs,
    };
    if (result.refreshToken !== undefined) record.refreshToken = result.refreshToken;
    const ttlMs = Math.max(1, expiresAt - this.#clock.now());
    await this.#storeCall(
      'set',
      () => this.#deps.store.set(state.key, record, ttlMs),
      state.redactor,
    );
  }

  #afterSuccess(state: KeyState, previousExpiresAt: number): void {
    state.failures = 0;
    state.nextAttemptAt = 0;
    state.lastError = undefined;
    // A renewal that yields no later expiry (same token, or a shorter one) must not be repeated on
    // every call of the soft window: wait for the hard window instead.
    state.isSoftStopped = previousExpiresAt > 0 && state.expiresAt <= previousExpiresAt;
    this.#schedule(state);
  }

  #afterFailure(state: KeyState, error: unknown): MastersError {
    const now = this.#clock.now();
    error = scrubError(error, state.redactor);
    if (error instanceof MastersInvalidCredentialsError) {
      // Refused by the gate (no request was sent): the cooldown already runs; don't extend it.
      if (this.cooldown.active(state.key, now) !== undefined) return error;
      state.badCredentials = error;
      this.cooldown.record(
        state.key,
        now + this.#s.invalidCredentialsCooldownMs,
        error.status,
        now,
      );
      this.#schedule(state);
      this.#deps.emit('invalidCredentials', {
        keyFingerprint: state.keyFingerprint,
        status: error.status,
      });
      this.#deps.log.warn('Masters India rejected the credentials; not retrying during cooldown', {
        keyFingerprint: state.keyFingerprint,
        status: error.status,
        cooldownMs: this.#s.invalidCredentialsCooldownMs,
      });
      return error;
    }
    const failure = toRenewFailure(error, state.keyFingerprint);
    state.failures++;
    let delayMs = backoffDelayMs(
      state.failures,
      this.#s.backoffBaseMs,
      this.#s.backoffCapMs,
      this.#random(),
    );
    if (failure.retryAfterMs !== undefined) {
      delayMs = Math.max(delayMs, Math.min(failure.retryAfterMs, this.#s.maxRetryAfterMs));
    }
    state.nextAttemptAt = now + delayMs;
    state.lastError = failure.error;
    this.#deps.emit('renewFailed', {
      keyFingerprint: state.keyFingerprint,
      error: failure.error,
      nextAttemptInMs: delayMs,
    });
    this.#deps.log.warn('Masters India login/renewal failed; backing off', {
      keyFingerprint: state.keyFingerprint,
      error: failure.error,
      nextAttemptInMs: Math.round(delayMs),
    });
    return failure.error;
  }

  /** The only place a password is sent: behind the invalid-credentials gate. */
  async #login(state: KeyState): Promise<LoginResult> {
    const rejected = this.#cooldownError(state, this.#clock.now());
    if (rejected !== undefined) throw rejected;
    const credentials = state.credentials as { username: string; password: string };
    this.stats.logins++;
    const result = await this.#authRequest(state, TOKEN_AUTH_PATH, {
      username: credentials.username,
      password: credentials.password,
    });
    this.cooldown.delete(state.key);
    state.badCredentials = undefined;
    return result;
  }

  async #refresh(state: KeyState): Promise<LoginResult> {
    const path = (this.#s.refreshPath as string).replace(/^\/+/, '');
    return this.#authRequest(state, path, { token: state.refreshToken });
  }

  /** POSTs JSON to token-auth (or the refresh path) and validates the answer. */
  async #authRequest(state: KeyState, path: string, body: object): Promise<LoginResult> {
    // Nothing reaches the network after close().
    if (this.#isClosed) throw closedError();
    const sentAt = this.#clock.now();
    const sentWallMs = this.#clock.wallNow();
    const fingerprint = state.keyFingerprint;
    let response: Response;
    try {
      response = await this.#deps.loginPost(path, body);
    } catch (error) {
      throw loginTransportError(error, path, fingerprint);
    }
    const status = response.status;
    const text = await readBoundedText(response, MAX_AUTH_BODY_BYTES);
    if (status === 206 || status === 400 || status === 401 || status === 403) {
      // token-auth answers 206 {"error": "Unable to login with provided credential"} for bad
      // credentials (a 2xx!), 400 with per-field lists for missing fields (reference §2.1).
      throw new MastersInvalidCredentialsError({
        status,
        keyFingerprint: fingerprint,
        fieldErrors: status === 400 ? fieldErrors(text) : undefined,
      });
    }
    const retryAfterMs = parseRetryAfterMs(
      response.headers.get('retry-after'),
      this.#clock.wallNow(),
    );
    if (status < 200 || status > 299) {
      throw withRetryAfter(
        new MastersTokenError({
          message: `Masters India ${path} answered HTTP ${status}`,
          status,
          keyFingerprint: fingerprint,
          cause: { status, method: 'POST', path: `/${path}` },
        }),
        retryAfterMs,
      );
    }
    const parsed = parseJsonObject(text);
    const token = parsed?.token;
    if (typeof token !== 'string' || token === '') {
      throw new MastersTokenError({
        message: `Masters India ${path} answered HTTP ${status} without a token`,
        status,
        keyFingerprint: fingerprint,
      });
    }
    state.redactor.add(token);
    if (!isTokenHeaderSafe(token)) {
      throw new MastersTokenError({
        message: `Masters India ${path} returned an access token that cannot be sent in a header (a control, space or non-ASCII character)`,
        status,
        keyFingerprint: fingerprint,
      });
    }
    const claims = decodeClaims(token);
    if (claims === undefined) {
      throw new MastersTokenError({
        message: `Masters India ${path} returned a token that is not a JWT`,
        status,
        keyFingerprint: fingerprint,
      });
    }
    const serverNowMs = parseHttpDate(response.headers.get('date'));
    const timing = tokenTiming(claims, serverNowMs, this.#s);
    if (timing.isExpired) {
      throw new MastersTokenError({
        message: `Masters India ${path} returned an already expired token`,
        status,
        keyFingerprint: fingerprint,
      });
    }
    if (!timing.hasExp) {
      this.#deps.log.warn('access token has no exp claim; assuming the documented 24 h lifetime', {
        keyFingerprint: fingerprint,
        lifetimeMs: timing.lifetimeMs,
      });
    }
    if (serverNowMs !== undefined && !this.#isSkewReported) {
      // The Date header has 1 s resolution; compare with the midpoint of the exchange.
      const ourMs = sentWallMs + (this.#clock.wallNow() - sentWallMs) / 2;
      const skewMs = serverNowMs - ourMs;
      if (Math.abs(skewMs) > this.#s.skewWarnMs) {
        this.#isSkewReported = true;
        this.#deps.emit('skewDetected', { keyFingerprint: fingerprint, skewMs });
        this.#deps.log.warn('server clock differs from ours; expiry uses our monotonic clock', {
          keyFingerprint: fingerprint,
          skewMs: Math.round(skewMs),
        });
      }
    }
    const refresh =
      parsed?.refresh_token ?? parsed?.['refresh token'] ?? parsed?.refresh ?? parsed?.refreshToken;
    const refreshToken = typeof refresh === 'string' && refresh !== '' ? refresh : undefined;
    state.redactor.add(refreshToken);
    return { token, refreshToken, lifetimeMs: timing.lifetimeMs, sentAt, sentWallMs };
  }

  /**
   * Arms the `scheduleRenewal` timer for the start of the soft window, or for the end of the
   * invalid-credentials cooldown when that comes later (one login per cooldown, never more); none
   * when the token expires first.
   */
  #schedule(state: KeyState): void {
    if (!this.#s.scheduleRenewal || this.#isClosed || state.token === undefined) return;
    if (state.timer !== undefined) clearTimeout(state.timer);
    state.timer = undefined;
    const now = this.#clock.now();
    const dueAt = Math.max(state.softAt, this.cooldown.active(state.key, now)?.until ?? 0);
    if (dueAt >= state.expiresAt) return;
    const delay = clampTimerMs(dueAt - now);
    const timer = setTimeout(() => {
      state.timer = undefined;
      if (this.#isClosed || this.states.peek(state.key) !== state) return;
      this.#maybeSoftRenew(state, this.#clock.now());
    }, delay);
    timer.unref();
    state.timer = timer;
  }

  #dispose(state: KeyState): void {
    if (state.timer !== undefined) clearTimeout(state.timer);
    state.timer = undefined;
  }

  async #storeGet(state: KeyState): Promise<TokenRecord | undefined> {
    return this.#storeCall('get', () => this.#deps.store.get(state.key), state.redactor);
  }

  /**
   * A throwing or slow store is treated as absent for this call (`storeError` event). The store's
   * error is passed on as a redacted copy: generic shapes and `redactor`'s secrets (the state's,
   * which include the record being written) are hidden in its message, stack and own properties.
   */
  async #storeCall<T>(
    operation: MastersEvents['storeError']['operation'],
    call: () => Promise<T>,
    redactor?: Redactor,
  ): Promise<T | undefined> {
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
      return await Promise.race([call(), timeout]);
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

const RETRY_AFTER = Symbol('retryAfterMs');

function withRetryAfter(
  error: MastersTokenError,
  retryAfterMs: number | undefined,
): MastersTokenError {
  if (retryAfterMs !== undefined) {
    Object.defineProperty(error, RETRY_AFTER, { value: retryAfterMs, enumerable: false });
  }
  return error;
}

function toRenewFailure(error: unknown, keyFingerprint: string): RenewFailure {
  if (error instanceof MastersError) {
    const retryAfterMs = (error as { [RETRY_AFTER]?: number })[RETRY_AFTER];
    return { error, retryAfterMs };
  }
  return {
    error: new MastersTokenError({
      message: 'Masters India login failed unexpectedly',
      keyFingerprint,
      cause: error,
    }),
    retryAfterMs: undefined,
  };
}

function closedError(): MastersError {
  return new MastersClientClosedError();
}

/** A token-auth/refresh answer is a few hundred bytes; anything past this is not read. */
export const MAX_AUTH_BODY_BYTES = 256 * 1024;

/**
 * Reads at most `maxBytes` of a body as text; a larger body is cancelled (its socket is not
 * drained) and yields `''`, so a 10 MB error page cannot exhaust memory. Read errors yield `''`.
 */
async function readBoundedText(response: Response, maxBytes: number): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(noop);
        return '';
      }
      chunks.push(value);
    }
  } catch {
    return '';
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function fieldErrors(text: string): Record<string, string[]> | undefined {
  const parsed = parseJsonObject(text);
  if (!parsed) return undefined;
  const out: Record<string, string[]> = {};
  for (const [field, value] of Object.entries(parsed)) {
    if (Array.isArray(value)) out[field] = value.map(String);
    else if (typeof value === 'string') out[field] = [value];
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });
}
