import { withClientDisconnect, type ClientResponse, type MastersFetch } from '@mastersfetch/core';

/** The parts of Node's `ServerResponse` used to notice a client that went away. */
type ResponseLike = Partial<ClientResponse>;

const perRequest = new WeakMap<object, MastersFetch>();

function isClientResponse(value: ResponseLike | undefined): value is ClientResponse {
  return typeof value?.once === 'function';
}

/**
 * The `mastersFetch` of one request: when the client disconnects before the response is finished,
 * a call of this request waiting for an access token is aborted, never the shared login (an
 * upstream call already sent is left to finish; see `withClientDisconnect`). Memoised per request
 * object, and created only when a handler asks for it.
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
  const value = isClientResponse(rawResponse) ? withClientDisconnect(base, rawResponse) : base;
  perRequest.set(rawRequest, value);
  return value;
}
