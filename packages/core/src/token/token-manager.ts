import {
  MastersClientClosedError,
  MastersError,
  MastersInvalidCredentialsError,
  MastersTokenError,
  scrubError,
} from '../errors.js';
import type { RenewReason } from '../observe/channels.js';
import { silentObserver, type Observer } from '../observe/observer.js';
import { observeRenew } from '../observe/token.js';
import type { MastersClientStats, MastersClock } from '../types.js';
import { CredentialCooldown, cooldownCapacity } from './credential-cooldown.js';
import type { EngineDeps, EngineSettings } from './engine-settings.js';
import { waitForFlight, WaitAborted } from './flight-wait.js';
import { ADOPTED, GuardedStore } from './guarded-store.js';
import type { KeyState } from './key-state.js';
import { RenewalTimers } from './renewal-timers.js';
import { TOKEN_AUTH_PATH, TokenAuth, type TokenAuthResult } from './token-auth.js';

/** Result of {@link TokenManager.onUnauthorized}: replay the request, or let the 401 surface. */
export type UnauthorizedDecision = 'replay' | 'surface';

/** How a renewal ended: with a token held, or with the error to back off from. */
type RenewOutcome = { ok: true } | Extract<TokenAuthResult, { ok: false }>;
const RENEWED: RenewOutcome = { ok: true };

const noop = (): void => {};

/**
 * The token lifecycle of every credential key (docs/ARCHITECTURE.md §3): single-flight logins and
 * renewals (one promise per key, on its {@link KeyState}), the soft and hard windows on the
 * monotonic clock, per-key backoff, the invalid-credentials cooldown (its own bounded memory, it
 * outlives the registry's evictions), 401 decisions and opt-in renewal timers. The store lives
 * behind a {@link GuardedStore}, the token-auth exchange behind {@link TokenAuth}.
 *
 * Policy, per call: (1) a token outside the hard window is used at once; (2) inside the soft
 * window it also starts one background renewal; (3) without one, callers wait for the renewal in
 * flight, or fail fast during a backoff or cooldown while no valid token is left.
 */
export class TokenManager {
  readonly stats: MastersClientStats = { logins: 0, renewals: 0, waits: 0, replays: 0 };
  /** Rejected credential keys and the end of their cooldown (outlives the registry's evictions). */
  readonly cooldown: CredentialCooldown;
  readonly #deps: EngineDeps;
  readonly #s: EngineSettings;
  readonly #clock: MastersClock;
  readonly #random: () => number;
  readonly #store: GuardedStore;
  readonly #auth: TokenAuth;
  /** The renewal in flight per key: single flight, one map. */
  readonly #inflight = new Map<KeyState, Promise<void>>();
  readonly #timers = new RenewalTimers<KeyState>();
  /** Spans, metrics, channels, info lines (ARCHITECTURE §12). */
  readonly observer: Observer;
  #isClosed = false;

