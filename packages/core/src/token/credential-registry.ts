import { MastersClientClosedError, MastersConfigError } from '../errors.js';
import { fingerprint, keyWithFingerprint } from '../keys.js';
import { Lru } from '../lru.js';
import { validateCredentials } from '../options.js';
import type { Credentials, CredentialsSource, MastersFetch } from '../types.js';
import { KeyState, type KeyStateSettings } from './key-state.js';
import type { TokenManager } from './token-manager.js';

/** At most this many `forCredentials` ky instances are cached (see {@link CredentialRegistry}). */
export const MAX_CACHED_INSTANCES = 1024;

/** Resolves the key state of one request (sync for a value, async for a credentials function). */
export type KeyStateSource = () => KeyState | Promise<KeyState>;

/** Collaborators of the {@link CredentialRegistry}. */
export interface CredentialRegistryDeps {
  /** Only `isClosed` and `dispose` are used: the registry never renews. */
  manager: Pick<TokenManager, 'isClosed' | 'dispose'>;
  settings: KeyStateSettings & { maxEntries: number };
  /** Origin of the base URL: part of every store key. */
  baseOrigin: string;
  /** HMAC key of the fingerprints (`keySecret` option). */
  keySecret: string | undefined;
  /** The `credentials` option, validated (`undefined`: `mastersFetch` needs `forCredentials`). */
  defaultCredentials: Credentials | undefined;
  /**
   * Builds a ky instance whose requests resolve their key state with `source` (the http layer's
   * instance with its auth hooks): passed in, so the registry knows nothing of http.
   */
  createFetch: (source: KeyStateSource) => MastersFetch;
}

/** What the registry caches per credentials object: the key and the field values it was made from. */
interface CredentialDescription {
  key: string;
  fingerprint: string;
  /** Validated copy of the credentials (what logins send). */
  value: Credentials;
}

/**
 * Which {@link KeyState} acts for which credentials (docs/ARCHITECTURE.md §7): the store key and
 * fingerprint of a credentials object (an HMAC, cached per object), an LRU of `maxEntries` key
 * states, the default credentials' state, and the `forCredentials` ky instances of the most
 * recently used keys. An evicted state's timer is stopped; its invalid-credentials cooldown stays
 * with the token manager.
 *
 * @example
 * ```ts
 * const registry = new CredentialRegistry({ manager, settings, baseOrigin, keySecret, defaultCredentials, createFetch });
 * registry.mastersFetch; // acts for the default credentials
 * registry.forCredentials({ username: 'tenant-b', password }); // cached per key
 * ```
 */
export class CredentialRegistry {
  /** The ky instance of the default credentials. */
  readonly mastersFetch: MastersFetch;
  readonly #deps: CredentialRegistryDeps;
  readonly #manager: CredentialRegistryDeps['manager'];
  readonly #states: Lru<string, KeyState>;
  // A ky instance is ~5 KB (its closures and hooks) while a key's token state is ~1 KB: cache the
  // instances of the most recently used keys only. An instance dropped here is rebuilt (~20 µs) on
  // that key's next forCredentials().
  readonly #instances: Lru<string, MastersFetch>;
  // Key computation is an HMAC: cache it per credentials object (tenant maps return the same one).
  // An entry is used only while the object still holds the values it was computed from: an object
  // changed in place from tenant A to tenant B gets B's key, never A's token.
  readonly #descriptions = new WeakMap<object, CredentialDescription>();
  readonly #default: CredentialDescription | undefined;

