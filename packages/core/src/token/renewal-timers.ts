import { clampTimerMs } from '../lifetime.js';

/**
 * The opt-in `scheduleRenewal` timers, at most one per credential key (docs/ARCHITECTURE.md §3):
 * unref'd, so they never keep the process alive, and all stopped by {@link RenewalTimers.clear}.
 *
 * @example
 * ```ts
 * const timers = new RenewalTimers<KeyState>();
 * timers.arm(state, 60_000, () => renewInBackground(state));
 * timers.clear(); // close()
 * ```
 */
export class RenewalTimers<K> {
  readonly #timers = new Map<K, ReturnType<typeof setTimeout>>();

  /** Number of armed timers. */
  get size(): number {
    return this.#timers.size;
  }

  /** (Re)arms the timer of `key` to call `onDue` in `delayMs` (clamped to what `setTimeout` takes). */
  arm(key: K, delayMs: number, onDue: () => void): void {
    this.disarm(key);
    const timer = setTimeout(() => {
      this.#timers.delete(key);
      onDue();
    }, clampTimerMs(delayMs));
    timer.unref();
    this.#timers.set(key, timer);
  }

  /** Stops the timer of `key`, if armed. */
  disarm(key: K): void {
    const timer = this.#timers.get(key);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#timers.delete(key);
  }

  /** Stops every timer. */
  clear(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
