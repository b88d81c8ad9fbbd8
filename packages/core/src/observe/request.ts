import { channels, publishSettled, summarizeError, type RequestPayload } from './channels.js';
import { modeOf, type ObservedKey, type Observer } from './observer.js';
import { pathOf } from '../http/attempt-errors.js';
import { withContext } from './guard.js';
import type { OtelAttributes, OtelSpan } from './otel.js';

/**
 * The ky option (and so fetch `init` key: ky hands options it does not know to fetch) that carries
 * a call's {@link RequestObservation} to the hooks and the fetch of each attempt.
 */
export const OBSERVATION_OPTION = 'mastersfetchObservation';

/**
 * The observation of one `mastersFetch` call (docs/ARCHITECTURE.md §12): span
 * `mastersfetch.request`, TracingChannel `mastersfetch:request`, the debug line per call. The HTTP
 * layer calls, in order: {@link runInContext} around the ky call, {@link attempt} before every
 * attempt (ky retries included), {@link identify} once the credentials are resolved,
 * {@link unauthorizedReplay} when a 401 is replayed, then {@link end} or {@link fail}.
 */
export interface RequestObservation {
  /** Runs `fn` (the whole ky call) with the span as the active OpenTelemetry context. */
  runInContext<T>(fn: () => T): T;
  /** Before each attempt: the first sets method, path and server; each later one is a retry. */
  attempt(request: Request): void;
  /** The credential the call is sent with (fingerprint and mode only). */
  identify(key: ObservedKey): void;
  /** Adds the span event `mastersfetch.unauthorized_replay`. */
  unauthorizedReplay(): void;
  /** The call answered HTTP `status` (any status ky resolved with). */
  end(status: number): void;
  /** The call failed (an HTTP error status, a timeout, a network error...). */
  fail(error: unknown): void;
}

/** The observation of a call nothing observes: every method does nothing (shared, no allocation). */
export const NOOP_REQUEST: RequestObservation = {
  runInContext: (fn) => fn(),
  attempt() {},
  identify() {},
  unauthorizedReplay() {},
  end() {},
  fail() {},
};

/** The URL path of `url`, without the query string or fragment (the one rule of the errors too). */
export const pathOfUrl: (url: string) => string = pathOf;

class ActiveRequest implements RequestObservation {
  readonly #observer: Observer;
  readonly #span: OtelSpan | undefined;
  readonly #context: unknown;
  readonly #startedAt = performance.now();
  #payload: RequestPayload | undefined;
  readonly #hasSubscribers: boolean;
  #method = '';
  #path = '';
  #attempts = 0;
  #key: ObservedKey | undefined;
  #isSettled = false;

  constructor(
    observer: Observer,
    started: { span: OtelSpan; context: unknown } | undefined,
    hasSubscribers: boolean,
  ) {
    this.#observer = observer;
    this.#span = started?.span;
    this.#context = started?.context;
    this.#hasSubscribers = hasSubscribers;
  }

