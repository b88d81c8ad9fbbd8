import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { KeyState, type HeldToken, type KeyStateSettings } from './key-state.js';

const SETTINGS: KeyStateSettings = {
  softWindowMs: 300_000,
  hardWindowMs: 60_000,
  unauthorizedGuardMs: 30_000,
  maxForcedRenewals: 3,
  forcedRenewalWindowMs: 60_000,
  backoffBaseMs: 1_000,
  backoffCapMs: 60_000,
  maxRetryAfterMs: 120_000,
};

const DAY_MS = 86_400_000;

function held(overrides: Partial<HeldToken> = {}): HeldToken {
  return {
    token: 'eyJ.token-one.sig',
    refreshToken: 'refresh-one',
    generation: 1,
    lifetimeMs: DAY_MS,
    expiresAt: 10_000_000,
    refreshExpiresAt: Number.POSITIVE_INFINITY,
    ...overrides,
  };
}

function passwordState(): KeyState {
  return new KeyState('k', 'fp', { username: 'u', password: 'pw-secret' }, SETTINGS);
}

describe('KeyState', () => {
  it('must renew at any time while it holds no token', () => {
    const state = passwordState();
    expect(state.mustRenew(0)).toBe(true);
    expect(state.mustRenew(-1e12)).toBe(true);
    expect(state.authorization).toBeUndefined();
  });

  it('must renew from the start of the hard window on (min(hardWindowMs, 10% of lifetime))', () => {
    const state = passwordState();
    state.setToken(held());
    const hardAt = 10_000_000 - 60_000;
    expect(state.mustRenew(hardAt - 1)).toBe(false);
    expect(state.mustRenew(hardAt)).toBe(true);
  });

  it('should renew from the start of the soft window on (min(softWindowMs, 50% of lifetime))', () => {
    const state = passwordState();
    state.setToken(held());
    const softAt = 10_000_000 - 300_000;
    expect(state.shouldRenew(softAt - 1)).toBe(false);
    expect(state.shouldRenew(softAt)).toBe(true);
    expect(state.softAt).toBe(softAt);
  });

  it('shrinks both windows for a short-lived token (10% and 50% of its lifetime)', () => {
    const state = passwordState();
    state.setToken(held({ lifetimeMs: 100_000, expiresAt: 1_000_000 }));
    expect(state.mustRenew(1_000_000 - 10_001)).toBe(false);
    expect(state.mustRenew(1_000_000 - 10_000)).toBe(true);
    expect(state.shouldRenew(1_000_000 - 50_001)).toBe(false);
    expect(state.shouldRenew(1_000_000 - 50_000)).toBe(true);
  });

  it('has a token until it expires', () => {
    const state = passwordState();
    expect(state.hasTokenAt(0)).toBe(false);
    state.setToken(held());
    expect(state.hasTokenAt(10_000_000 - 1)).toBe(true);
    expect(state.hasTokenAt(10_000_000)).toBe(false);
  });

  it('builds the JWT header value once per token and a new one when the token changes', () => {
    const state = passwordState();
    state.setToken(held());
    const first = state.authorization;
    expect(first).toBe('JWT eyJ.token-one.sig');
    expect(state.authorization).toBe(first);
    state.setToken(held({ token: 'eyJ.token-two.sig', generation: 2 }));
    expect(state.authorization).toBe('JWT eyJ.token-two.sig');
    expect(state.generation).toBe(2);
  });

  it('clearToken drops the access token and its header but keeps generation, lifetime and refresh token', () => {
    const state = passwordState();
    state.setToken(held({ generation: 4 }));
    state.clearToken();
    expect(state.token).toBeUndefined();
    expect(state.authorization).toBeUndefined();
    expect(state.mustRenew(0)).toBe(true);
    expect(state.shouldRenew(0)).toBe(true);
    expect(state.hasTokenAt(0)).toBe(false);
    expect(state.generation).toBe(4);
    expect(state.lifetimeMs).toBe(DAY_MS);
    expect(state.refreshToken).toBe('refresh-one');
    state.clearRefreshToken();
    expect(state.refreshToken).toBeUndefined();
  });

  it('derives the mode from the secret', () => {
    expect(passwordState().isApiKey).toBe(false);
    const apiKey = new KeyState('k', 'fp', { apiKey: 'ak-secret' }, SETTINGS);
    expect(apiKey.isApiKey).toBe(true);
    expect(apiKey.apiKey).toBe('ak-secret');
    expect(apiKey.credentials).toBeUndefined();
  });

  it('hides the password and tokens from toJSON and inspect, and redacts them', () => {
    const state = passwordState();
    state.setToken(held());
    const shown = JSON.stringify(state) + inspect(state);
    expect(shown).not.toMatch(/pw-secret|token-one|refresh-one/);
    expect(state.redactor.redact('pw-secret eyJ.token-one.sig refresh-one')).not.toMatch(
      /pw-secret|token-one|refresh-one/,
    );
  });
});
