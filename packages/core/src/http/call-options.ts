/**
 * Our own per-call options. ky hands the options it does not know to fetch, so these travel from
 * the call wrapper (`calls.ts`) through ky to the transport (`transport.ts`), which drops them
 * before the real fetch; the auth hook reads them from the options ky hands to hooks.
 */

/**
 * A caller's ky `timeout` travels under this name: ky's own timer is turned off so its
 * `TimeoutError`, which holds the request headers, is never thrown; the transport times the attempt
 * out as `MastersHttpError('ETIMEDOUT')`.
 */
export const TIMEOUT_OPTION = 'mastersfetchTimeoutMs';

/**
 * An extra signal for the token wait only (set by `withTokenWaitSignal`): a function, so the signal
 * (and the listener that fires it) is created only by a call that really has to wait for a token.
 */
export const WAIT_SIGNAL_OPTION = 'mastersfetchWaitSignal';

/** The value of {@link WAIT_SIGNAL_OPTION}: returns the extra signal, creating it on first use. */
export type WaitSignalSource = () => AbortSignal;

/**
 * Set (`true`) for a call with ky's `onDownloadProgress`: ky then reads the body as a stream on the
 * caller's behalf, and the transport bounds that stream by the attempt's deadline, not by the idle
 * bound of a caller's own `response.body` read (see `timed-body.ts`).
 */
export const WHOLE_BODY_OPTION = 'mastersfetchWholeBody';

/** The init ky hands to our fetch: a `RequestInit` plus our options. */
export type TimedInit = RequestInit & {
  [TIMEOUT_OPTION]?: number;
  [WAIT_SIGNAL_OPTION]?: WaitSignalSource;
  [WHOLE_BODY_OPTION]?: boolean;
};

/**
 * The signal a token wait honours: the request's own (the caller's `signal`), plus the extra one
 * of {@link WAIT_SIGNAL_OPTION} when set. Only called when a call has to wait, so the
 * `AbortSignal.any()` is off the hot path.
 */
export function waitSignalOf(request: Request, source: unknown): AbortSignal {
  if (typeof source !== 'function') return request.signal;
  const extra = (source as WaitSignalSource)();
  return AbortSignal.any([request.signal, extra]);
}
