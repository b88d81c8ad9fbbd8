import { unauthorizedGuardMs } from '../lifetime.js';

/** The limits of the 401 policy (ms unless named otherwise); see `MastersClientOptions`. */
export interface UnauthorizedLimits {
  /** Upper bound of the guard after a replay also got 401. */
  unauthorizedGuardMs: number;
  /** Forced renewals (a 401 on the current token) allowed per key within `forcedRenewalWindowMs`. */
  maxForcedRenewals: number;
  forcedRenewalWindowMs: number;
}

/**
 * The 401 policy of one credential key (docs/ARCHITECTURE.md §3, "401 policy"): a 401 on the
 * current access token may force a renewal, at most `maxForcedRenewals` times per
 * `forcedRenewalWindowMs`; when a replay with a freshly renewed token also gets 401, the 401 is not
 * about the token, and for `min(unauthorizedGuardMs, 10% of lifetime)` every 401 surfaces at once.
 * Only the bookkeeping lives here; the renewal and the replay belong to the token manager and the
 * http layer.
 *
 * @example
 * ```ts
 * const guard = new UnauthorizedGuard({ unauthorizedGuardMs: 30_000, maxForcedRenewals: 3, forcedRenewalWindowMs: 60_000 });
 * guard.spendForcedRenewal(now); // true three times within a minute, then false
 * guard.startGuard(now, 86_400_000);
 * guard.isGuarded(now + 1); // true for the next 30 s
 * ```
 */
export class UnauthorizedGuard {
  readonly #limits: UnauthorizedLimits;
  /** Monotonic ms until which 401s surface without renewal. */
  #guardUntil = 0;
  /** Monotonic times of the forced renewals inside the current window. */
  #forcedRenewalTimes: number[] = [];

  constructor(limits: UnauthorizedLimits) {
    this.#limits = limits;
  }

  /** `true` while a replay's 401 keeps 401s from forcing renewals (`now`: monotonic ms). */
  isGuarded(now: number): boolean {
    return now < this.#guardUntil;
  }

  /**
   * Takes one forced renewal from the budget at `now` (monotonic ms).
   * @returns `false`, taking nothing, when the budget of the window is spent.
   */
  spendForcedRenewal(now: number): boolean {
    const windowStart = now - this.#limits.forcedRenewalWindowMs;
    const times = this.#forcedRenewalTimes.filter((t) => t > windowStart);
    this.#forcedRenewalTimes = times;
    if (times.length >= this.#limits.maxForcedRenewals) return false;
    times.push(now);
    return true;
  }

  /** A replay with a renewed token also got 401: start the guard (`lifetimeMs` of the token). */
  startGuard(now: number, lifetimeMs: number): void {
    this.#guardUntil = now + unauthorizedGuardMs(lifetimeMs, this.#limits.unauthorizedGuardMs);
  }
}
