import { describe, expect, it } from 'vitest';
import { MastersClientClosedError, MastersConfigError } from '../errors.js';
import type { Credentials, MastersFetch } from '../types.js';
import { CredentialRegistry, type KeyStateSource } from './credential-registry.js';
import type { KeyState } from './key-state.js';

const SETTINGS = {
  maxEntries: 2,
  softWindowMs: 300_000,
  hardWindowMs: 60_000,
  unauthorizedGuardMs: 30_000,
  maxForcedRenewals: 3,
  forcedRenewalWindowMs: 60_000,
  backoffBaseMs: 1_000,
  backoffCapMs: 60_000,
  maxRetryAfterMs: 120_000,
};

/** What the factory built: the registry hands each instance its state source. */
interface BuiltInstance {
  source: KeyStateSource;
}

function setup(defaultCredentials?: Credentials, maxEntries = SETTINGS.maxEntries) {
  const disposed: KeyState[] = [];
  const manager = { isClosed: false, dispose: (state: KeyState) => disposed.push(state) };
  const built: BuiltInstance[] = [];
  const registry = new CredentialRegistry({
    manager,
    settings: { ...SETTINGS, maxEntries },
    baseOrigin: 'https://sandb-api.mastersindia.co',
    keySecret: undefined,
    defaultCredentials,
    createFetch: (source) => {
      const instance: BuiltInstance = { source };
      built.push(instance);
      return instance as unknown as MastersFetch;
    },
  });
  const sourceOf = (fetch: MastersFetch) => (fetch as unknown as BuiltInstance).source;
  return { registry, manager, disposed, built, sourceOf };
}

const tenant = (n: number): Credentials => ({ username: `tenant-${n}`, password: `pw-${n}` });

describe('CredentialRegistry', () => {
  it('gives one state per credential key, whichever object carries the credentials', () => {
    const { registry } = setup();
    const a = registry.stateOf(tenant(1));
    expect(registry.stateOf(tenant(1))).toBe(a);
    expect(registry.stateOf(tenant(2))).not.toBe(a);
    expect(a.key).toMatch(
      /^mastersfetch:v1:https:\/\/sandb-api\.mastersindia\.co:tenant-1:[0-9a-f]{32}$/,
    );
  });

  it('evicts the least recently used state past maxEntries and stops its timer', () => {
    const { registry, disposed } = setup();
    const one = registry.stateOf(tenant(1));
    const two = registry.stateOf(tenant(2));
    registry.stateOf(tenant(1)); // tenant 1 is now the most recent
    registry.stateOf(tenant(3));
    expect(disposed).toEqual([two]);
    expect(registry.size).toBe(2);
    expect(registry.stateOf(tenant(1))).toBe(one);
    expect(registry.stateOf(tenant(2))).not.toBe(two);
  });

  it('follows an object changed in place to the new identity', () => {
    const { registry } = setup();
    const credentials = { username: 'tenant-a', password: 'pw-a' };
    const a = registry.stateOf(credentials);
    credentials.username = 'tenant-b';
    const b = registry.stateOf(credentials);
    expect(b).not.toBe(a);
    expect(b.credentials).toEqual({ username: 'tenant-b', password: 'pw-a' });
  });

  it('names the field of malformed credentials', () => {
    const { registry } = setup();
    expect(() => registry.stateOf({ username: 'u' } as unknown as Credentials)).toThrow(
      MastersConfigError,
    );
  });

  it('acts for the default credentials through mastersFetch', async () => {
    const { registry, sourceOf } = setup(tenant(1));
    const state = await sourceOf(registry.mastersFetch)();
    expect(state).toBe(registry.stateOf(tenant(1)));
    expect(registry.peekDefault()).toBe(state);
    expect(registry.defaultIdentity).toEqual({
      mode: 'password',
      keyFingerprint: state.keyFingerprint,
    });
  });

  it('refuses the default state without default credentials, and after close', () => {
    const none = setup();
    expect(() => none.registry.defaultState()).toThrow(MastersConfigError);
    expect(none.registry.peekDefault()).toBeUndefined();
    expect(none.registry.defaultIdentity.mode).toBe('none');
    const closed = setup(tenant(1));
    closed.manager.isClosed = true;
    expect(() => closed.registry.defaultState()).toThrow(MastersClientClosedError);
    expect(() => closed.registry.forCredentials(tenant(2))).toThrow(MastersClientClosedError);
  });

  it('caches forCredentials instances per key, at most min(maxEntries, 1024)', () => {
    const { registry, built } = setup(undefined, 2);
    const first = registry.forCredentials(tenant(1));
    expect(registry.forCredentials(tenant(1))).toBe(first);
    registry.forCredentials(tenant(2));
    registry.forCredentials(tenant(3));
    expect(registry.cachedInstances).toBe(2);
    expect(registry.forCredentials(tenant(1))).not.toBe(first);
    expect(built).toHaveLength(5); // the default instance, tenants 1, 2, 3, and 1 again
  });

  it('lets a cached instance outlive its state: the next request makes a new one', async () => {
    const { registry, sourceOf, disposed } = setup(undefined, 1);
    const instance = registry.forCredentials(tenant(1));
    const before = await sourceOf(instance)();
    registry.stateOf(tenant(2));
    expect(disposed).toEqual([before]);
    const after = await sourceOf(instance)();
    expect(after).not.toBe(before);
    expect(after.key).toBe(before.key);
  });

  it('resolves a credentials function on every request and caches no instance for it', async () => {
    const { registry, manager, sourceOf } = setup();
    let n = 1;
    const instance = registry.forCredentials(() => tenant(n));
    expect(registry.cachedInstances).toBe(0);
    expect((await sourceOf(instance)()).credentials?.username).toBe('tenant-1');
    n = 2;
    expect((await sourceOf(instance)()).credentials?.username).toBe('tenant-2');
    manager.isClosed = true;
    await expect(sourceOf(instance)()).rejects.toBeInstanceOf(MastersClientClosedError);
  });
});
