import { inspect } from 'node:util';
import { MastersClientClosedError, MastersConfigError } from './errors.js';
import { CLIENT_CLOSED } from './client-state.js';
import { MastersEmitter } from './events.js';
import {
  createStampHook,
  restampRedirect,
  withUnauthorizedReplay,
  type StampDeps,
} from './http/auth.js';
import { createMastersFetch } from './http/calls.js';
import { createAttemptFetch, createLoginPost } from './http/transport.js';
import { mastersFetchIdentity, tagIdentity } from './identity.js';
import { createLogger } from './logger.js';
import { envLogger } from './observe/log-level.js';
import { Observer } from './observe/observer.js';
import { resolveOptions } from './options.js';
import { CredentialRegistry } from './token/credential-registry.js';
import { TokenManager } from './token/token-manager.js';
import type {
  MastersClient,
  MastersClientOptions,
  MastersClientStats,
  TokenStatus,
} from './types.js';

/** Internal view for tests and diagnostics (not part of the public contract). */
export const ENGINE_DEBUG: unique symbol = Symbol.for('mastersfetch.debug');

/** What {@link ENGINE_DEBUG} returns: sizes of every per-key structure. */
export interface EngineDebugInfo {
  keys: number;
  /** `forCredentials` ky instances cached (at most 1,024, however many keys there are). */
  cachedInstances: number;
  maxEntries: number;
  inflight: number;
  storeSize: number | undefined;
}

/**
 * Creates a Masters India client: a ky instance (`mastersFetch`) that logs in, caches and renews
 * the access token by itself, plus `forCredentials` for multi-tenant apps.
 *
 * Login: `POST {base}/api/v1/token-auth/` with `{username, password}`; API calls then carry
 * `Authorization: JWT <token>` (https://docs.mastersindia.co/eway/authentication/access-tokens).
 * With `{ apiKey }` every call carries `api_key: <key>` and no login happens
 * (https://docs.mastersindia.co/eway/authentication/api-key).
 *
 * @param options - see {@link MastersClientOptions}; every duration in milliseconds.
 * @returns the {@link MastersClient}.
 * @throws MastersConfigError naming the option when an option is missing, malformed or inconsistent.
 * @example
 * ```ts
 * const client = createMastersClient({
 *   environment: 'sandbox',
 *   credentials: { username: process.env.MI_USER!, password: process.env.MI_PASS! },
 * });
 * const body = await client.mastersFetch
 *   .post('api/v1/ewayBillsGenerate/', { json: generateFields })
 *   .json();
 * ```
 */