  constructor(deps: EngineDeps) {
    this.#deps = deps;
    this.#s = deps.settings;
    this.#clock = deps.clock;
    this.#random = deps.random ?? Math.random;
    this.cooldown = new CredentialCooldown(cooldownCapacity(deps.settings.maxEntries));
    const { clock, emit, log, settings } = deps;
    this.observer = deps.observer ?? silentObserver(log);
    this.#store = new GuardedStore({
      observer: this.observer,
      store: deps.store,
      settings,
      clock,
      emit,
      log,
      random: this.#random,
      isClosed: () => this.#isClosed,
    });
    const { observer } = this;
    this.#auth = new TokenAuth({ loginPost: deps.loginPost, clock, settings, emit, log, observer });
  }

  /** Number of logins/renewals in flight (for tests and `close()`). */
  get inflightCount(): number {
    return this.#inflight.size;
  }

  get isClosed(): boolean {
    return this.#isClosed;
  }

  /**
   * Hot path: `true` when the state holds a token outside the hard window (a soft-window token
   * also starts one background renewal). No allocation on a hit.
   */
  isUsable(state: KeyState): boolean {
    const now = this.#clock.now();
    if (state.mustRenew(now)) return false;
    if (state.shouldRenew(now)) this.#maybeSoftRenew(state, now, 'soft');
    return true;
  }

  /**
   * Ensures `state` holds a usable access token, logging in or waiting for the in-flight renewal
   * when needed. Callers with no valid token fail fast during backoff; a still-valid token keeps
   * being served while renewal fails.
   *
   * @param signal - aborts only this caller's wait (never the shared login)
   * @throws MastersInvalidCredentialsError, MastersTokenError, MastersClientClosedError, or the
   *   signal's reason
   */
  async ensureToken(state: KeyState, signal?: AbortSignal | null): Promise<void> {
    if (this.#isClosed) throw new MastersClientClosedError();
    await this.#ensureToken(state, signal);
    // A caller that waited through close() must not send its request after all.
    if (this.#isClosed) throw new MastersClientClosedError();
  }

  async #ensureToken(state: KeyState, signal: AbortSignal | null | undefined): Promise<void> {
    let hasWaited = false;
    for (let round = 0; round < 3; round++) {
      if (this.isUsable(state)) return;
      const now = this.#clock.now();
      if (!this.#inflight.has(state)) {
        // During a cooldown or backoff nobody logs in: a still-valid token serves until it expires.
        const refusal =
          this.cooldown.refusal(state, now) ?? state.backoff.refusal(now, state.keyFingerprint);
        if (refusal !== undefined) {
          if (state.hasTokenAt(now)) return;
          throw refusal;
        }
        this.#startRenewal(state, false, state.token === undefined ? 'cold' : 'hard');
      }
      if (!hasWaited) {
        hasWaited = true;
        this.stats.waits++;
        this.observer.renewalWait();
      }
      try {
        await this.#wait(state, signal);
      } catch (error) {
        if (error instanceof WaitAborted) throw error.cause;
        if (state.hasTokenAt(this.#clock.now())) return;
        throw error;
      }
    }
    if (state.hasTokenAt(this.#clock.now())) return;
    throw new MastersTokenError({
      message: 'Masters India login did not yield a usable token',
      keyFingerprint: state.keyFingerprint,
    });
  }

  /**
   * Decides what to do with a 401 to a request that carried generation `usedGeneration`: replay
   * with a newer token (after renewing single-flight when the rejected token is the current one),
   * or surface it (401 guard active, forced-renewal budget spent, renewal failed). See
   * docs/ARCHITECTURE.md §3, "401 policy".
   */
  async onUnauthorized(
    state: KeyState,
    usedGeneration: number,
    method: string,
    path: string,
    signal?: AbortSignal | null,
  ): Promise<UnauthorizedDecision> {
    if (this.#isClosed) throw new MastersClientClosedError();
    const now = this.#clock.now();
    if (state.unauthorized.isGuarded(now)) return 'surface';
    if (state.generation > usedGeneration && state.hasTokenAt(now)) return 'replay';
    if (!this.#inflight.has(state)) {
      const { keyFingerprint } = state;
      if (!state.unauthorized.spendForcedRenewal(now)) {
        this.#deps.log.warn('401 from the API; forced renewal budget spent, not renewing', {
          keyFingerprint,
          method,
          path,
        });
        return 'surface';
      }
      this.#deps.emit('tokenRejected', {
        keyFingerprint,
        generation: usedGeneration,
        method,
        path,
      });
      // The current token was rejected (revoked, or the server restarted its key): drop it so
      // nobody else sends it, and make sure a re-read of the store cannot bring it back.
      if (state.generation === usedGeneration) state.clearToken();
      state.rejectedGeneration = Math.max(state.rejectedGeneration, usedGeneration);
      this.#startRenewal(state, true, 'unauthorized');
    }
    this.stats.waits++;
    this.observer.renewalWait();
    try {
      await this.#wait(state, signal);
    } catch (error) {
      if (error instanceof WaitAborted) throw error.cause;
      return 'surface';
    }
    return state.generation > usedGeneration && state.token !== undefined ? 'replay' : 'surface';
  }

  /** A replay with a freshly renewed token also got 401: it is not about the token; start the guard. */
  onReplayUnauthorized(state: KeyState): void {
    state.unauthorized.startGuard(this.#clock.now(), state.lifetimeMs);
  }

  /** Drops the token of `state` (memory and store); the next call logs in again. */
  async invalidate(state: KeyState): Promise<void> {
    state.rejectedGeneration = Math.max(state.rejectedGeneration, state.generation);
    state.clearToken();
    state.clearRefreshToken();
    state.isSoftStopped = false;
    this.dispose(state);
    if (!state.isApiKey) await this.#store.delete(state);
  }

  /** Stops the renewal timer of `state` (the registry evicted it, or the client closes). */
  dispose(state: KeyState): void {
    this.#timers.disarm(state);
  }

  /** Stops timers, waits for in-flight logins to settle; later calls reject. */
  async close(): Promise<void> {
    this.#isClosed = true;
    this.#timers.clear();
    await Promise.allSettled([...this.#inflight.values()]);
  }

  #maybeSoftRenew(state: KeyState, now: number, reason: 'soft' | 'scheduled'): void {
    if (this.#inflight.has(state) || state.isSoftStopped || state.backoff.isWaiting(now)) return;
    if (this.#isClosed) return;
    // Not even a store read while the credentials cool down: the login would be refused anyway.
    if (this.cooldown.refusal(state, now) !== undefined) return;
    this.#startRenewal(state, false, reason);
  }

  #startRenewal(state: KeyState, isForced: boolean, reason: RenewReason): void {
    if (this.#inflight.has(state)) return;
    const flight = observeRenew(this.observer, state, reason, () =>
      this.#renew(state, isForced),
    ).finally(() => this.#inflight.delete(state));
    // A background renewal's failure is recorded on the state and emitted; never unhandled.
    flight.catch(noop);
    this.#inflight.set(state, flight);
  }

  #wait(state: KeyState, signal: AbortSignal | null | undefined): Promise<void> {
    const flight = this.#inflight.get(state) as Promise<void>;
    return waitForFlight(flight, signal, this.#s.operationDeadlineMs);
  }

  /** One renewal (single flight per key): obtain a token, then record the success or the failure. */
  async #renew(state: KeyState, isForced: boolean): Promise<void> {
    const previousExpiresAt = state.token !== undefined ? state.expiresAt : 0;
    let outcome: RenewOutcome;
    try {
      outcome = await this.#obtain(state, isForced);
    } catch (error) {
      outcome = { ok: false, error: asMastersError(error, state), retryAfterMs: undefined };
    }
    if (!outcome.ok) throw this.#afterFailure(state, outcome);
    this.#afterSuccess(state, previousExpiresAt);
  }

  /**
   * Obtains a token for `state`, in order; the first step that yields one ends the sequence:
   * (1) adopt a stored record; (2) take the store lock, or wait for its holder's record;
   * (3) refresh when a refresh token is valid, else log in, and store the result.
   */
  async #obtain(state: KeyState, isForced: boolean): Promise<RenewOutcome> {
    const hadToken = state.generation > 0;
    const hold = await this.#store.acquire(state, isForced); // steps 1 and 2
    if (hold === ADOPTED) return RENEWED;
    try {
      let answer: TokenAuthResult | undefined;
      let strategy: 'login' | 'refresh' = 'refresh';
      if (this.#canRefresh(state)) {
        answer = await this.#refresh(state);
        if (!answer.ok) {
          this.#deps.log.warn('token refresh failed; falling back to one login', {
            keyFingerprint: state.keyFingerprint,
            error: answer.error,
          });
          state.clearRefreshToken();
          // Another process may have renewed meanwhile (refresh rotates the pair).
          if (this.#store.adopt(state, await this.#store.read(state), true)) return RENEWED;
        }
      }
      if (answer?.ok !== true) {
        strategy = 'login';
        answer = await this.#login(state);
        if (!answer.ok) return answer;
      }
      const generation = Math.max(state.generation, hold.storedGeneration) + 1;
      await this.#store.commit(state, answer.grant, generation);
      this.#announce(state, hadToken, strategy);
      return RENEWED;
    } finally {
      await this.#store.release(hold, state);
    }
  }

  #announce(state: KeyState, hadToken: boolean, strategy: 'login' | 'refresh'): void {
    const { keyFingerprint, generation, lifetimeMs } = state;
    if (!hadToken) {
      this.#deps.emit('login', { keyFingerprint, generation, lifetimeMs });
      return;
    }
    this.stats.renewals++;
    this.#deps.emit('renew', { keyFingerprint, generation, lifetimeMs, strategy });
  }

  #canRefresh(state: KeyState): boolean {
    return (
      this.#s.refreshPath !== undefined &&
      state.refreshToken !== undefined &&
      this.#clock.now() < state.refreshExpiresAt
    );
  }

  /** The only place a password is sent: behind the invalid-credentials gate. */
  async #login(state: KeyState): Promise<TokenAuthResult> {
    const rejected = this.cooldown.refusal(state, this.#clock.now());
    if (rejected !== undefined) return { ok: false, error: rejected, retryAfterMs: undefined };
    const { username, password } = state.credentials as { username: string; password: string };
    this.stats.logins++;
    if (this.#isClosed) throw new MastersClientClosedError(); // nothing is sent after close()
    const answer = await this.#auth.exchange(TOKEN_AUTH_PATH, { username, password }, state);
    if (answer.ok) {
      this.cooldown.delete(state.key);
      state.badCredentials = undefined;
    }
    return answer;
  }

  async #refresh(state: KeyState): Promise<TokenAuthResult> {
    const path = (this.#s.refreshPath as string).replace(/^\/+/, '');
    if (this.#isClosed) throw new MastersClientClosedError(); // nothing is sent after close()
    return this.#auth.exchange(path, { token: state.refreshToken }, state);
  }

  #afterSuccess(state: KeyState, previousExpiresAt: number): void {
    state.backoff.reset();
    // A renewal that yields no later expiry (same token, or a shorter one) must not be repeated on
    // every call of the soft window: wait for the hard window instead.
    state.isSoftStopped = previousExpiresAt > 0 && state.expiresAt <= previousExpiresAt;
    this.#schedule(state);
  }

  /** Records a failed renewal: the invalid-credentials cooldown, or one more step of backoff. */
  #afterFailure(state: KeyState, failure: Extract<RenewOutcome, { ok: false }>): MastersError {
    const now = this.#clock.now();
    const error = scrubError(failure.error, state.redactor);
    const { keyFingerprint } = state;
    if (error instanceof MastersInvalidCredentialsError) {
      const cooldownMs = this.#s.invalidCredentialsCooldownMs;
      if (!this.cooldown.remember(state, error, now, cooldownMs)) return error;
      this.#schedule(state);
      this.#deps.emit('invalidCredentials', { keyFingerprint, status: error.status });
      this.#deps.log.warn('Masters India rejected the credentials; not retrying during cooldown', {
        keyFingerprint,
        status: error.status,
        cooldownMs,
      });
      return error;
    }
    const delayMs = state.backoff.recordFailure(error, failure.retryAfterMs, now, this.#random());
    this.#deps.emit('renewFailed', { keyFingerprint, error, nextAttemptInMs: delayMs });
    this.#deps.log.warn('Masters India login/renewal failed; backing off', {
      keyFingerprint,
      error,
      nextAttemptInMs: Math.round(delayMs),
    });
    return error;
  }

  /**
   * Arms the `scheduleRenewal` timer for the start of the soft window, or for the end of the
   * invalid-credentials cooldown when that comes later (one login per cooldown, never more); none
   * when the token expires first.
   */
  #schedule(state: KeyState): void {
    if (!this.#s.scheduleRenewal || this.#isClosed || state.token === undefined) return;
    this.#timers.disarm(state);
    const now = this.#clock.now();
    const dueAt = Math.max(state.softAt, this.cooldown.active(state.key, now)?.until ?? 0);
    if (dueAt >= state.expiresAt) return;
    this.#timers.arm(state, dueAt - now, () => {
      if (!this.#isClosed) this.#maybeSoftRenew(state, this.#clock.now(), 'scheduled');
    });
  }
}

function asMastersError(error: unknown, state: KeyState): MastersError {
  if (error instanceof MastersError) return error;
  const { keyFingerprint } = state;
  return new MastersTokenError({
    message: 'Masters India login failed unexpectedly',
    keyFingerprint,
    cause: error,
  });
}
