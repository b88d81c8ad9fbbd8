import dc from 'node:diagnostics_channel';

/**
 * The `node:diagnostics_channel` names core publishes on (docs/ARCHITECTURE.md §12). The first five
 * are TracingChannels (`tracing:<name>:start|end|asyncStart|asyncEnd|error`); the last is a plain
 * channel. Payloads carry a credential fingerprint, never a secret.
 */
export const MASTERSFETCH_CHANNELS = {
  /** TracingChannel: one token-auth exchange. Payload {@link LoginPayload}. */
  login: 'mastersfetch:login',
  /** TracingChannel: one refresh exchange. Payload {@link LoginPayload}. */
  refresh: 'mastersfetch:refresh',
  /** TracingChannel: one token acquisition flight (the single-flight leader). Payload {@link RenewPayload}. */
  renew: 'mastersfetch:renew',
  /** TracingChannel: one token store call. Payload {@link StorePayload}. */
  store: 'mastersfetch:store',
  /** TracingChannel: one `mastersFetch` call (retries and a 401 replay included). Payload {@link RequestPayload}. */
  request: 'mastersfetch:request',
  /** Channel: a 401 is replayed with a renewed token. Payload {@link UnauthorizedReplayPayload}. */
  unauthorizedReplay: 'mastersfetch:unauthorized-replay',
} as const;

/** `'password'` for username/password credentials, `'api_key'` for an API key. */
export type AuthMode = 'password' | 'api_key';

/** Why a token acquisition flight started (ARCHITECTURE §3): no token, soft or hard window, a 401, a timer. */
export type RenewReason = 'cold' | 'soft' | 'hard' | 'unauthorized' | 'scheduled';

/** A sanitized copy of an error: its name and typed fields, never its message. */
export interface ErrorSummary {
  name: string;
  code?: string;
  status?: number;
  nicCode?: string;
}

/** Fields every payload may end with (set by core when the operation settles). */
export interface SettledFields {
  /** Wall time of the operation, ms. */
  durationMs?: number;
  /** Set on failure (published on the `error` channel too). */
  error?: ErrorSummary;
}

/** `mastersfetch:login` / `mastersfetch:refresh`. */
export interface LoginPayload extends SettledFields {
  fingerprint: string;
  mode: 'password';
  /** `success | invalid_credentials | rate_limited | error`, set when the exchange settles. */
  outcome?: string;
  status?: number;
}

/** `mastersfetch:renew`. */
export interface RenewPayload extends SettledFields {
  fingerprint: string;
  mode: 'password';
  reason: RenewReason;
  /** `success | ... `, set when the flight settles. */
  outcome?: string;
}

/** `mastersfetch:store`. */
export interface StorePayload extends SettledFields {
  /** `get | set | delete | lock | unlock`. */
  operation: string;
  fingerprint: string;
}

/** `mastersfetch:request`. */
export interface RequestPayload extends SettledFields {
  method: string;
  /** The URL path, without the query string. */
  path: string;
  fingerprint: string | undefined;
  mode: AuthMode | undefined;
  /** HTTP status of the final answer (absent for a network failure). */
  status?: number;
  /** The NIC code of a `MastersApiError`, when the call failed with one. */
  nicCode?: string;
  /** Attempts beyond the first (ky retries). */
  retries?: number;
}

/** `mastersfetch:unauthorized-replay`. */
export interface UnauthorizedReplayPayload {
  fingerprint: string;
  mode: AuthMode;
  method: string;
  path: string;
}

/** The five channels of a TracingChannel, typed loosely (Node 20's types vary between minors). */
export interface TracingChannelLike {
  readonly hasSubscribers: boolean;
  start: dc.Channel;
  end: dc.Channel;
  asyncStart: dc.Channel;
  asyncEnd: dc.Channel;
  error: dc.Channel;
}

const tracing = (name: string): TracingChannelLike =>
  dc.tracingChannel(name) as unknown as TracingChannelLike;

/** The channel objects, made once per process (Node keeps one per name anyway). */
export const channels = {
  login: tracing(MASTERSFETCH_CHANNELS.login),
  refresh: tracing(MASTERSFETCH_CHANNELS.refresh),
  renew: tracing(MASTERSFETCH_CHANNELS.renew),
  store: tracing(MASTERSFETCH_CHANNELS.store),
  request: tracing(MASTERSFETCH_CHANNELS.request),
  unauthorizedReplay: dc.channel(MASTERSFETCH_CHANNELS.unauthorizedReplay),
};

/**
 * Publishes `start` and runs `fn` (bound stores of `start` included), then `end`; the caller
 * publishes {@link publishSettled} when the promise settles. For payloads core builds itself, so
 * that no result (a token!) is ever put on a payload, as `tracePromise` would.
 */
export function publishStart<T>(channel: TracingChannelLike, payload: object, fn: () => T): T {
  try {
    return channel.start.runStores(payload, fn);
  } finally {
    channel.end.publish(payload);
  }
}

/** Publishes `error` (when `payload.error` is set), then `asyncStart` and `asyncEnd`. */
export function publishSettled(channel: TracingChannelLike, payload: SettledFields): void {
  if (payload.error !== undefined) channel.error.publish(payload);
  channel.asyncStart.publish(payload);
  channel.asyncEnd.publish(payload);
}

/**
 * The sanitized copy of `error` for payloads, span attributes and logs: `name` plus the typed
 * `code`, `status` and `nicCode` when present. Never the message (a foreign error's message may
 * quote a request).
 */
export function summarizeError(error: unknown): ErrorSummary {
  if (error === null || typeof error !== 'object') return { name: typeof error };
  const e = error as { name?: unknown; code?: unknown; status?: unknown; nicCode?: unknown };
  const summary: ErrorSummary = {
    name: typeof e.name === 'string' ? e.name.slice(0, 100) : 'Error',
  };
  if (typeof e.code === 'string' && /^[\w.-]{1,64}$/.test(e.code)) summary.code = e.code;
  if (typeof e.status === 'number') summary.status = e.status;
  if (typeof e.nicCode === 'string' && /^[\w.-]{1,32}$/.test(e.nicCode))
    summary.nicCode = e.nicCode;
  return summary;
}
