import type { InternalLogger } from '../logger.js';
import {
  channels,
  publishSettled,
  publishStart,
  summarizeError,
  type AuthMode,
  type RenewReason,
  type SettledFields,
  type TracingChannelLike,
} from './channels.js';
import {
  createInstruments,
  coreVersion,
  INSTRUMENTATION_NAME,
  type Instruments,
} from './metrics.js';
import {
  loadOtel,
  type OtelApi,
  type OtelAttributes,
  type OtelObservableResult,
  type OtelSpan,
  type OtelTracer,
} from './otel.js';
import { definedAttributes, recordFailure } from './tracing.js';
import { guardedTracer, startGuardedSpan, withContext } from './guard.js';

/** Who an observed operation is for: a credential key, named by its fingerprint only. */
export interface ObservedKey {
  keyFingerprint: string;
  isApiKey: boolean;
}

/** What an observed operation settled with, as {@link Observer.trace}'s `describe` reports it. */
export interface Settled {
  /** `mastersfetch.outcome` (span attribute and payload field), when the operation has one. */
  outcome?: string;
  /** The failure (recorded sanitized) when the operation failed without throwing. */
  error?: unknown;
  /** More span attributes (never a secret). */
  attributes?: OtelAttributes;
}

/** The `mastersfetch.outcome` of a token-auth failure (ARCHITECTURE §12). */
export function outcomeOf(error: unknown): 'invalid_credentials' | 'rate_limited' | 'error' {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'MastersInvalidCredentialsError') return 'invalid_credentials';
  if ((error as { status?: unknown } | null)?.status === 429) return 'rate_limited';
  return 'error';
}

/** `mastersfetch.auth.mode` of a key. */
export function modeOf(key: ObservedKey): AuthMode {
  return key.isApiKey ? 'api_key' : 'password';
}

/** Options of {@link Observer}. */
export interface ObserverOptions {
  log: InternalLogger;
  /** The OpenTelemetry API (default: loaded lazily; `null`: none, for tests). */
  otel?: OtelApi | null;
}

/**
 * One client's observability (docs/ARCHITECTURE.md §12): spans on tracer `@mastersfetch/core`,
 * the metrics of meter `@mastersfetch/core` (instruments made when the client is created), the
 * `mastersfetch:*` diagnostics channels and the info/debug log lines. Everything is skipped when
 * nothing observes it: no `@opentelemetry/api` (or a non-recording span), no channel subscriber,
 * debug off.
 */
export class Observer {
  readonly log: InternalLogger;
  readonly api: OtelApi | undefined;
  readonly tracer: OtelTracer | undefined;
  readonly instruments: Instruments | undefined;

  constructor(options: ObserverOptions) {
    this.log = options.log;
    this.api = options.otel === undefined ? loadOtel() : (options.otel ?? undefined);
    // Guarded: an SDK that throws never breaks a client or a call (`guard.ts`).
    const api = this.api;
    this.tracer = api && guardedTracer(api, INSTRUMENTATION_NAME, coreVersion());
    this.instruments = api && createInstruments(api);
  }

  /** `true` when the debug line of an API call would be written. */
  get isDebugEnabled(): boolean {
    return this.log.isDebugEnabled?.() ?? true;
  }

  /**
   * Starts span `name` (INTERNAL, child of the active context); `undefined` when not recorded or
   * when the SDK throws. The span's methods never throw (`guard.ts`).
   * @returns the span and the context that makes it active
   */
  startSpan(
    name: string,
    attributes: OtelAttributes,
  ): { span: OtelSpan; context: unknown } | undefined {
    const { api, tracer } = this;
    if (api === undefined || tracer === undefined) return undefined;
    return startGuardedSpan(api, tracer, name, attributes);
  }

  /** Ends `span` with `settled` (outcome attribute; a failure recorded sanitized). */
  endSpan(span: OtelSpan, settled: Settled): void {
    if (settled.outcome !== undefined) span.setAttribute('mastersfetch.outcome', settled.outcome);
    if (settled.attributes !== undefined) {
      const extra = definedAttributes(settled.attributes);
      for (const key in extra) span.setAttribute(key, extra[key] as string | number | boolean);
    }
    if (settled.error !== undefined) recordFailure(this.api as OtelApi, span, settled.error);
    span.end();
  }

