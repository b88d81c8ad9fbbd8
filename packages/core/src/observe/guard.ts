import type {
  OtelApi,
  OtelAttributes,
  OtelCounter,
  OtelHistogram,
  OtelObservableGauge,
  OtelSpan,
  OtelTracer,
} from './otel.js';

/**
 * Guards around a registered OpenTelemetry SDK (docs/ARCHITECTURE.md §12: observability never
 * breaks a call). An SDK, processor or exporter that throws from `startSpan`, a span method or an
 * instrument is a third party's bug: core swallows it and the call goes on unobserved. Only
 * core's own calls are guarded; the span put in the active context is the SDK's own object.
 */

/** Runs `fn`, ignoring what it throws. */
function quietly(fn: () => unknown): void {
  try {
    fn();
  } catch {
    // An SDK failure must not fail the call (see the file comment).
  }
}

/** The span handle core calls: every method guarded; `raw` is the SDK's span (for the context). */
export interface GuardedSpan extends OtelSpan {
  readonly raw: OtelSpan;
}

/** Wraps a recording span so that none of core's calls on it can throw. */
function guardSpan(raw: OtelSpan): GuardedSpan {
  return {
    raw,
    setAttribute: (key, value) => quietly(() => raw.setAttribute(key, value)),
    addEvent: (name, attributes) => quietly(() => raw.addEvent(name, attributes)),
    setStatus: (status) => quietly(() => raw.setStatus(status)),
    isRecording: () => true,
    end: () => quietly(() => raw.end()),
  };
}

/**
 * Starts span `name` as a child of the active context and makes the context that holds it, or
 * `undefined` when the span is not recorded or any SDK call throws (the span, if made, is ended).
 */
export function startGuardedSpan(
  api: OtelApi,
  tracer: OtelTracer,
  name: string,
  attributes: OtelAttributes,
): { span: GuardedSpan; parent: unknown; context: unknown } | undefined {
  let raw: OtelSpan | undefined;
  try {
    const parent = api.context.active();
    raw = tracer.startSpan(name, { kind: api.SpanKind.INTERNAL, attributes }, parent);
    if (!raw.isRecording()) {
      raw.end();
      return undefined;
    }
    return { span: guardSpan(raw), parent, context: api.trace.setSpan(parent, raw) };
  } catch {
    if (raw !== undefined) quietly(() => raw?.end());
    return undefined;
  }
}

/** `api.trace.getTracer(name, version)`, or `undefined` when it throws. */
export function guardedTracer(api: OtelApi, name: string, version: string): OtelTracer | undefined {
  try {
    return api.trace.getTracer(name, version);
  } catch {
    return undefined;
  }
}

/** A counter whose `add` cannot throw. */
export function guardCounter(counter: OtelCounter): OtelCounter {
  return { add: (value, attributes) => quietly(() => counter.add(value, attributes)) };
}

/** A histogram whose `record` cannot throw. */
export function guardHistogram(histogram: OtelHistogram): OtelHistogram {
  return { record: (value, attributes) => quietly(() => histogram.record(value, attributes)) };
}

/** An observable gauge whose `addCallback`/`removeCallback` cannot throw. */
export function guardGauge(gauge: OtelObservableGauge): OtelObservableGauge {
  return {
    addCallback: (callback) => quietly(() => gauge.addCallback(callback)),
    removeCallback: (callback) => quietly(() => gauge.removeCallback(callback)),
  };
}

/** How far `fn` got inside a context manager's `with`. */
type ContextRun<T> =
  { ran: false } | { ran: true; ok: true; value: T } | { ran: true; ok: false; error: unknown };

/**
 * `api.context.with(context, fn)`, or `fn()` outside the context when the context manager throws
 * before running `fn`. What `fn` itself throws is rethrown as is, what it returned is returned
 * even when the context manager throws afterwards, and `fn` never runs twice.
 */
export function withContext<T>(api: OtelApi, context: unknown, fn: () => T): T {
  let state = { ran: false } as ContextRun<T>;
  try {
    return api.context.with(context, () => {
      try {
        const value = fn();
        state = { ran: true, ok: true, value };
        return value;
      } catch (error) {
        state = { ran: true, ok: false, error };
        throw error;
      }
    });
  } catch {
    // The context manager's own failure (ours were recorded in `state`): never the call's.
    if (!state.ran) return fn();
    if (!state.ok) throw state.error;
    return state.value;
  }
}
