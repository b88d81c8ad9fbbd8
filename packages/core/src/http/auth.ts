import type { BeforeRequestHook, NormalizedOptions } from 'ky';
import { MastersClientClosedError } from '../errors.js';
import type { KeyState } from '../token/key-state.js';
import type { TokenManager } from '../token/token-manager.js';
import { noop, pathOf } from './attempt-errors.js';
import { WAIT_SIGNAL_OPTION, waitSignalOf, type TimedInit } from './call-options.js';
import { notRetriable } from './retry.js';
import { observationOf, observeReplay } from '../observe/request.js';
import { rememberResponseCredential } from './response-credentials.js';
import { ATTEMPT_REDACTOR, type AttemptFetch, type AttemptRequest } from './transport.js';

/**
 * Credentials on the wire (docs/ARCHITECTURE.md §7, steps 3 and 6): the `beforeRequest` hook that
 * stamps `Authorization: JWT <token>` or `api_key` on requests to the base origin, and the 401
 * replay around the transport. The only file of `http/` that knows the token manager and the key
 * state.
 */

// Per-attempt bookkeeping, stamped by the `beforeRequest` hook on the Request ky then hands to our
// fetch (the same object): the key state and token generation it was sent with, and the original
// body (for a 401 replay). Symbols, so nothing leaks into headers or logs.
const STATE = Symbol('mastersfetch.state');
const GENERATION = Symbol('mastersfetch.generation');
const BODY = Symbol('mastersfetch.body');

interface StampedRequest extends AttemptRequest {
  [STATE]?: KeyState;
  [GENERATION]?: number;
  [BODY]?: unknown;
}

/** Resolves the key state for one request (the default credentials, or a `forCredentials` source). */
export type StateResolver = () => KeyState | Promise<KeyState>;

/** Collaborators of the stamp hook. */
export interface StampDeps {
  manager: TokenManager;
  /** `origin + '/'` of the base URL: requests elsewhere get no auth header. */
  basePrefix: string;
}

/**
 * The `beforeRequest` hook of one `mastersFetch` instance: before every attempt (ky retries
 * included) it resolves the call's key state and sets the auth header, waiting for the token when
 * needed (honouring the request's signal). Created once per instance, not per call; a request with
 * a usable token goes through synchronously: no promise, no store read.
 *
 * @throws MastersClientClosedError after `close()`; whatever the credentials source throws
 *   (marked never retried)
 */
export function createStampHook(deps: StampDeps, resolve: StateResolver): BeforeRequestHook {
  const { manager, basePrefix } = deps;

  const authorize = (
    request: StampedRequest,
    options: NormalizedOptions,
    state: KeyState,
  ): void | Promise<void> => {
    observationOf(options).identify(state); // the call's credential (ARCHITECTURE §12)
    const body = options.body;
    request[ATTEMPT_REDACTOR] = state.redactor;
    if (state.isApiKey) {
      request.headers.set('api_key', state.apiKey as string);
      request.headers.delete('authorization');
      return;
    }
    if (!manager.isUsable(state)) {
      const signal = waitSignalOf(request, (options as TimedInit)[WAIT_SIGNAL_OPTION]);
      return manager.ensureToken(state, signal).then(() => stamp(request, body, state));
    }
    stamp(request, body, state);
  };

  const stamp = (request: StampedRequest, body: unknown, state: KeyState): void => {
    request.headers.set('authorization', state.authorization as string);
    request.headers.delete('api_key');
    request[STATE] = state;
    request[GENERATION] = state.generation;
    if (body !== undefined && body !== null) request[BODY] = body;
  };

  return (input, options) => {
    // Before every attempt (ky retries included): a closed client sends nothing, anywhere.
    if (manager.isClosed) throw new MastersClientClosedError();
    const request = input as StampedRequest;
    observationOf(options).attempt(request); // every attempt: retries are counted (ARCHITECTURE §12)
    if (!request.url.startsWith(basePrefix)) {
      // Never send a credential to another origin.
      request.headers.delete('authorization');
      request.headers.delete('api_key');
      return;
    }
    let resolved: KeyState | Promise<KeyState>;
    try {
      resolved = resolve();
    } catch (error) {
      throw notRetriable(error);
    }
    if (resolved instanceof Promise) {
      return resolved.then(
        (state) => authorize(request, options, state),
        (error: unknown) => {
          throw notRetriable(error);
        },
      );
    }
    return authorize(request, options, resolved);
  };
}

/**
 * The transport's `restamp` for a followed same-origin redirect hop: the current access token of
 * the request's key state (it may have been renewed meanwhile). Other requests keep their headers.
 */
