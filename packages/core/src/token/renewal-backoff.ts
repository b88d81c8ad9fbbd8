import { MastersTokenError, type MastersError } from '../errors.js';
import { backoffDelayMs } from '../lifetime.js';

/** The backoff options (ms); see `MastersClientOptions`. */
export interface BackoffSettings {
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Upper bound of a server's `Retry-After`. */
  maxRetryAfterMs: number;
}

/**
 * The backoff of one credential key after failed renewals (docs/ARCHITECTURE.md §3, "backoff"):
 * `backoffBaseMs × 2^(failures-1)` capped at `backoffCapMs`, jittered to [50%, 100%], and never
 * shorter than the server's `Retry-After` (itself capped at `maxRetryAfterMs`). While it runs, a
 * caller without a valid token fails fast with the last error instead of logging in again.
 *
 * @example
 * ```ts
 * const backoff = new RenewalBackoff(settings);
 * const delayMs = backoff.recordFailure(error, undefined, now, Math.random());
 * backoff.refusal(now + 1, fingerprint); // `error` until `now + delayMs`
 * ```
 */
export class RenewalBackoff {
  readonly #settings: BackoffSettings;
  /** Consecutive failed renewals (the exponent). */
  #failures = 0;
  /** Monotonic ms before which no new login is tried. */
  #nextAttemptAt = 0;
  #lastError: MastersError | undefined = undefined;

  constructor(settings: BackoffSettings) {
    this.#settings = settings;
  }

  /** `true` while the backoff runs at `now` (monotonic ms). */
  isWaiting(now: number): boolean {
    return now < this.#nextAttemptAt;
  }

  /** The error to fail fast with at `now` (monotonic ms) while the backoff runs, else `undefined`. */
  refusal(now: number, keyFingerprint: string): MastersError | undefined {
    if (!this.isWaiting(now)) return undefined;
    return (
      this.#lastError ??
      new MastersTokenError({
        message: 'Masters India login is backing off after a failure',
        keyFingerprint,
      })
    );
  }

  /**
   * Counts one more failure at `now` and starts the next delay.
   * @param retryAfterMs - the server's `Retry-After` in ms, if it sent one
   * @param random - a number in [0, 1) for the jitter
   * @returns the delay, ms
   */
  recordFailure(
    error: MastersError,
    retryAfterMs: number | undefined,
    now: number,
    random: number,
  ): number {
    const s = this.#settings;
    this.#failures++;
    let delayMs = backoffDelayMs(this.#failures, s.backoffBaseMs, s.backoffCapMs, random);
    if (retryAfterMs !== undefined) {
      delayMs = Math.max(delayMs, Math.min(retryAfterMs, s.maxRetryAfterMs));
    }
    this.#nextAttemptAt = now + delayMs;
    this.#lastError = error;
    return delayMs;
  }

  /** A renewal succeeded: the next failure starts from the base delay again. */
  reset(): void {
    this.#failures = 0;
    this.#nextAttemptAt = 0;
    this.#lastError = undefined;
  }
}
