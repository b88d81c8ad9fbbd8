import { MastersTokenError } from '../errors.js';
import { clampTimerMs } from '../lifetime.js';

/** Why a caller stopped waiting: its own abort (`cause`: the signal's reason) or its deadline. */
export class WaitAborted extends Error {}

/**
 * Waits for a shared renewal `flight` on behalf of one caller: settles as the flight does, or
 * rejects with {@link WaitAborted} when `signal` aborts or `deadlineMs` (`operationDeadlineMs`)
 * passes first. The flight itself is never cancelled: other callers may be waiting for it
 * (docs/ARCHITECTURE.md §3, single flight).
 *
 * @example
 * ```ts
 * try { await waitForFlight(state.inflight, request.signal, 30_000); }
 * catch (error) { if (error instanceof WaitAborted) throw error.cause; }
 * ```
 */
export function waitForFlight(
  flight: Promise<void>,
  signal: AbortSignal | null | undefined,
  deadlineMs: number,
): Promise<void> {
  if (signal?.aborted) return Promise.reject(new WaitAborted('aborted', { cause: signal.reason }));
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(
        new WaitAborted('deadline', {
          cause: new MastersTokenError({
            message: `Waited ${deadlineMs} ms (operationDeadlineMs) for a Masters India access token`,
          }),
        }),
      );
    }, clampTimerMs(deadlineMs));
    const onAbort = (): void => {
      cleanup();
      reject(new WaitAborted('aborted', { cause: signal?.reason }));
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    flight.then(
      () => {
        cleanup();
        resolve();
      },
      (error: unknown) => {
        cleanup();
        reject(error);
      },
    );
  });
}