export function restampRedirect(request: Request, headers: Headers): void {
  const state = (request as StampedRequest)[STATE];
  if (state !== undefined && state.authorization !== undefined) {
    headers.set('authorization', state.authorization);
  }
}

/** What the 401 replay needs. */
export interface ReplayDeps {
  manager: TokenManager;
  /** Largest body a replay sends again (bytes); a larger one surfaces the 401. */
  maxReplayBodyBytes: number;
}

/**
 * The fetch of `mastersFetch`: `attempt` (the transport) plus the 401 replay. A 401 to a request
 * the stamp hook stamped with a token is handled here (not in an `afterResponse` hook, which would
 * make ky clone every response): the token manager's 401 policy decides (`token/unauthorized-policy.ts`,
 * docs/ARCHITECTURE.md §3), and the request is sent once more with the current token when it says so.
 */
export function withUnauthorizedReplay(
  attempt: AttemptFetch,
  deps: ReplayDeps,
): typeof globalThis.fetch {
  return async function authorizedFetch(input, init) {
    const request = input as StampedRequest;
    const state = request[STATE];
    if (state === undefined) {
      // API-key calls (the stamp hook sets no token state): no replay, but the credential is kept.
      const response = await attempt(request, init as TimedInit);
      const redactor = request[ATTEMPT_REDACTOR];
      return redactor === undefined ? response : rememberResponseCredential(response, redactor);
    }
    // A FormData body is re-encoded with a new boundary: keep the sent bytes for a replay.
    const spare = request[BODY] instanceof FormData ? request.clone() : undefined;
    let response: Response;
    try {
      response = await attempt(request, init as TimedInit);
    } catch (error) {
      if (spare?.body) spare.body.cancel().catch(noop);
      throw error;
    }
    if (response.status !== 401) {
      if (spare?.body) spare.body.cancel().catch(noop);
      return rememberResponseCredential(response, state.redactor);
    }
    const replayed = await replayAfter401(request, init as TimedInit, state, spare);
    if (replayed === undefined) return rememberResponseCredential(response, state.redactor);
    await response.body?.cancel().catch(noop);
    return rememberResponseCredential(replayed, state.redactor);
  } as typeof globalThis.fetch;

  /** Decides on a 401 and, when the token was the problem, sends the request once more. */
  async function replayAfter401(
    request: StampedRequest,
    init: TimedInit | undefined,
    state: KeyState,
    spare: Request | undefined,
  ): Promise<Response | undefined> {
    const { manager } = deps;
    const method = request.method;
    const waitSignal = waitSignalOf(request, init?.[WAIT_SIGNAL_OPTION]);
    const decision = await manager.onUnauthorized(
      state,
      request[GENERATION] ?? 0,
      method,
      pathOf(request.url),
      waitSignal,
    );
    if (decision === 'surface') return undefined;
    // The replay must send byte-identical content (a generate replayed with a different body would
    // be a different call): reuse the caller's body value, or the bytes kept for FormData.
    // The stamp hook records a body only for a call that has one.
    const original = request[BODY];
    let body: BodyInit | undefined;
    if (original !== undefined) {
      const size = replayableSize(original);
      if (size === undefined || size > deps.maxReplayBodyBytes) return undefined;
      if (spare !== undefined) {
        const bytes = await spare.arrayBuffer();
        if (bytes.byteLength > deps.maxReplayBodyBytes) return undefined;
        body = bytes;
      } else {
        body = original as BodyInit;
      }
    }
    if (!manager.isUsable(state)) await manager.ensureToken(state, waitSignal);
    // No new request after close(), not even the replay of one sent before.
    if (manager.isClosed) throw new MastersClientClosedError();
    const headers = new Headers(request.headers);
    headers.set('authorization', state.authorization as string);
    manager.stats.replays++;
    observeReplay(init, manager.observer, state, method, request.url);
    const replayRequest: StampedRequest = new Request(request.url, {
      method,
      headers,
      body,
      signal: request.signal,
      redirect: request.redirect,
    });
    const replayed = await attempt(replayRequest, init);
    if (replayed.status === 401) manager.onReplayUnauthorized(state);
    return replayed;
  }
}

/**
 * The byte size of a body value a replay can send again (a `FormData` counts `0` here: it is
 * buffered from the spare clone and measured then), or `undefined` for one it cannot: a stream
 * was consumed by the first attempt, and an unknown kind cannot be measured.
 */
function replayableSize(body: unknown): number | undefined {
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof ArrayBuffer) return body.byteLength;
  if (ArrayBuffer.isView(body)) return body.byteLength;
  if (body instanceof Blob) return body.size;
  if (body instanceof URLSearchParams) return Buffer.byteLength(body.toString());
  if (body instanceof FormData) return 0;
  return undefined;
}
