/**
 * The clock the validation rules and the backoff read; the same shape as core's `clock` option, so
 * one object can be given to both. Tests pass a fixed clock.
 */
export interface EwayBillClock {
  /** Monotonic milliseconds (for backoff windows). */
  now(): number;
  /** Epoch milliseconds (for date rules such as the 180-day document date rule). */
  wallNow(): number;
}

/** The real clock: `performance.now()` and `Date.now()`. */
export const systemClock: EwayBillClock = {
  now: () => performance.now(),
  wallNow: () => Date.now(),
};
