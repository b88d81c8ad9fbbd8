import { MastersError } from './errors.js';
import { sanitizeError } from './redact.js';
import type { MastersEventName, MastersEvents } from './types.js';

/** A listener of event `E`. */
export type MastersListener<E extends MastersEventName> = (payload: MastersEvents[E]) => void;

/**
 * A tiny typed event emitter for {@link MastersEvents}. A listener that throws (or returns a
 * rejected promise) never breaks the client: the error goes to `onListenerError`, if given.
 *
 * @example
 * ```ts
 * const emitter = new MastersEmitter();
 * const off = emitter.on('login', (e) => console.warn('login', e.keyFingerprint));
 * off();
 * ```
 */
export class MastersEmitter {
  readonly #listeners = new Map<MastersEventName, Set<(payload: never) => void>>();
  readonly #onListenerError: ((event: MastersEventName, error: unknown) => void) | undefined;

  /** @param onListenerError - receives errors thrown by listeners (e.g. to log them). */
  constructor(onListenerError?: (event: MastersEventName, error: unknown) => void) {
    this.#onListenerError = onListenerError;
  }

  /**
   * Adds a listener; returns a function that removes it (idempotent).
   * @throws TypeError when `listener` is not a function.
   */
  on<E extends MastersEventName>(event: E, listener: MastersListener<E>): () => void {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    const fn = listener as (payload: never) => void;
    set.add(fn);
    return () => {
      const current = this.#listeners.get(event);
      current?.delete(fn);
      if (current?.size === 0) this.#listeners.delete(event);
    };
  }

  /** Calls every listener of `event` synchronously; never throws. */
  emit<E extends MastersEventName>(event: E, payload: MastersEvents[E]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    payload = redactPayload(payload);
    for (const fn of [...set]) {
      try {
        const result = (fn as MastersListener<E>)(payload) as unknown;
        if (result && typeof (result as Promise<unknown>).then === 'function') {
          (result as Promise<unknown>).then(undefined, (error: unknown) =>
            this.#report(event, error),
          );
        }
      } catch (error) {
        this.#report(event, error);
      }
    }
  }

  /** Number of listeners of `event`. */
  listenerCount(event: MastersEventName): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  /** Removes every listener (used by `close()`). */
  removeAllListeners(): void {
    this.#listeners.clear();
  }

  #report(event: MastersEventName, error: unknown): void {
    try {
      this.#onListenerError?.(event, error);
    } catch {
      // Reporting must not throw either.
    }
  }
}

/**
 * Payloads may carry a foreign error (e.g. a store client's: ioredis' `ReplyError` holds the record
 * it was writing in `command.args`, token included). Our own errors are redacted already; a foreign
 * one is always replaced by a redacted copy (name, message, stack, own properties, `cause` chain;
 * see `sanitizeError`), so no view of the payload (`util.inspect` at any depth) shows a secret.
 */
function redactPayload<P>(payload: P): P {
  const error = (payload as { error?: unknown } | undefined)?.error;
  if (!(error instanceof Error) || error instanceof MastersError) return payload;
  return { ...payload, error: sanitizeError(error) };
}
