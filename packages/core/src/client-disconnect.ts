import { withTokenWaitSignal } from './http/wait-view.js';
import type { MastersFetch } from './types.js';

/**
 * The parts of Node's `http.ServerResponse` (Express `res`, Koa `ctx.res`, Fastify `reply.raw`)
 * used to notice that the HTTP client went away.
 */
export interface ClientResponse {
  /** `true` once the response emitted `close`. */
  readonly closed?: boolean;
  /** `true` once the whole response was handed to the OS. */
  readonly writableFinished: boolean;
  once(event: 'close', listener: () => void): unknown;
}

/**
 * The `mastersFetch` of one incoming HTTP request (what the Express, Koa and NestJS adapters
 * attach): when the client disconnects before `response` finished, a call of this request that is
 * waiting for an access token rejects with an `AbortError` (`DOMException`), while the shared
 * login goes on for everyone else (docs/ARCHITECTURE.md §3, §8).
 *
 * An upstream call already sent is not aborted: a generate or cancel that Masters India accepted
 * still reaches your handler, which can record the EWB number instead of leaving the ERP to retry
 * and create a duplicate. To abort upstream calls too, pass your own ky `signal`.
 *
 * Costs one object spread per call. The `close` listener and the signal are created only when a
 * call has to wait for a token.
 *
 * @param fetch - `client.mastersFetch` or a `client.forCredentials(...)` instance.
 * @param response - this request's `ServerResponse`.
 * @returns a ky instance; its `extend()`/`create()` keep the behaviour.
 */
export function withClientDisconnect(fetch: MastersFetch, response: ClientResponse): MastersFetch {
  let controller: AbortController | undefined;
  return withTokenWaitSignal(fetch, () => {
    if (controller === undefined) {
      const created = new AbortController();
      controller = created;
      // `close` after a finished response is normal; before it, the client went away.
      const abortIfUnfinished = (): void => {
        if (!response.writableFinished) created.abort();
      };
      if (response.closed === true) abortIfUnfinished();
      else response.once('close', abortIfUnfinished);
    }
    return controller.signal;
  });
}
