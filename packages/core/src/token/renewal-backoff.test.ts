import { describe, expect, it } from 'vitest';
import { MastersTokenError } from '../errors.js';
import { RenewalBackoff } from './renewal-backoff.js';

const SETTINGS = { backoffBaseMs: 1_000, backoffCapMs: 8_000, maxRetryAfterMs: 20_000 };
const error = new MastersTokenError({ message: 'Masters India token-auth answered HTTP 503' });

describe('RenewalBackoff', () => {
  it('doubles from the base per failure, jittered within [50%, 100%], up to the cap', () => {
    const backoff = new RenewalBackoff(SETTINGS);
    expect(backoff.recordFailure(error, undefined, 0, 0)).toBe(500);
    expect(backoff.recordFailure(error, undefined, 0, 0.999_999)).toBeCloseTo(2_000, 0);
    expect(backoff.recordFailure(error, undefined, 0, 0)).toBe(2_000);
    expect(backoff.recordFailure(error, undefined, 0, 0)).toBe(4_000);
    expect(backoff.recordFailure(error, undefined, 0, 0)).toBe(4_000);
  });

  it('waits at least the server Retry-After, capped at maxRetryAfterMs', () => {
    const backoff = new RenewalBackoff(SETTINGS);
    expect(backoff.recordFailure(error, 15_000, 0, 0)).toBe(15_000);
    expect(backoff.recordFailure(error, 60_000, 0, 0)).toBe(20_000);
    expect(backoff.recordFailure(error, 10, 0, 0)).toBe(2_000);
  });

  it('refuses with the last error until the delay has passed', () => {
    const backoff = new RenewalBackoff(SETTINGS);
    expect(backoff.refusal(0, 'fp')).toBeUndefined();
    backoff.recordFailure(error, undefined, 100, 0);
    expect(backoff.isWaiting(599)).toBe(true);
    expect(backoff.refusal(599, 'fp')).toBe(error);
    expect(backoff.isWaiting(600)).toBe(false);
    expect(backoff.refusal(600, 'fp')).toBeUndefined();
  });

  it('starts from the base again after reset()', () => {
    const backoff = new RenewalBackoff(SETTINGS);
    backoff.recordFailure(error, undefined, 0, 0);
    backoff.recordFailure(error, undefined, 0, 0);
    backoff.reset();
    expect(backoff.isWaiting(0)).toBe(false);
    expect(backoff.recordFailure(error, undefined, 0, 0)).toBe(500);
  });
});
