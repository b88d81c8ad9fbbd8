import { inspect } from 'node:util';
import type { MastersInvalidCredentialsError } from '../errors.js';
import { hardWindowMs, softWindowMs } from '../lifetime.js';
import { Redactor } from '../redact.js';
import { RenewalBackoff, type BackoffSettings } from './renewal-backoff.js';
import { UnauthorizedGuard, type UnauthorizedLimits } from './unauthorized-policy.js';

/** Username/password, or an API key: the secret a {@link KeyState} acts with. */
export type KeySecret = { username: string; password: string } | { apiKey: string };

/** The options a {@link KeyState} derives its windows, backoff and 401 policy from (ms). */
export interface KeyStateSettings extends UnauthorizedLimits, BackoffSettings {
  softWindowMs: number;
  hardWindowMs: number;
}

/** An access token as the engine holds it (times on the monotonic clock, ms). */
export interface HeldToken {
  token: string;
  refreshToken: string | undefined;
  generation: number;
  lifetimeMs: number;
  /** Monotonic ms at which the access token expires. */
  expiresAt: number;
  /** Monotonic ms at which the refresh token expires (`Infinity` when unknown). */
  refreshExpiresAt: number;
}

/**
 * Everything the engine knows about one credential key: its identity and secret, the access token
 * it holds, and the bookkeeping of renewals and 401s. Lives in the credential registry's LRU; the
 * invalid-credentials cooldown lives apart and outlives an eviction (docs/ARCHITECTURE.md §3).
 *
 * The token is written only through {@link KeyState.setToken} and {@link KeyState.clearToken};
 * everything derived from it (`authorization`, the windows) is read through getters. Its `inspect`
 * and `toJSON` hide the password and tokens.
 *
 * @example
 * ```ts
 * const state = new KeyState(key, fingerprint, { username, password }, settings);
 * state.setToken({ token, refreshToken: undefined, generation: 1, lifetimeMs, expiresAt, refreshExpiresAt: Infinity });
 * state.authorization; // 'JWT <token>'
 * state.mustRenew(clock.now()); // false until the hard window
 * ```
 */
export class KeyState {
  readonly key: string;
  readonly keyFingerprint: string;
  /** Username/password for logins (absent in API-key mode). */
  readonly credentials: { username: string; password: string } | undefined;
  readonly apiKey: string | undefined;
  /** This credential's secrets (password or API key, current tokens): errors for it are scrubbed with it. */
  readonly redactor: Redactor;
  /** The 401 guard and forced-renewal budget of this key. */
  readonly unauthorized: UnauthorizedGuard;
  /** The backoff after failed renewals of this key. */
  readonly backoff: RenewalBackoff;

  // Renewal bookkeeping, owned by the token manager (the renewal in flight is in its map).
  /** A renewal gave no later expiry: no soft renewals until the hard window. */
  isSoftStopped = false;
  /** The last rejection of these credentials (its cooldown lives in the `CredentialCooldown`). */
  badCredentials: MastersInvalidCredentialsError | undefined = undefined;
  /** Store records with a generation at or below this were rejected by the API (401). */
  rejectedGeneration = 0;

  readonly #settings: KeyStateSettings;
  #token: string | undefined = undefined;
  #refreshToken: string | undefined = undefined;
  #refreshExpiresAt = Number.POSITIVE_INFINITY;
  #generation = 0;
  #expiresAt = 0;
  #lifetimeMs = 0;
  // Built once per token, not per request: the hot path reads a field (one string per token).
  #authorization: string | undefined = undefined;
  // Window starts computed once per token so the hot path compares one number, as before the split
  // (-Infinity without a token: every `now` must renew).
  #hardAt = Number.NEGATIVE_INFINITY;
  #softAt = Number.NEGATIVE_INFINITY;

  constructor(key: string, keyFingerprint: string, secret: KeySecret, settings: KeyStateSettings) {
    this.key = key;
    this.keyFingerprint = keyFingerprint;
    this.#settings = settings;
    if ('apiKey' in secret) {
      this.apiKey = secret.apiKey;
      this.credentials = undefined;
    } else {
      this.apiKey = undefined;
      this.credentials = { username: secret.username, password: secret.password };
    }
    this.redactor = new Redactor(['apiKey' in secret ? secret.apiKey : secret.password]);
    this.unauthorized = new UnauthorizedGuard(settings);
    this.backoff = new RenewalBackoff(settings);
  }

  /** `true` in API-key mode (every call carries `api_key`, no login). */
  get isApiKey(): boolean {
    return this.apiKey !== undefined;
  }

  /** The access token held, if any. */
  get token(): string | undefined {
    return this.#token;
  }

  /** `JWT <token>`: the `Authorization` header value (https://docs.mastersindia.co/eway/authentication/access-tokens). */
  get authorization(): string | undefined {
    return this.#authorization;
  }

  get refreshToken(): string | undefined {
    return this.#refreshToken;
  }

  /** Monotonic ms at which the refresh token expires (`Infinity` when unknown). */
  get refreshExpiresAt(): number {
    return this.#refreshExpiresAt;
  }

  /** Generation of the last token held (kept when the token is cleared; 0 before the first). */
  get generation(): number {
    return this.#generation;
  }

  /** Monotonic ms at which the last access token held expires (0 before the first). */
  get expiresAt(): number {
    return this.#expiresAt;
  }

  /** Lifetime of the last access token held, ms (0 before the first). */
  get lifetimeMs(): number {
    return this.#lifetimeMs;
  }

  /** Monotonic ms at which the soft window starts (`-Infinity` without a token). */
  get softAt(): number {
    return this.#softAt;
  }

  /** No token, or the hard window reached at `now` (monotonic ms): callers wait for a renewal. */
  mustRenew(now: number): boolean {
    return now >= this.#hardAt;
  }

  /** The soft window reached at `now` (monotonic ms): one background renewal is due. */
  shouldRenew(now: number): boolean {
    return now >= this.#softAt;
  }

  /** `true` when a token is held that has not expired at `now` (monotonic ms). */
  hasTokenAt(now: number): boolean {
    return this.#token !== undefined && now < this.#expiresAt;
  }

  /** Holds `next` (its secrets join the redactor) and derives the header value and windows from it. */
  setToken(next: HeldToken): void {
    this.redactor.add(next.token);
    this.redactor.add(next.refreshToken);
    this.#token = next.token;
    this.#authorization = `JWT ${next.token}`;
    this.#refreshToken = next.refreshToken;
    this.#refreshExpiresAt = next.refreshExpiresAt;
    this.#generation = next.generation;
    this.#lifetimeMs = next.lifetimeMs;
    this.#expiresAt = next.expiresAt;
    this.#hardAt = next.expiresAt - hardWindowMs(next.lifetimeMs, this.#settings.hardWindowMs);
    this.#softAt = next.expiresAt - softWindowMs(next.lifetimeMs, this.#settings.softWindowMs);
  }

  /** Drops the access token (generation, expiry and refresh token stay): nobody sends it any more. */
  clearToken(): void {
    this.#token = undefined;
    this.#authorization = undefined;
    this.#hardAt = Number.NEGATIVE_INFINITY;
    this.#softAt = Number.NEGATIVE_INFINITY;
  }

  /** Drops the refresh token (it failed, or the token was invalidated): the next renewal logs in. */
  clearRefreshToken(): void {
    this.#refreshToken = undefined;
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
