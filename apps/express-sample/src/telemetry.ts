import { createRequire } from 'node:module';
import type { IncomingMessage } from 'node:http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  BatchSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** What `OTEL_TRACES_EXPORTER` may say (the OpenTelemetry SDK environment variable). */
export type TracesExporterName = 'console' | 'otlp' | 'none';

/** A started OpenTelemetry SDK: `shutdown()` flushes the spans not yet exported. */
export interface Telemetry {
  shutdown(): Promise<void>;
}

/**
 * The embedded mock's routes all start with `/api/`: they stand in for Masters India, whose
 * server spans a real deployment never sees, so they are not traced as incoming requests.
 */
function isMockRoute(request: IncomingMessage): boolean {
  return request.url?.startsWith('/api/') ?? false;
}

/**
 * Starts an OpenTelemetry SDK for the sample when asked to: a `NodeTracerProvider` with the
 * `http` instrumentation (the sample's incoming requests, as SERVER spans) and the `undici`
 * instrumentation (every `fetch`, so each login and API call gets a CLIENT span that nests under
 * `@mastersfetch/core`'s own spans).
 *
 * @param env - reads `OTEL_TRACES_EXPORTER`: `console` prints each finished span to stdout;
 *   `otlp` sends them over OTLP/HTTP (the exporter reads `OTEL_EXPORTER_OTLP_ENDPOINT`, default
 *   `http://localhost:4318`); unset or `none` starts nothing and returns `undefined`.
 * @param exporter - a span exporter to use instead (tests pass an in-memory one); spans are then
 *   exported one by one as they end.
 * @throws Error naming `OTEL_TRACES_EXPORTER` for any other value.
 */
export function startTelemetry(
  env: NodeJS.ProcessEnv = process.env,
  exporter?: SpanExporter,
): Telemetry | undefined {
  const name = (env.OTEL_TRACES_EXPORTER ?? 'none').trim().toLowerCase();
  let processor: SpanProcessor;
  if (exporter) processor = new SimpleSpanProcessor(exporter);
  else if (name === 'console') processor = new SimpleSpanProcessor(new ConsoleSpanExporter());
  else if (name === 'otlp') processor = new BatchSpanProcessor(new OTLPTraceExporter());
  else if (name === 'none' || name === '') return undefined;
  else
    throw new Error(
      `OTEL_TRACES_EXPORTER must be console, otlp or none (got ${JSON.stringify(name)})`,
    );

  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'express-sample' }),
    spanProcessors: [processor],
  });
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: isMockRoute }),
      new UndiciInstrumentation(),
    ],
  });
  // The http instrumentation patches `node:http` when it is next required; this app imports it
  // as an ES module, which does not go through `require`, so require it once here.
  createRequire(import.meta.url)('node:http');
  return {
    async shutdown() {
      unregister();
      await provider.shutdown();
    },
  };
}
