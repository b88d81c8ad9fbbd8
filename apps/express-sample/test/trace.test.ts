import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { exampleGenerateBody } from '@mastersfetch/mock-server';
import { startSample, type RunningSample } from '../src/server.js';
import { startTelemetry, type Telemetry } from '../src/telemetry.js';

const exporter = new InMemorySpanExporter();
let telemetry: Telemetry;
let sample: RunningSample;

beforeAll(async () => {
  telemetry = startTelemetry({}, exporter)!;
  sample = await startSample({ PORT: '0' }, () => {});
});
afterAll(async () => {
  await sample?.close();
  await telemetry?.shutdown();
});

/** `name [kind]` lines, children indented under their parent, siblings in start order. */
function tree(spans: readonly ReadableSpan[]): string[] {
  const lines: string[] = [];
  const children = (parentId: string | undefined) =>
    spans
      .filter((s) => s.parentSpanContext?.spanId === parentId)
      .sort((a, b) => (a.startTime[0] - b.startTime[0]) * 1e9 + (a.startTime[1] - b.startTime[1]));
  const walk = (span: ReadableSpan, depth: number) => {
    lines.push(`${'  '.repeat(depth)}${span.name}`);
    for (const child of children(span.spanContext().spanId)) walk(child, depth + 1);
  };
  for (const root of children(undefined)) walk(root, 0);
  return lines;
}

describe('OTEL_TRACES_EXPORTER: the trace of one cold generate', () => {
  it('nests login, API call and HTTP spans under the incoming request', async () => {
    const body = exampleGenerateBody(`TRC-${process.pid}`);
    const { userGstin: _ignored, ...fields } = body as Record<string, unknown>;
    const response = await fetch(`${sample.url}/ewaybills`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fields),
    });
    expect(response.status).toBe(201);
    const spans = exporter.getFinishedSpans();
    console.log(tree(spans).join('\n'));
    for (const s of spans) console.log(s.name, JSON.stringify(s.attributes));
  });
});
