import type { KyInstance } from 'ky';

/**
 * The authenticated HTTP client: a ky 1.x instance whose `prefixUrl` is the Masters India base URL.
 * Paths are relative (no leading `/`): `mastersFetch.post('api/v1/ewayBillsGenerate/', { json })`.
 */
export type MastersFetch = KyInstance;

/** Username/password (token-auth, JWT) or a permanent API key (`api_key` header). */
export type Credentials = { username: string; password: string } | { apiKey: string };

/**
 * A source of credentials: a value, or a (possibly async) function resolved per request, whose
 * `undefined` means the client's default `credentials`.
 */
export type CredentialsSource =
  Credentials | (() => Credentials | undefined | Promise<Credentials | undefined>);

/** Masters India environments: `sandbox` = https://sandb-api.mastersindia.co, `production` = https://router.mastersindia.co. */
export type MastersEnvironment = 'sandbox' | 'production';

/** Clock used for every time decision. `now` is monotonic milliseconds; `wallNow` is epoch milliseconds. */
export interface MastersClock {
  now(): number;
  wallNow(): number;
}

/** A pino-style logger (`logger.warn(obj, msg)`) or a NestJS `LoggerService` (`logger.warn(msg, context)`). */
export interface MastersLogger {
  debug?(...args: unknown[]): void;
  info?(...args: unknown[]): void;
  log?(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** Options of {@link createMastersClient}. Every duration is in milliseconds. */
export interface MastersClientOptions {
  environment?: MastersEnvironment;
  baseUrl?: string;
  credentials?: Credentials;
  store?: TokenStore;
  keySecret?: string;
  logger?: MastersLogger;
  fetch?: typeof globalThis.fetch;
  clock?: MastersClock;
  timeoutMs?: number;
  operationDeadlineMs?: number;
  softWindowMs?: number;
  hardWindowMs?: number;
  maxLifetimeMs?: number;
  defaultLifetimeMs?: number;
  skewWarnMs?: number;
  invalidCredentialsCooldownMs?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  maxRetryAfterMs?: number;
  unauthorizedGuardMs?: number;
  maxForcedRenewals?: number;
  forcedRenewalWindowMs?: number;
  maxReplayBodyBytes?: number;
  maxEntries?: number;
  storeTimeoutMs?: number;
  lockTtlMs?: number;
  refreshPath?: string;
  scheduleRenewal?: boolean;
}

/** What a {@link TokenStore} holds per credential key. Times are epoch milliseconds. Never a password. */
export interface TokenRecord {
  token: string;
  refreshToken?: string;
  expiresAtMs: number;
  refreshExpiresAtMs?: number;
  generation: number;
  obtainedAtMs: number;
}

/**
 * Where access tokens are cached, shared by every client that uses the same store.
 * `lock(key, ttlMs)` returns a release function, or `null` when another holder has the lock.
 */
export interface TokenStore {
  get(key: string): Promise<TokenRecord | undefined>;
  set(key: string, record: TokenRecord, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  lock?(key: string, ttlMs: number): Promise<(() => Promise<void>) | null>;
}

/** Synchronous token state for health endpoints. `expiresInSec` is `null` without a token (or in API-key mode). */
export interface TokenStatus {
  mode: 'password' | 'apiKey';
  hasToken: boolean;
  expiresInSec: number | null;
}

/** Counters of a client: `waits` = callers that blocked on a login or renewal. */
export interface MastersClientStats {
  logins: number;
  renewals: number;
  waits: number;
  replays: number;
}

/** Every event payload carries `keyFingerprint` (never a secret). */
export interface MastersEventBase {
  keyFingerprint: string;
}

/** Event payloads by name. */
export interface MastersEvents {
  login: MastersEventBase & { generation: number; lifetimeMs: number };
  renew: MastersEventBase & {
    generation: number;
    lifetimeMs: number;
    strategy: 'login' | 'refresh';
  };
  renewFailed: MastersEventBase & { error: Error; nextAttemptInMs: number };
  invalidCredentials: MastersEventBase & { status: number };
  tokenRejected: MastersEventBase & { generation: number; method: string; path: string };
  skewDetected: MastersEventBase & { skewMs: number };
  storeError: { operation: 'get' | 'set' | 'delete' | 'lock' | 'unlock'; error: Error };
}

export type MastersEventName = keyof MastersEvents;

/** The client returned by {@link createMastersClient}. */
export interface MastersClient {
  readonly mastersFetch: MastersFetch;
  forCredentials(credentials: CredentialsSource): MastersFetch;
  getAccessToken(options?: { signal?: AbortSignal }): Promise<string>;
  tokenStatus(): TokenStatus;
  warmUp(): Promise<void>;
  invalidate(): Promise<void>;
  close(): Promise<void>;
  on<E extends MastersEventName>(
    event: E,
    listener: (payload: MastersEvents[E]) => void,
  ): () => void;
  stats(): MastersClientStats;
}
