import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type DataPoint,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';

/**
 * A real OpenTelemetry SDK for one test file: an async-hooks context manager, a tracer provider
 * exporting to memory and a meter provider read on demand, all registered globally (where core's
 * lazily loaded `@opentelemetry/api` finds them). Register before creating clients: the metrics
 * API has no proxy provider.
 */
export class OtelSdk {
  readonly spans = new InMemorySpanExporter();
  readonly metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  readonly reader = new PeriodicExportingMetricReader({
    exporter: this.metricExporter,
    exportIntervalMillis: 3_600_000,
  });
  readonly tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(this.spans)],
  });
  readonly meterProvider = new MeterProvider({ readers: [this.reader] });
  readonly contextManager = new AsyncLocalStorageContextManager();

  register(): this {
    trace.disable();
    metrics.disable();
    context.disable();
    context.setGlobalContextManager(this.contextManager.enable());
    trace.setGlobalTracerProvider(this.tracerProvider);
    metrics.setGlobalMeterProvider(this.meterProvider);
    return this;
  }

  async shutdown(): Promise<void> {
    await this.tracerProvider.shutdown();
    await this.meterProvider.shutdown();
    trace.disable();
    metrics.disable();
    context.disable();
  }

  finished(): ReadableSpan[] {
    return this.spans.getFinishedSpans();
  }

  /** Finished spans named `name`. */
  named(name: string): ReadableSpan[] {
    return this.finished().filter((s) => s.name === name);
  }

  /** The data points of metric `name` as now (cumulative), `[]` when it has none. */
  async points(name: string): Promise<DataPoint<unknown>[]> {
    this.metricExporter.reset();
    await this.reader.forceFlush();
    const batches = this.metricExporter.getMetrics();
    const last = batches[batches.length - 1];
    for (const scope of last?.scopeMetrics ?? []) {
      for (const metric of scope.metrics) {
        if (metric.descriptor.name === name) return metric.dataPoints as DataPoint<unknown>[];
      }
    }
    return [];
  }

  /** The sum of counter `name`'s points whose attributes include `attributes`. */
  async count(name: string, attributes: Record<string, unknown> = {}): Promise<number> {
    let total = 0;
    for (const point of await this.points(name)) {
      const match = Object.entries(attributes).every(([k, v]) => point.attributes[k] === v);
      if (match) total += point.value as number;
    }
    return total;
  }
}

/** The parent span id of `span` (SDK 2.x: `parentSpanContext`). */
export function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

/** A compact tree of span names: `name(child, child(grandchild))`, children ordered by start. */
export function spanTree(spans: readonly ReadableSpan[], root: ReadableSpan): string {
  const children = spans
    .filter((s) => parentOf(s) === root.spanContext().spanId)
    .sort((a, b) => hrMs(a.startTime) - hrMs(b.startTime));
  if (children.length === 0) return root.name;
  return `${root.name}(${children.map((c) => spanTree(spans, c)).join(', ')})`;
}

function hrMs(t: [number, number]): number {
  return t[0] * 1000 + t[1] / 1e6;
}