  /**
   * Runs the async operation `fn` observed: span `spanName` (active while `fn` runs, so the spans
   * of what it calls nest under it) and TracingChannel `channel` (payload from `payload()`, built
   * only with a subscriber; `outcome`, `error` (sanitized) and `durationMs` added when it
   * settles). `describe` maps a result to its outcome; a rejection is outcome `error`. Results are
   * never put on a payload (they may hold a token). Returns what `fn` returns.
   */
  trace<T, P extends object>(
    spanName: string,
    attributes: OtelAttributes,
    channel: TracingChannelLike,
    payload: () => P,
    fn: () => Promise<T>,
    describe: (result: T) => Settled,
    onSettled?: (settled: Settled, durationMs: number) => void,
  ): Promise<T> {
    const hasSubscribers = channel.hasSubscribers;
    if (this.tracer === undefined && !hasSubscribers && onSettled === undefined) return fn();
    const startedAt = performance.now();
    const started = this.startSpan(spanName, attributes);
    const message = hasSubscribers
      ? (payload() as SettledFields & { outcome?: string })
      : undefined;
    const api = this.api as OtelApi;
    const run = started === undefined ? fn : () => withContext(api, started.context, fn);
    const finish = (settled: Settled): void => {
      const durationMs = performance.now() - startedAt;
      if (started !== undefined) this.endSpan(started.span, settled);
      if (message !== undefined) {
        if (settled.outcome !== undefined) message.outcome = settled.outcome;
        if (settled.error !== undefined) message.error = summarizeError(settled.error);
        message.durationMs = durationMs;
        publishSettled(channel, message);
      }
      onSettled?.(settled, durationMs);
    };
    let promise: Promise<T>;
    try {
      promise = message === undefined ? run() : publishStart(channel, message, run);
    } catch (error) {
      promise = Promise.reject(error);
    }
    return promise.then(
      (result) => {
        finish(describe(result));
        return result;
      },
      (error: unknown) => {
        finish({ outcome: outcomeOf(error), error });
        throw error;
      },
    );
  }

  /** A caller waited on an in-flight login or renewal (`mastersfetch.renewal.waits`). */
  renewalWait(): void {
    this.instruments?.renewalWaits.add(1);
  }

  /** One login exchange settled: `mastersfetch.logins` and `mastersfetch.login.duration`. */
  loginSettled(outcome: string, durationMs: number): void {
    const instruments = this.instruments;
    if (instruments === undefined) return;
    instruments.logins.add(1, { 'mastersfetch.outcome': outcome });
    instruments.loginDuration.record(durationMs / 1000, { 'mastersfetch.outcome': outcome });
  }

  /** One renewal flight settled: `mastersfetch.renewals`. */
  renewalSettled(reason: RenewReason, outcome: string): void {
    this.instruments?.renewals.add(1, {
      'mastersfetch.renew.reason': reason,
      'mastersfetch.outcome': outcome,
    });
  }

  /**
   * A 401 is replayed with a renewed token: `mastersfetch.unauthorized_replays`, channel
   * `mastersfetch:unauthorized-replay`, and an info line.
   * @param path - the URL path, without the query string
   */
  unauthorizedReplay(key: ObservedKey, method: string, path: string): void {
    this.instruments?.unauthorizedReplays.add(1);
    const fingerprint = key.keyFingerprint;
    const mode = modeOf(key);
    if (channels.unauthorizedReplay.hasSubscribers) {
      channels.unauthorizedReplay.publish({ fingerprint, mode, method, path });
    }
    this.log.info('401 from the API; replaying once with a renewed access token', {
      keyFingerprint: fingerprint,
      method,
      path,
    });
  }

  /**
   * Reports `mastersfetch.token.time_to_expiry` from `read` (seconds left and the fingerprint of
   * the client's default credential, or `undefined` for no series) until the returned function is
   * called (the client's `close()`). One series per client: bounded cardinality.
   */
  watchExpiry(read: () => { keyFingerprint: string; seconds: number } | undefined): () => void {
    const gauge = this.instruments?.timeToExpiry;
    if (gauge === undefined) return () => {};
    const callback = (result: OtelObservableResult): void => {
      const current = read();
      if (current === undefined) return;
      result.observe(current.seconds, {
        'mastersfetch.credential.fingerprint': current.keyFingerprint,
      });
    };
    gauge.addCallback(callback);
    return () => {
      gauge.removeCallback(callback);
    };
  }
}

/** The observer of code built without one (unit tests of the token engine): no OTel, silent. */
export function silentObserver(log: InternalLogger): Observer {
  return new Observer({ log, otel: null });
}
