import { summarizeError } from './channels.js';
import {
  loadOtel,
  type OtelApi,
  type OtelAttributes,
  type OtelSpan,
  type OtelTracer,
} from './otel.js';
import { guardedTracer, startGuardedSpan, withContext } from './guard.js';

/** What {@link createTracing} needs: the instrumentation scope of the spans. */
export interface TracingOptions {
  /** e.g. `'@mastersfetch/ewaybill'` (the tracer name). */
  packageName: string;
  /** The package's version (the tracer version). */
  packageVersion: string;
}

/** The span a {@link Tracing.withSpan} callback may add attributes to (a no-op without a tracer). */
export interface SpanHandle {
  /** Sets one attribute; `undefined` is ignored. Never pass a secret. */
  setAttribute(key: string, value: string | number | boolean | undefined): void;
  /** `true` when the span is recorded (an SDK is registered): skip building costly attributes otherwise. */
  readonly isRecording: boolean;
}

/** Spans for packages built on core (docs/ARCHITECTURE.md §12). */
export interface Tracing {
  /**
   * Runs `fn` inside a span `name` (SpanKind INTERNAL, the active context while `fn` runs, so spans
   * started inside nest under it) and returns what `fn` returns (a promise settles first). On a
   * throw or rejection: attribute `error.type` (the error's code or name), an `exception` event
   * with `exception.type` only, `http.response.status_code` / `mastersfetch.nic_code` when the
   * error has a `status` / `nicCode`, status ERROR without a message; the error is rethrown as is.
   * Without `@opentelemetry/api` it just calls `fn`.
   *
   * @param attributes - initial attributes (`undefined` values are dropped); never a secret
   * @example
   * ```ts
   * const tracing = createTracing({ packageName: '@mastersfetch/ewaybill', packageVersion: '1.0.0' });
   * const body = await tracing.withSpan('ewaybill.generate', { 'mastersfetch.operation': 'generate' },
   *   async (span) => { const r = await send(); span.setAttribute('http.response.status_code', r.status); return r; });
   * ```
   */
  withSpan<T>(name: string, attributes: OtelAttributes, fn: (span: SpanHandle) => T): T;
}

const NOOP_HANDLE: SpanHandle = { setAttribute() {}, isRecording: false };

/**
 * A {@link Tracing} whose tracer is `packageName`@`packageVersion` from `@opentelemetry/api`'s
 * global tracer provider (loaded lazily, once; absent = every span is a no-op).
 *
 * @param otel - the API to use instead of the lazily loaded one (`null`: none; tests)
 */
export function createTracing(options: TracingOptions, otel?: OtelApi | null): Tracing {
  const api = otel === undefined ? loadOtel() : (otel ?? undefined);
  if (api === undefined) return { withSpan: (_name, _attributes, fn) => fn(NOOP_HANDLE) };
  const tracer = guardedTracer(api, options.packageName, options.packageVersion);
  if (tracer === undefined) return { withSpan: (_name, _attributes, fn) => fn(NOOP_HANDLE) };
  return { withSpan: (name, attributes, fn) => runInSpan(api, tracer, name, attributes, fn) };
}

/** Drops `undefined` values (OTel rejects them) into a fresh object. */
export function definedAttributes(attributes: OtelAttributes): OtelAttributes {
  const out: OtelAttributes = {};
  for (const key in attributes) if (attributes[key] !== undefined) out[key] = attributes[key];
  return out;
}

/** Records a failure on `span` the sanitized way (see {@link Tracing.withSpan}). */
export function recordFailure(api: OtelApi, span: OtelSpan, error: unknown): void {
  const summary = summarizeError(error);
  span.setAttribute('error.type', summary.code ?? summary.name);
  if (summary.status !== undefined) span.setAttribute('http.response.status_code', summary.status);
  if (summary.nicCode !== undefined) span.setAttribute('mastersfetch.nic_code', summary.nicCode);
  span.addEvent('exception', { 'exception.type': summary.name });
  span.setStatus({ code: api.SpanStatusCode.ERROR });
}

function runInSpan<T>(
  api: OtelApi,
  tracer: OtelTracer,
  name: string,
  attributes: OtelAttributes,
  fn: (span: SpanHandle) => T,
): T {
  // Guarded: a throwing SDK leaves `fn` unobserved, never failed (`guard.ts`).
  const started = startGuardedSpan(api, tracer, name, definedAttributes(attributes));
  if (started === undefined) return fn(NOOP_HANDLE);
  const { span } = started;
  const handle: SpanHandle = {
    setAttribute(key, value) {
      if (value !== undefined) span.setAttribute(key, value);
    },
    isRecording: true,
  };
  const fail = (error: unknown): never => {
    recordFailure(api, span, error);
    span.end();
    throw error;
  };
  let result: T;
  try {
    result = withContext(api, started.context, () => fn(handle));
  } catch (error) {
    return fail(error);
  }
  if (result instanceof Promise) {
    return result.then((value: unknown) => {
      span.end();
      return value;
    }, fail) as T;
  }
  span.end();
  return result;
}
