import type { InternalLogger } from '../logger.js';
import type { Observer } from '../observe/observer.js';
import type { MastersClock, MastersEventName, MastersEvents, TokenStore } from '../types.js';
import type { KeyStateSettings } from './key-state.js';
import type { TokenAuthDeps } from './token-auth.js';

/**
 * Numbers the engine needs (all ms unless named otherwise; the windows, backoff and 401 limits come
 * from {@link KeyStateSettings}); see `MastersClientOptions` and docs/ARCHITECTURE.md §3.
 */
export interface EngineSettings extends KeyStateSettings {
  timeoutMs: number;
  operationDeadlineMs: number;
  maxLifetimeMs: number;
  defaultLifetimeMs: number;
  skewWarnMs: number;
  invalidCredentialsCooldownMs: number;
  maxEntries: number;
  storeTimeoutMs: number;
  lockTtlMs: number;
  refreshPath: string | undefined;
  scheduleRenewal: boolean;
}

/** Collaborators of the `TokenManager`. */
export interface EngineDeps {
  settings: EngineSettings;
  clock: MastersClock;
  store: TokenStore;
  /** Sends token-auth / refresh (one attempt, any status resolves). */
  loginPost: TokenAuthDeps['loginPost'];
  emit: <E extends MastersEventName>(event: E, payload: MastersEvents[E]) => void;
  log: InternalLogger;
  /** Spans, metrics, channels and info lines (ARCHITECTURE §12); default: silent, no OpenTelemetry. */
  observer?: Observer;
  /** Random number in [0, 1) for backoff jitter (injectable for tests). */
  random?: () => number;
}
