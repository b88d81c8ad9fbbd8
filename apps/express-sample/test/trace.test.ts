import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { DEMO_USERS, exampleGenerateBody } from '@mastersfetch/mock-server';
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

const KINDS = ['internal', 'server', 'client', 'producer', 'consumer'];

/**
 * The span tree under `root` as indented lines, children in start order: `name`, plus
 * `url.path (kind)` for HTTP spans (the instrumentations name them by method only).
 */
function tree(spans: readonly ReadableSpan[], root: ReadableSpan): string[] {
  const lines: string[] = [];
  const startNs = (s: ReadableSpan) => s.startTime[0] * 1e9 + s.startTime[1];
  const walk = (span: ReadableSpan, depth: number) => {
    const path = span.attributes['url.path'];
    const http = span.name.startsWith('mastersfetch.') || span.name.startsWith('ewaybill.');
    const label = http ? span.name : `${span.name} ${String(path)} (${KINDS[span.kind]})`;
    lines.push(`${'  '.repeat(depth)}${label}`);
    const children = spans
      .filter((s) => s.parentSpanContext?.spanId === span.spanContext().spanId)
      .sort((a, b) => startNs(a) - startNs(b));
    for (const child of children) walk(child, depth + 1);
  };
  walk(root, 0);
  return lines;
}

describe('OTEL_TRACES_EXPORTER: the trace of one cold generate', () => {
  it('nests the login and the API call, each with its HTTP span, under the incoming request', async () => {
    const body = exampleGenerateBody(`TRC-${process.pid % 10_000}`) as Record<string, unknown>;
    delete body.userGstin; // the tenant's GSTIN (README)
    const response = await fetch(`${sample.url}/ewaybills`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    const spans = exporter.getFinishedSpans();
    const server = spans.find(
      (s) => s.kind === SpanKind.SERVER && s.attributes['url.path'] === '/ewaybills',
    );
    expect(server, 'the SERVER span of POST /ewaybills').toBeDefined();
    expect(tree(spans, server!)).toEqual([
      'POST /ewaybills (server)',
      '  ewaybill.generate',
      '    mastersfetch.request',
      '      mastersfetch.renew',
      '        mastersfetch.store.get',
      '        mastersfetch.store.lock',
      '        mastersfetch.store.get',
      '        mastersfetch.login',
      '          POST /api/v1/token-auth/ (client)',
      '        mastersfetch.store.set',
      '        mastersfetch.store.unlock',
      '      POST /api/v1/ewayBillsGenerate/ (client)',
    ]);
    const named = (name: string) => spans.find((s) => s.name === name)!;
    expect(named('mastersfetch.renew').attributes['mastersfetch.renew.reason']).toBe('cold');
    expect(named('ewaybill.generate').attributes).toMatchObject({
      'mastersfetch.operation': 'generate',
      'http.response.status_code': 200,
      'mastersfetch.generate.outcome': 'created',
    });
    // The embedded mock's own server spans are left out (telemetry.ts, isMockRoute).
    expect(spans.filter((s) => s.kind === SpanKind.SERVER)).toHaveLength(1);
    const everything = JSON.stringify(spans.map((s) => [s.name, s.attributes, s.events]));
    for (const user of DEMO_USERS) expect(everything).not.toContain(user.password);
    expect(everything).not.toMatch(/JWT |eyJ[\w-]+\./);
  });
});

describe('startTelemetry', () => {
  it('starts nothing without OTEL_TRACES_EXPORTER (or with none)', () => {
    expect(startTelemetry({})).toBeUndefined();
    expect(startTelemetry({ OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
  });
  it('names the variable for a value it does not know', () => {
    expect(() => startTelemetry({ OTEL_TRACES_EXPORTER: 'jaeger' })).toThrow(
      /OTEL_TRACES_EXPORTER must be console, otlp or none \(got "jaeger"\)/,
    );
  });
});
