import { context, metrics, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { createTracing } from '../../src/index.js';
import { GSTIN_QUERY, Harness } from '../helpers.js';
import { OtelSdk } from '../observability/otel.js';

/**
 * ARCHITECTURE §12: observability must never break a call. A registered OpenTelemetry SDK whose
 * tracer throws (a buggy exporter/processor, a misconfigured provider) is a third party's bug;
 * the API call itself must still answer. Real HTTP against the mock; counted at the mock.
 */

const boom = (): never => {
  throw new Error('otel sdk exploded');
};

/** A tracer provider whose tracer throws from startSpan. */
const throwingStartSpan = {
  getTracer: () => ({ startSpan: boom, startActiveSpan: boom }),
};

/** A provider whose spans record but throw on setAttribute/end. */
const throwingSpan = {
  getTracer: () => ({
    startSpan: () => ({
      isRecording: () => true,
      setAttribute: boom,
      setAttributes: boom,
      addEvent: boom,
      setStatus: boom,
      end: boom,
      spanContext: () => ({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 1 }),
      updateName: boom,
      recordException: boom,
      isRecordingFn: boom,
    }),
    startActiveSpan: boom,
  }),
};

/** A meter provider whose instruments throw on use. */
const throwingMeter = {
  getMeter: () => ({
    createCounter: () => ({ add: boom }),
    createHistogram: () => ({ record: boom }),
    createObservableGauge: () => ({ addCallback: boom, removeCallback: boom }),
  }),
};

describe('attack: a throwing OpenTelemetry SDK never breaks calls', () => {
  const h = new Harness();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  afterEach(async () => {
    process.off('unhandledRejection', onUnhandled);
    await h.close();
    trace.disable();
    metrics.disable();
    context.disable();
  });

  it('a tracer whose startSpan throws: login and API call still answer 200', async () => {
    process.on('unhandledRejection', onUnhandled);
    trace.setGlobalTracerProvider(throwingStartSpan as never);
    await h.start();
    const client = h.client();
    const response = await client.mastersFetch.get(GSTIN_QUERY);
    expect(response.status).toBe(200);
    expect(h.tokenAuthCount()).toBe(1);
  });

  it('spans whose setAttribute/addEvent/setStatus/end throw: the call still answers 200', async () => {
    process.on('unhandledRejection', onUnhandled);
    trace.setGlobalTracerProvider(throwingSpan as never);
    await h.start();
    const client = h.client();
    const response = await client.mastersFetch.get(GSTIN_QUERY);
    expect(response.status).toBe(200);
    await new Promise((r) => setImmediate(r));
    expect(unhandled).toEqual([]);
  });

  it('a meter whose instruments throw: client creation, login and call still work', async () => {
    process.on('unhandledRejection', onUnhandled);
    metrics.setGlobalMeterProvider(throwingMeter as never);
    await h.start();
    const client = h.client();
    const response = await client.mastersFetch.get(GSTIN_QUERY);
    expect(response.status).toBe(200);
    await client.close();
    await new Promise((r) => setImmediate(r));
    expect(unhandled).toEqual([]);
  });

  it('a context manager whose with() throws (with a recording tracer): calls still answer', async () => {
    process.on('unhandledRejection', onUnhandled);
    const sdk = new OtelSdk().register();
    context.disable();
    context.setGlobalContextManager({
      active: () => ROOT_CONTEXT,
      with: boom,
      bind: (_c: unknown, target: unknown) => target,
      enable() {
        return this;
      },
      disable() {
        return this;
      },
    } as never);
    try {
      await h.start();
      const client = h.client();
      const response = await client.mastersFetch.get(GSTIN_QUERY);
      expect(response.status).toBe(200);
      const traced = await createTracing({ packageName: 'p', packageVersion: '1' }).withSpan(
        'p.op',
        {},
        async () => 42,
      );
      expect(traced).toBe(42);
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
    } finally {
      await sdk.shutdown();
    }
  });
});