  constructor(deps: CredentialRegistryDeps) {
    this.#deps = deps;
    this.#manager = deps.manager;
    const { manager, settings } = deps;
    this.#states = new Lru<string, KeyState>(settings.maxEntries, (_key, state) =>
      manager.dispose(state),
    );
    this.#instances = new Lru<string, MastersFetch>(
      Math.min(settings.maxEntries, MAX_CACHED_INSTANCES),
    );
    const credentials = deps.defaultCredentials;
    this.#default = credentials !== undefined ? this.#describe(credentials) : undefined;
    this.mastersFetch = deps.createFetch(this.defaultState);
  }

  /** Number of key states held (at most `maxEntries`). */
  get size(): number {
    return this.#states.size;
  }

  /** Number of `forCredentials` instances cached (at most 1,024). */
  get cachedInstances(): number {
    return this.#instances.size;
  }

  /** Mode and fingerprint of the default credentials (`'none'` without them). */
  get defaultIdentity(): { mode: 'password' | 'apiKey' | 'none'; keyFingerprint?: string } {
    const d = this.#default;
    if (d === undefined) return { mode: 'none', keyFingerprint: undefined };
    return { mode: 'apiKey' in d.value ? 'apiKey' : 'password', keyFingerprint: d.fingerprint };
  }

  /**
   * The state of the default credentials, created on first use (hot path: one LRU lookup).
   * @throws MastersClientClosedError after `close()`; MastersConfigError (`credentials`) without
   *   default credentials.
   */
  readonly defaultState = (): KeyState => {
    if (this.#manager.isClosed) throw new MastersClientClosedError();
    const d = this.#default;
    if (d === undefined) {
      throw new MastersConfigError({
        option: 'credentials',
        reason: 'no default credentials were given; use forCredentials() or pass `credentials`',
      });
    }
    return this.#stateFor(d);
  };

  /** The state of the default credentials when one is held (no recency change, no creation). */
  peekDefault(): KeyState | undefined {
    return this.#default !== undefined ? this.#states.peek(this.#default.key) : undefined;
  }

  /**
   * The state of `credentials`, created on first use.
   * @throws MastersConfigError naming the field when `credentials` is malformed.
   */
  stateOf(credentials: Credentials): KeyState {
    return this.#stateFor(this.#describe(credentials));
  }

  /**
   * A ky instance acting for `source`. A value is read now: the instance acts for the identity the
   * object held then (call again, or pass a function, to follow a changed object); instances are
   * cached per key. A function is called and its result read on every request (`undefined` means the default credentials); its instance is
   * cached nowhere (adapters pass a fresh closure per request, a cache keyed by it would only grow).
   *
   * @throws MastersClientClosedError after `close()`; MastersConfigError naming the field when a
   *   value is malformed (a function's result is checked per request).
   */
  forCredentials(source: CredentialsSource): MastersFetch {
    const { manager, createFetch } = this.#deps;
    if (manager.isClosed) throw new MastersClientClosedError();
    if (typeof source === 'function') {
      return createFetch(async () => {
        const credentials = await source();
        // The hook checks before and after this wait; close() may have run during it.
        if (manager.isClosed) throw new MastersClientClosedError();
        return credentials === undefined ? this.defaultState() : this.stateOf(credentials);
      });
    }
    const d = this.#describe(source);
    let instance = this.#instances.get(d.key);
    if (instance === undefined) {
      this.#stateFor(d);
      // Resolve through the LRU on every request: if this key was evicted, the instance still
      // works (its next request recreates the state) without keeping the evicted state alive.
      instance = createFetch(() => this.#stateFor(d));
      this.#instances.set(d.key, instance);
    }
    return instance;
  }

  /**
   * The fingerprint of `credentials` (cached per object, like the key).
   * @throws MastersConfigError naming the field when `credentials` is malformed.
   */
  fingerprintOf(credentials: Credentials): string {
    return this.#describe(credentials).fingerprint;
  }

  #stateFor(d: CredentialDescription): KeyState {
    let state = this.#states.get(d.key);
    if (state === undefined) {
      state = new KeyState(d.key, d.fingerprint, d.value, this.#deps.settings);
      this.#states.set(d.key, state);
    }
    return state;
  }

  #describe(credentials: Credentials): CredentialDescription {
    const cached = this.#descriptions.get(credentials);
    if (cached !== undefined && holdsSameFields(credentials, cached.value)) return cached;
    const value = validateCredentials(credentials);
    const credentialFingerprint = fingerprint(value, this.#deps.keySecret);
    const entry: CredentialDescription = {
      key: keyWithFingerprint(this.#deps.baseOrigin, value, credentialFingerprint),
      fingerprint: credentialFingerprint,
      value,
    };
    this.#descriptions.set(credentials, entry);
    return entry;
  }
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