  runInContext<T>(fn: () => T): T {
    const api = this.#observer.api;
    if (this.#span === undefined || api === undefined) return fn();
    return withContext(api, this.#context, fn);
  }

  attempt(request: Request): void {
    this.#attempts++;
    if (this.#attempts > 1) return;
    const url = request.url;
    this.#method = request.method;
    this.#path = pathOfUrl(url);
    const span = this.#span;
    if (span !== undefined) {
      span.setAttribute('http.request.method', this.#method);
      span.setAttribute('url.path', this.#path);
      try {
        const parsed = new URL(url);
        span.setAttribute('server.address', parsed.hostname);
        const port =
          parsed.port !== '' ? Number(parsed.port) : parsed.protocol === 'http:' ? 80 : 443;
        span.setAttribute('server.port', port);
      } catch {
        // ky built the Request, so the URL parses; never fail a call over an attribute.
      }
    }
    if (this.#hasSubscribers) {
      this.#payload = {
        method: this.#method,
        path: this.#path,
        fingerprint: undefined,
        mode: undefined,
      };
      channels.request.start.publish(this.#payload);
      channels.request.end.publish(this.#payload);
    }
  }

  identify(key: ObservedKey): void {
    if (this.#key !== undefined) return;
    this.#key = key;
    const mode = modeOf(key);
    this.#span?.setAttribute('mastersfetch.credential.fingerprint', key.keyFingerprint);
    this.#span?.setAttribute('mastersfetch.auth.mode', mode);
    if (this.#payload !== undefined) {
      this.#payload.fingerprint = key.keyFingerprint;
      this.#payload.mode = mode;
    }
  }

  unauthorizedReplay(): void {
    this.#span?.addEvent('mastersfetch.unauthorized_replay');
  }

  end(status: number): void {
    this.#settle(status, undefined);
  }

  fail(error: unknown): void {
    const status = (error as { status?: unknown } | null)?.status;
    this.#settle(typeof status === 'number' ? status : undefined, error);
  }

  #settle(status: number | undefined, error: unknown): void {
    if (this.#isSettled) return;
    this.#isSettled = true;
    const durationMs = performance.now() - this.#startedAt;
    const retries = Math.max(0, this.#attempts - 1);
    const observer = this.#observer;
    if (this.#method === '' && error !== undefined) {
      // Failed before any attempt (e.g. a credentials source that threw): name what the error can.
      const e = error as { method?: unknown; path?: unknown };
      if (typeof e.method === 'string') this.#method = e.method;
      if (typeof e.path === 'string') this.#path = e.path;
    }
    const span = this.#span;
    if (span !== undefined) {
      if (status !== undefined) span.setAttribute('http.response.status_code', status);
      if (retries > 0) span.setAttribute('http.request.resend_count', retries);
      observer.endSpan(span, { error });
    }
    if (this.#hasSubscribers) {
      const payload = this.#payload ?? {
        method: this.#method,
        path: this.#path,
        fingerprint: this.#key?.keyFingerprint,
        mode: this.#key === undefined ? undefined : modeOf(this.#key),
      };
      if (this.#payload === undefined) {
        channels.request.start.publish(payload);
        channels.request.end.publish(payload);
      }
      if (status !== undefined) payload.status = status;
      if (retries > 0) payload.retries = retries;
      if (error !== undefined) {
        const summary = summarizeError(error);
        payload.error = summary;
        if (summary.nicCode !== undefined) payload.nicCode = summary.nicCode;
      }
      payload.durationMs = durationMs;
      publishSettled(channels.request, payload);
    }
    if (observer.isDebugEnabled) {
      const fields: Record<string, unknown> = {
        method: this.#method,
        path: this.#path,
        status,
        durationMs: Math.round(durationMs * 10) / 10,
      };
      if (this.#key !== undefined) fields.keyFingerprint = this.#key.keyFingerprint;
      if (retries > 0) fields.retries = retries;
      if (error !== undefined)
        fields.error = summarizeError(error).code ?? summarizeError(error).name;
      observer.log.debug('Masters India API call', fields);
    }
  }

  /** Nothing of a call is worth printing: it may be handed to a custom fetch in `init`. */
  toJSON(): string {
    return '[RequestObservation]';
  }
}

const NO_ATTRIBUTES: OtelAttributes = Object.freeze({});

/**
 * Starts the observation of one `mastersFetch` call: {@link NOOP_REQUEST} (no allocation) when
 * nothing observes it (no recording span, no `mastersfetch:request` subscriber, debug off).
 */
export function startRequestObservation(observer: Observer | undefined): RequestObservation {
  if (observer === undefined) return NOOP_REQUEST;
  // Attributes come at the first attempt (method, URL): one shared empty object until then.
  const started = observer.startSpan('mastersfetch.request', NO_ATTRIBUTES);
  const hasSubscribers = channels.request.hasSubscribers;
  if (started === undefined && !hasSubscribers && !observer.isDebugEnabled) return NOOP_REQUEST;
  return new ActiveRequest(observer, started, hasSubscribers);
}

/** The observation a call's ky options (or an attempt's fetch `init`) carry, else {@link NOOP_REQUEST}. */
export function observationOf(carrier: object | null | undefined): RequestObservation {
  const found = (carrier as Record<string, unknown> | null | undefined)?.[OBSERVATION_OPTION];
  return found instanceof ActiveRequest ? found : NOOP_REQUEST;
}

/**
 * Observes one ky call, `send(call, input, options)`: starts the observation, hands it to ky in
 * the options (only when active), runs the call in its context and ends it when the response
 * promise settles. Returns `send`'s own promise (ky's `.json()` and friends intact); no
 * allocation when nothing observes.
 */
export function observeCall<C, I, O extends object | undefined, R extends Promise<Response>>(
  observer: Observer | undefined,
  send: (call: C, input: I, options: O) => R,
  call: C,
  input: I,
  options: O,
): R {
  const observation = startRequestObservation(observer);
  if (observation === NOOP_REQUEST) return send(call, input, options);
  const carried = Object.assign({}, options, { [OBSERVATION_OPTION]: observation }) as O;
  let promise: R;
  try {
    promise = observation.runInContext(() => send(call, input, carried));
  } catch (error) {
    observation.fail(error);
    throw error;
  }
  promise.then(
    (response) => observation.end(response.status),
    (error: unknown) => observation.fail(error),
  );
  return promise;
}

/**
 * A 401 is replayed: the span event of the call's observation (from the attempt's `init`) and the
 * client-wide record (counter, channel, info line; see `Observer.unauthorizedReplay`).
 */
export function observeReplay(
  init: object | undefined,
  observer: Observer | undefined,
  key: ObservedKey,
  method: string,
  url: string,
): void {
  observationOf(init).unauthorizedReplay();
  observer?.unauthorizedReplay(key, method, pathOfUrl(url));
}