export function createMastersClient(options: MastersClientOptions): MastersClient {
  const resolved = resolveOptions(options);
  // Without a logger, MASTERSFETCH_LOG_LEVEL picks a console level (read once, here; ARCHITECTURE §12).
  const log = createLogger(resolved.logger ?? envLogger());
  const observer = new Observer({ log });
  const emitter = new MastersEmitter((event, error) =>
    log.warn('a mastersfetch event listener threw', { event, error }),
  );
  const baseFetch = resolved.fetch ?? globalThis.fetch.bind(globalThis);
  const prefixUrl = `${resolved.baseUrl}/`;
  const manager = new TokenManager({
    settings: resolved,
    clock: resolved.clock,
    store: resolved.store,
    loginPost: createLoginPost({ prefixUrl, fetch: baseFetch, timeoutMs: resolved.timeoutMs }),
    emit: (event, payload) => emitter.emit(event, payload),
    log,
    observer,
  });
  // API calls: the same per-attempt timeout, plus the 401 replay.
  const attempt = createAttemptFetch({
    fetch: baseFetch,
    timeoutMs: resolved.timeoutMs,
    restamp: restampRedirect,
  });
  const timedFetch = withUnauthorizedReplay(attempt, {
    manager,
    maxReplayBodyBytes: resolved.maxReplayBodyBytes,
  });
  const stampDeps: StampDeps = { manager, basePrefix: `${resolved.baseOrigin}/` };
  const registry = new CredentialRegistry({
    manager,
    settings: resolved,
    baseOrigin: resolved.baseOrigin,
    keySecret: resolved.keySecret,
    defaultCredentials: resolved.credentials,
    createFetch: (source) =>
      createMastersFetch({ prefixUrl, timedFetch, observer }, createStampHook(stampDeps, source)),
  });

  const getAccessToken = async (opts?: { signal?: AbortSignal }): Promise<string> => {
    const state = registry.defaultState(); // throws MastersClientClosedError after close()
    if (state.isApiKey) {
      throw new MastersConfigError({
        option: 'credentials',
        reason: 'getAccessToken() needs username/password credentials; API-key mode has no token',
      });
    }
    if (!manager.isUsable(state)) await manager.ensureToken(state, opts?.signal);
    return state.token as string;
  };

  const tokenStatus = (): TokenStatus => {
    const { mode } = registry.defaultIdentity;
    if (mode === 'apiKey') return { mode, hasToken: false, expiresInSec: null };
    const state = registry.peekDefault();
    const now = resolved.clock.now();
    if (state === undefined || !state.hasTokenAt(now)) {
      return { mode: 'password', hasToken: false, expiresInSec: null };
    }
    return {
      mode: 'password',
      hasToken: true,
      expiresInSec: Math.max(0, Math.floor((state.expiresAt - now) / 1000)),
    };
  };

  // mastersfetch.token.time_to_expiry: the default credential only (one series per client).
  const unwatchExpiry = observer.watchExpiry(() => {
    const state = registry.peekDefault();
    const now = resolved.clock.now();
    if (state === undefined || state.isApiKey || !state.hasTokenAt(now)) return undefined;
    return { keyFingerprint: state.keyFingerprint, seconds: (state.expiresAt - now) / 1000 };
  });

  const client: MastersClient & {
    [ENGINE_DEBUG](): EngineDebugInfo;
    [CLIENT_CLOSED](): boolean;
  } = {
    mastersFetch: registry.mastersFetch,
    forCredentials: (source) => {
      const instance = registry.forCredentials(source);
      // A value's instance is cached per key: tag it once (a function's acts per request).
      if (typeof source !== 'function' && mastersFetchIdentity(instance) === undefined) {
        tagIdentity(instance, { client, keyFingerprint: registry.fingerprintOf(source) });
      }
      return instance;
    },
    getAccessToken,
    tokenStatus,
    async warmUp() {
      const state = registry.defaultState();
      if (state.isApiKey) return;
      if (!manager.isUsable(state)) await manager.ensureToken(state);
    },
    async invalidate() {
      if (manager.isClosed) throw new MastersClientClosedError();
      const state = registry.peekDefault();
      if (state !== undefined) await manager.invalidate(state);
    },
    /**
     * Closes the client: every entry point then rejects with `MastersClientClosedError` and sends
     * nothing. Waits for logins in flight to settle; a caller waiting for one rejects; requests
     * already sent complete. Calling it again resolves at once.
     */
    async close() {
      unwatchExpiry();
      await manager.close();
      emitter.removeAllListeners();
    },
    on(event, listener) {
      return emitter.on(event, listener);
    },
    stats(): MastersClientStats {
      return { ...manager.stats };
    },
    [CLIENT_CLOSED]: () => manager.isClosed,
    [ENGINE_DEBUG]() {
      const store = resolved.store as { size?: unknown };
      return {
        keys: registry.size,
        cachedInstances: registry.cachedInstances,
        maxEntries: resolved.maxEntries,
        inflight: manager.inflightCount,
        storeSize: typeof store.size === 'number' ? store.size : undefined,
      };
    },
  };
  const defaultFingerprint = registry.defaultIdentity.keyFingerprint;
  if (defaultFingerprint !== undefined) {
    tagIdentity(registry.mastersFetch, { client, keyFingerprint: defaultFingerprint });
  }
  const describeClient = () => ({ baseUrl: resolved.baseUrl, ...registry.defaultIdentity });
  Object.defineProperties(client, {
    toJSON: { value: describeClient, enumerable: false },
    [inspect.custom]: {
      value: () => `MastersClient ${inspect(describeClient())}`,
      enumerable: false,
    },
  });
  return client;
}
