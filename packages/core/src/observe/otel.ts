import { createRequire } from 'node:module';

/**
 * The few parts of `@opentelemetry/api` (^1.9) core uses, typed structurally so that neither the
 * build nor a consumer's type check needs the package (docs/ARCHITECTURE.md §12).
 */
export type OtelAttributes = Record<string, string | number | boolean | undefined>;

/** An OpenTelemetry span (the methods core calls). */
export interface OtelSpan {
  setAttribute(key: string, value: string | number | boolean): unknown;
  addEvent(name: string, attributes?: OtelAttributes): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  isRecording(): boolean;
  end(): void;
}

/** An OpenTelemetry tracer. */
export interface OtelTracer {
  startSpan(
    name: string,
    options?: { kind?: number; attributes?: OtelAttributes },
    context?: unknown,
  ): OtelSpan;
}

/** A counter or an up-down counter. */
export interface OtelCounter {
  add(value: number, attributes?: OtelAttributes): void;
}

/** A histogram. */
export interface OtelHistogram {
  record(value: number, attributes?: OtelAttributes): void;
}

/** What an observable instrument's callback receives. */
export interface OtelObservableResult {
  observe(value: number, attributes?: OtelAttributes): void;
}

/** An observable gauge. */
export interface OtelObservableGauge {
  addCallback(callback: (result: OtelObservableResult) => void): void;
  removeCallback(callback: (result: OtelObservableResult) => void): void;
}

/** An OpenTelemetry meter. */
export interface OtelMeter {
  createCounter(name: string, options?: { description?: string; unit?: string }): OtelCounter;
  createHistogram(name: string, options?: { description?: string; unit?: string }): OtelHistogram;
  createObservableGauge(
    name: string,
    options?: { description?: string; unit?: string },
  ): OtelObservableGauge;
}

/** The `@opentelemetry/api` module, as far as core uses it. */
export interface OtelApi {
  trace: {
    getTracer(name: string, version?: string): OtelTracer;
    setSpan(context: unknown, span: OtelSpan): unknown;
  };
  context: {
    active(): unknown;
    with<T>(context: unknown, fn: () => T): T;
  };
  metrics: { getMeter(name: string, version?: string): OtelMeter };
  SpanKind: { INTERNAL: number };
  SpanStatusCode: { ERROR: number };
}

/** Loads a module by name, as `require` does (injectable for tests). */
export type ModuleLoader = (id: string) => unknown;

let cached: OtelApi | null | undefined;

/**
 * `@opentelemetry/api`, loaded once and lazily with `createRequire(import.meta.url)` (the package
 * is an optional peer dependency); `undefined` when it cannot be loaded, and every hook is then a
 * no-op. A module that loads but lacks `trace`, `context` or `metrics` counts as absent.
 *
 * @param load - the loader to use instead of `require` (tests); passing one reloads.
 */
export function loadOtel(load?: ModuleLoader): OtelApi | undefined {
  if (load === undefined && cached !== undefined) return cached ?? undefined;
  let api: OtelApi | null = null;
  try {
    const loaded = (load ?? createRequire(import.meta.url))(
      '@opentelemetry/api',
    ) as Partial<OtelApi>;
    if (
      typeof loaded?.trace?.getTracer === 'function' &&
      typeof loaded.context?.with === 'function' &&
      typeof loaded.metrics?.getMeter === 'function'
    ) {
      api = loaded as OtelApi;
    }
  } catch {
    api = null;
  }
  cached = api;
  return api ?? undefined;
}
