import type { MastersFetch } from '@mastersfetch/core';

/** The parts of Node's `ServerResponse` used to notice a client that went away. */
interface ResponseLike {
  readonly closed?: boolean;
  readonly writableFinished?: boolean;
  once?(event: 'close', listener: () => void): unknown;
}

const perRequest = new WeakMap<object, MastersFetch>();

/**
 * The `mastersFetch` of one request: `base` extended with a signal that aborts when the client
 * disconnects before the response is finished. The abort cancels only this request's wait for a
 * token and its upstream call, never the shared login. Memoised per request object, and created
 * only when a handler asks for it (the hot path adds no listener).
 *
 * @param rawRequest - Node's `IncomingMessage` (Fastify: `request.raw`), the memo key.
 * @param rawResponse - Node's `ServerResponse` (Fastify: `reply.raw`).
 */
export function requestFetch(
  base: MastersFetch,
  rawRequest: object,
  rawResponse: ResponseLike | undefined,
): MastersFetch {
  const existing = perRequest.get(rawRequest);
  if (existing) return existing;
  let value = base;
  if (typeof rawResponse?.once === 'function') {
    const controller = new AbortController();
    const abortIfUnfinished = (): void => {
      if (!rawResponse.writableFinished) controller.abort();
    };
    if (rawResponse.closed) abortIfUnfinished();
    else rawResponse.once('close', abortIfUnfinished);
    value = base.extend({ signal: controller.signal });
  }
  perRequest.set(rawRequest, value);
  return value;
}
