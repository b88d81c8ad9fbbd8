import { describe, expect, it } from 'vitest';
import type { InternalLogger } from '../logger.js';
import { MemoryTokenStore } from '../store/memory.js';
import type { MastersEvents, TokenRecord, TokenStore } from '../types.js';
import { ADOPTED, GuardedStore, type GuardedStoreSettings } from './guarded-store.js';
import { KeyState } from './key-state.js';

const DAY_MS = 86_400_000;
const SETTINGS: GuardedStoreSettings = {
  storeTimeoutMs: 50,
  lockTtlMs: 200,
  operationDeadlineMs: 1_000,
  maxLifetimeMs: 7 * DAY_MS,
  hardWindowMs: 60_000,
};
const STATE_SETTINGS = {
  softWindowMs: 300_000,
  hardWindowMs: 60_000,
  unauthorizedGuardMs: 30_000,
  maxForcedRenewals: 3,
  forcedRenewalWindowMs: 60_000,
  backoffBaseMs: 1_000,
  backoffCapMs: 60_000,
  maxRetryAfterMs: 120_000,
};
const silent: InternalLogger = { debug() {}, info() {}, warn() {}, error() {} };

function setup(store: TokenStore = new MemoryTokenStore(), settings = SETTINGS) {
  const storeErrors: MastersEvents['storeError'][] = [];
  const guarded = new GuardedStore({
    store,
    settings,
    clock: { now: () => performance.now(), wallNow: () => Date.now() },
    emit: (event, payload) => {
      if (event === 'storeError') storeErrors.push(payload as MastersEvents['storeError']);
    },
    log: silent,
    random: () => 0.5,
    isClosed: () => false,
  });
  const state = new KeyState('key-1', 'fp', { username: 'u', password: 'pw-1' }, STATE_SETTINGS);
  return { guarded, state, store, storeErrors };
}

function record(overrides: Partial<TokenRecord> = {}): TokenRecord {
  const now = Date.now();
  return {
    token: 'eyJ.stored.sig',
    expiresAtMs: now + DAY_MS,
    generation: 3,
    obtainedAtMs: now,
    ...overrides,
  };
}

describe('GuardedStore', () => {
  it('adopts a valid record and derives the expiry from its remaining time', () => {
    const { guarded, state } = setup();
    expect(guarded.adopt(state, record(), false)).toBe(true);
    expect(state.authorization).toBe('JWT eyJ.stored.sig');
    expect(state.generation).toBe(3);
    expect(state.lifetimeMs).toBe(DAY_MS);
  });

  it('refuses a record a 401 rejected (generation at or below rejectedGeneration)', () => {
    const { guarded, state } = setup();
    state.rejectedGeneration = 3;
    expect(guarded.adopt(state, record({ generation: 3 }), false)).toBe(false);
    expect(guarded.adopt(state, record({ generation: 4 }), false)).toBe(true);
  });

  it('refuses a record no newer than the token held, and for a forced renewal no newer than ours', () => {
    const { guarded, state } = setup();
    guarded.adopt(state, record({ generation: 3 }), false);
    expect(guarded.adopt(state, record({ generation: 3, token: 'eyJ.other.sig' }), false)).toBe(
      false,
    );
    state.clearToken();
    expect(guarded.adopt(state, record({ generation: 3 }), true)).toBe(false);
    expect(guarded.adopt(state, record({ generation: 3 }), false)).toBe(true);
  });

  it('refuses a record inside the hard window, or with a token unfit for a header', () => {
    const { guarded, state } = setup();
    const now = Date.now();
    const almostDue = record({ obtainedAtMs: now - DAY_MS + 59_000, expiresAtMs: now + 59_000 });
    expect(guarded.adopt(state, almostDue, false)).toBe(false);
    expect(guarded.adopt(state, record({ token: 'eyJ.bad\nvalue' }), false)).toBe(false);
    expect(guarded.adopt(state, record({ expiresAtMs: 0, obtainedAtMs: 0 }), false)).toBe(false);
    expect(state.token).toBeUndefined();
  });

  it('treats a store slower than storeTimeoutMs as absent, with a storeError event', async () => {
    const slow: TokenStore = {
      get: () => new Promise(() => {}),
      set: async () => {},
      delete: async () => {},
    };
    const { guarded, state, storeErrors } = setup(slow);
    expect(await guarded.read(state)).toBeUndefined();
    expect(storeErrors).toHaveLength(1);
    expect(storeErrors[0]?.operation).toBe('get');
    expect(storeErrors[0]?.error.message).toMatch(/took longer than 50 ms/);
  });

  it("hides the credential's secrets in a throwing store's error", async () => {
    const leaky: TokenStore = {
      get: () => Promise.reject(new Error('cannot read key for password pw-1')),
      set: async () => {},
      delete: async () => {},
    };
    const { guarded, state, storeErrors } = setup(leaky);
    expect(await guarded.read(state)).toBeUndefined();
    expect(storeErrors[0]?.error.message).not.toMatch(/pw-1/);
  });

  it('commits a grant to the state and the store, readable by another process', async () => {
    const { guarded, state, store } = setup();
    const grant = {
      token: 'eyJ.new.sig',
      refreshToken: 'r-1',
      lifetimeMs: DAY_MS,
      sentAt: performance.now(),
      sentWallMs: Date.now(),
    };
    await guarded.commit(state, grant, 5);
    expect(state.generation).toBe(5);
    const other = setup(store);
    expect(other.guarded.adopt(other.state, await store.get('key-1'), false)).toBe(true);
    expect(other.state.refreshToken).toBe('r-1');
  });

  it('takes the lock when free and reports the generation read under it', async () => {
    const store = new MemoryTokenStore();
    const { guarded, state } = setup(store);
    await store.set('key-1', record({ generation: 7 }), DAY_MS);
    state.rejectedGeneration = 7; // a 401 rejected the stored token: read, not adopted
    const hold = await guarded.acquire(state, false);
    expect(hold).not.toBe(ADOPTED);
    if (hold === ADOPTED) return;
    expect(hold.storedGeneration).toBe(7);
    expect(await store.lock('key-1', 1_000)).toBeNull();
    await guarded.release(hold, state);
    expect(await store.lock('key-1', 1_000)).not.toBeNull();
  });

  it('waits for the holder of the lock and adopts the record it stores', async () => {
    const store = new MemoryTokenStore();
    const { guarded, state } = setup(store);
    const holder = await store.lock('key-1', 10_000);
    const waiting = guarded.acquire(state, false);
    await store.set('key-1', record({ generation: 9 }), DAY_MS);
    expect(await waiting).toBe(ADOPTED);
    expect(state.generation).toBe(9);
    await holder?.();
  });

  it('gives up with MastersTokenError when the lock stays held past operationDeadlineMs', async () => {
    const store = new MemoryTokenStore();
    await store.lock('key-1', 60_000);
    const { guarded, state } = setup(store, {
      ...SETTINGS,
      lockTtlMs: 100,
      operationDeadlineMs: 300,
    });
    await expect(guarded.acquire(state, false)).rejects.toThrow(/held the login lock for 300 ms/);
  });
});
