import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { MastersValidationError } from '@mastersfetch/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EwayBillApiError, ewayBills } from '../src/index.js';
import { generateBody, startHarness, USERS, type Harness } from './helpers.js';

// `ewaybill.<operation>` spans (docs/ARCHITECTURE.md §12) with a real SDK registered globally,
// over loopback against the mock: the operation span is the parent of core's request span.

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let h: Harness;

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
  await provider.shutdown();
  trace.disable();
  context.disable();
});
beforeEach(() => exporter.reset());

const named = (name: string): ReadableSpan[] =>
  exporter.getFinishedSpans().filter((s) => s.name === name);
const parentOf = (span: ReadableSpan): ReadableSpan | undefined =>
  exporter
    .getFinishedSpans()
    .find((s) => s.spanContext().spanId === span.parentSpanContext?.spanId);
let docs = 0;
const nextDoc = (): string => `TRC-${process.pid % 10_000}-${++docs}`;

describe('ewaybill.<operation> spans', () => {
  it('a cold generate: ewaybill.generate > mastersfetch.request > mastersfetch.renew > mastersfetch.login', async () => {
    const bill = await ewayBills(h.client).generate(generateBody({ document_number: nextDoc() }));
    const [operation] = named('ewaybill.generate');
    expect(operation?.attributes).toMatchObject({
      'mastersfetch.operation': 'generate',
      'http.response.status_code': 200,
      'mastersfetch.generate.outcome': 'created',
    });
    expect(operation?.status.code).toBe(0); // UNSET: a success
    const [request] = named('mastersfetch.request');
    expect(parentOf(request!)?.name).toBe('ewaybill.generate');
    const [login] = named('mastersfetch.login');
    expect(parentOf(login!)?.name).toBe('mastersfetch.renew');
    expect(parentOf(parentOf(login!)!)?.name).toBe('mastersfetch.request');
    expect(bill.ewayBillNo).toMatch(/^\d{12}$/);
  });

  it('a NIC error: status ERROR with mastersfetch.nic_code, no secret anywhere', async () => {
    const body = generateBody({ document_number: nextDoc() });
    const books = ewayBills(h.client);
    await books.generate(body);
    const error = await books.generate(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EwayBillApiError);
    const spans = named('ewaybill.generate');
    const failed = spans[spans.length - 1]!;
    expect(failed.status.code).toBe(2); // ERROR
    expect(failed.attributes['mastersfetch.nic_code']).toBe('604');
    expect(failed.attributes['error.type']).toBeDefined();
    const everything = JSON.stringify(
      exporter.getFinishedSpans().map((s) => [s.name, s.attributes, s.events, s.status]),
    );
    for (const user of USERS) expect(everything).not.toContain(user.password);
  });

  it('a body rejected locally: one span with error.type, and no request span', async () => {
    const error = await ewayBills(h.client)
      .generate(generateBody({ document_number: nextDoc(), userGstin: 'not-a-gstin' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MastersValidationError);
    const [operation] = named('ewaybill.generate');
    expect(operation?.status.code).toBe(2);
    expect(operation?.attributes['error.type']).toBe('MastersValidationError');
    expect(named('mastersfetch.request')).toHaveLength(0);
  });
});
