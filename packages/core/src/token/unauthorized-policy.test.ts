import { describe, expect, it } from 'vitest';
import { UnauthorizedGuard } from './unauthorized-policy.js';

const LIMITS = { unauthorizedGuardMs: 30_000, maxForcedRenewals: 2, forcedRenewalWindowMs: 60_000 };

describe('UnauthorizedGuard', () => {
  it('allows maxForcedRenewals forced renewals per window, then refuses', () => {
    const guard = new UnauthorizedGuard(LIMITS);
    expect(guard.spendForcedRenewal(1_000)).toBe(true);
    expect(guard.spendForcedRenewal(2_000)).toBe(true);
    expect(guard.spendForcedRenewal(3_000)).toBe(false);
  });

  it('gives a renewal back forcedRenewalWindowMs after it was spent', () => {
    const guard = new UnauthorizedGuard(LIMITS);
    guard.spendForcedRenewal(1_000);
    guard.spendForcedRenewal(2_000);
    expect(guard.spendForcedRenewal(60_999)).toBe(false);
    expect(guard.spendForcedRenewal(61_000)).toBe(true);
    expect(guard.spendForcedRenewal(61_001)).toBe(false);
  });

  it('does not count a refused attempt against the budget', () => {
    const guard = new UnauthorizedGuard({ ...LIMITS, maxForcedRenewals: 1 });
    guard.spendForcedRenewal(0);
    for (let t = 1; t < 60_000; t += 10_000) expect(guard.spendForcedRenewal(t)).toBe(false);
    expect(guard.spendForcedRenewal(60_000)).toBe(true);
  });

  it('guards for unauthorizedGuardMs after a replay got 401', () => {
    const guard = new UnauthorizedGuard(LIMITS);
    expect(guard.isGuarded(0)).toBe(false);
    guard.startGuard(1_000, 86_400_000);
    expect(guard.isGuarded(30_999)).toBe(true);
    expect(guard.isGuarded(31_000)).toBe(false);
  });

  it('guards for 10% of a short token lifetime when that is shorter', () => {
    const guard = new UnauthorizedGuard(LIMITS);
    guard.startGuard(0, 100_000);
    expect(guard.isGuarded(9_999)).toBe(true);
    expect(guard.isGuarded(10_000)).toBe(false);
  });
});
