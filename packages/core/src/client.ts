import { inspect } from 'node:util';
import { MastersClientClosedError, MastersConfigError } from './errors.js';
import { MastersEmitter } from './events.js';
import {
  createAuthHooks,
  createLoginPost,
  createMastersFetch,
  createTimedFetch,
  type AuthHooksDeps,
  type StateResolver,
} from './fetch.js';
import { fingerprint, keyWithFingerprint } from './keys.js';
import { createLogger } from './logger.js';
import { Lru } from './lru.js';
import { resolveOptions, validateCredentials } from './options.js';
import { TokenManager, type KeyState } from './token-manager.js';
import type {
  Credentials,
  CredentialsSource,
  MastersClient,
  MastersClientOptions,
  MastersClientStats,
  MastersFetch,
  TokenStatus,
} from './types.js';

/** Internal view for tests and diagnostics (not part of the public contract). */
export const ENGINE_DEBUG: unique symbol = Symbol.for('mastersfetch.debug');

/** At most this many `forCredentials` ky instances are cached (see `instances` below). */
const MAX_CACHED_INSTANCES = 1024;

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
  const log = createLogger(resolved.logger);
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
  });
  // API calls: the same per-attempt timeout, plus the 401 replay.
  const timedFetch = createTimedFetch(baseFetch, resolved.timeoutMs, {
    manager,
    maxReplayBodyBytes: resolved.maxReplayBodyBytes,
  });
  const hookDeps: AuthHooksDeps = { manager, basePrefix: `${resolved.baseOrigin}/` };
  const { baseOrigin, keySecret } = resolved;

  // Key computation is an HMAC: cache it per credentials object (tenant maps return the same one).
  // An entry is used only while the object still holds the values it was computed from: an object
  // changed in place from tenant A to tenant B gets B's key, never A's token.
  const keyCache = new WeakMap<object, CredentialDescription>();
  const describe = (credentials: Credentials): CredentialDescription => {
    const cached = keyCache.get(credentials);
    if (cached !== undefined && holdsSameFields(credentials, cached.value)) return cached;
    const value = validateCredentials(credentials);
    const credentialFingerprint = fingerprint(value, keySecret);
    const entry: CredentialDescription = {
      key: keyWithFingerprint(baseOrigin, value, credentialFingerprint),
      fingerprint: credentialFingerprint,
      value,
    };
    keyCache.set(credentials, entry);
    return entry;
  };
  const stateOf = (credentials: Credentials): KeyState => {
    const d = describe(credentials);
    return manager.stateFor(d.key, d.fingerprint, d.value);
  };

  const defaultCredentials = resolved.credentials;
  const defaultDescription = defaultCredentials ? describe(defaultCredentials) : undefined;
  const defaultState = (): KeyState => {
    if (manager.isClosed) throw closedError();
    if (defaultDescription === undefined) {
      throw new MastersConfigError({
        option: 'credentials',
        reason: 'no default credentials were given; use forCredentials() or pass `credentials`',
      });
    }
    return manager.stateFor(
      defaultDescription.key,
      defaultDescription.fingerprint,
      defaultDescription.value,
    );
  };
  const mastersFetch = createMastersFetch(
    { prefixUrl, timedFetch },
    createAuthHooks(hookDeps, defaultState),
  );

  // A ky instance is ~5 KB (its closures and hooks) while a key's token state is ~1 KB: cache the
  // instances of the most recently used keys only. Per-key state stays in the manager's LRU of
  // `maxEntries`; an instance dropped here is rebuilt (~20 µs) on that key's next forCredentials().
  const instances = new Lru<string, MastersFetch>(
    Math.min(resolved.maxEntries, MAX_CACHED_INSTANCES),
  );
  /**
   * A value is read when `forCredentials(value)` is called: the instance acts for the identity the
   * object held then (it keeps working as that identity if the object is changed later; call
   * `forCredentials` again, or pass a function, to follow the object). A function is called and
   * its result read on every request; `undefined` from it means the default credentials.
   */
  const forCredentials = (source: CredentialsSource): MastersFetch => {
    if (manager.isClosed) throw closedError();
    if (typeof source === 'function') {
      // One instance per call, cached nowhere: adapters pass a fresh closure per request (it may
      // hold the request), so a cache keyed by the function would only grow. The per-key state it
      // resolves to (token, backoff, ...) lives in the manager's bounded LRU like every other key.
      const resolve: StateResolver = async () => {
        const credentials = await source();
        // The hook checks before and after this wait; close() may have run during it.
        if (manager.isClosed) throw closedError();
        return credentials === undefined ? defaultState() : stateOf(credentials);
      };
      return createMastersFetch({ prefixUrl, timedFetch }, createAuthHooks(hookDeps, resolve));
    }
    const d = describe(source);
    let instance = instances.get(d.key);
    if (instance === undefined) {
      manager.stateFor(d.key, d.fingerprint, d.value);
      // Resolve through the LRU on every request: if this key was evicted, the instance still
      // works (its next request recreates the state) without keeping the evicted state alive.
      instance = createMastersFetch(
        { prefixUrl, timedFetch },
        createAuthHooks(hookDeps, () => manager.stateFor(d.key, d.fingerprint, d.value)),
      );
      instances.set(d.key, instance);
    }
    return instance;
  };

  const getAccessToken = async (opts?: { signal?: AbortSignal }): Promise<string> => {
    const state = defaultState(); // throws MastersClientClosedError after close()
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
    if (defaultDescription === undefined)
      return { mode: 'password', hasToken: false, expiresInSec: null };
    if ('apiKey' in defaultDescription.value) {
      return { mode: 'apiKey', hasToken: false, expiresInSec: null };
    }
    const state = manager.states.peek(defaultDescription.key);
    const now = resolved.clock.now();
    if (state?.token === undefined || now >= state.expiresAt) {
      return { mode: 'password', hasToken: false, expiresInSec: null };
    }
    return {
      mode: 'password',
      hasToken: true,
      expiresInSec: Math.max(0, Math.floor((state.expiresAt - now) / 1000)),
    };
  };

  const client: MastersClient & { [ENGINE_DEBUG](): EngineDebugInfo } = {
    mastersFetch,
    forCredentials,
    getAccessToken,
    tokenStatus,
    async warmUp() {
      const state = defaultState();
      if (state.isApiKey) return;
      if (!manager.isUsable(state)) await manager.ensureToken(state);
    },
    async invalidate() {
      if (manager.isClosed) throw closedError();
      if (defaultDescription === undefined) return;
      const state = manager.states.peek(defaultDescription.key);
      if (state !== undefined) await manager.invalidate(state);
    },
    /**
     * Closes the client: every entry point then rejects with `MastersClientClosedError` and sends
     * nothing. Waits for logins in flight to settle; a caller waiting for one rejects; requests
     * already sent complete. Calling it again resolves at once.
     */
    async close() {
      await manager.close();
      emitter.removeAllListeners();
    },
    on(event, listener) {
      return emitter.on(event, listener);
    },
    stats(): MastersClientStats {
      return { ...manager.stats };
    },
    [ENGINE_DEBUG]() {
      const store = resolved.store as { size?: unknown };
      return {
        keys: manager.states.size,
        cachedInstances: instances.size,
        maxEntries: resolved.maxEntries,
        inflight: manager.inflightCount,
        storeSize: typeof store.size === 'number' ? store.size : undefined,
      };
    },
  };
  const describeClient = () => ({
    baseUrl: resolved.baseUrl,
    mode: defaultDescription
      ? 'apiKey' in defaultDescription.value
        ? 'apiKey'
        : 'password'
      : 'none',
    keyFingerprint: defaultDescription?.fingerprint,
  });
  Object.defineProperties(client, {
    toJSON: { value: describeClient, enumerable: false },
    [inspect.custom]: {
      value: () => `MastersClient ${inspect(describeClient())}`,
      enumerable: false,
    },
  });
  return client;
}

/** What `describe()` caches per credentials object: the key and the field values it was made from. */
interface CredentialDescription {
  key: string;
  fingerprint: string;
  /** Validated copy of the credentials (what logins send). */
  value: Credentials;
}

/**
 * `true` while `source` still holds the fields `value` was validated from (three reads, no
 * allocation): the key cached for an object is reused only then.
 */
function holdsSameFields(source: Credentials, value: Credentials): boolean {
  const s = source as { username?: unknown; password?: unknown; apiKey?: unknown };
  if ('apiKey' in value) {
    return s.apiKey === value.apiKey && s.username === undefined && s.password === undefined;
  }
  return s.username === value.username && s.password === value.password && s.apiKey === undefined;
}

function closedError(): MastersClientClosedError {
  return new MastersClientClosedError();
}
