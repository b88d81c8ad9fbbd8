import { context, trace } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { createTracing } from '../../src/index.js';
import { ALPHA, DETAILS_PATH, GSTIN_QUERY, Harness } from '../helpers.js';
import { OtelSdk, parentOf, spanTree } from './otel.js';

const CANCEL = '/api/v1/ewayBillCancel/';

describe('observability: spans', () => {
  const sdk = new OtelSdk();
  const h = new Harness();
  beforeAll(() => {
    sdk.register();
  });
  afterEach(async () => {
    await h.close();
    sdk.spans.reset();
  });
  afterAll(() => sdk.shutdown());

  it('a cold call: mastersfetch.request > mastersfetch.renew(cold) > store calls and mastersfetch.login', async () => {
    await h.start();
    const client = h.client();
    const response = await client.mastersFetch.get(GSTIN_QUERY);
    expect(response.status).toBe(200);
    const spans = sdk.finished();
    const [request] = sdk.named('mastersfetch.request');
    expect(sdk.named('mastersfetch.request')).toHaveLength(1);
    expect(parentOf(request!)).toBeUndefined();
    expect(spanTree(spans, request!)).toBe(
      'mastersfetch.request(mastersfetch.renew(mastersfetch.store.get, mastersfetch.store.lock, ' +
        'mastersfetch.store.get, mastersfetch.login, mastersfetch.store.set, mastersfetch.store.unlock))',
    );
    const [renew] = sdk.named('mastersfetch.renew');
    const [login] = sdk.named('mastersfetch.login');
    const fingerprint = renew!.attributes['mastersfetch.credential.fingerprint'];
    expect(fingerprint).toMatch(/^[0-9a-f]{16,}$/);
    expect(renew!.attributes).toEqual({
      'mastersfetch.renew.reason': 'cold',
      'mastersfetch.credential.fingerprint': fingerprint,
      'mastersfetch.outcome': 'success',
    });
    expect(login!.attributes).toEqual({
      'mastersfetch.credential.fingerprint': fingerprint,
      'mastersfetch.outcome': 'success',
    });
    const port = Number(new URL(h.mock.url).port);
    expect(request!.kind).toBe(SpanKind.INTERNAL);
    expect(request!.attributes).toEqual({
      'http.request.method': 'GET',
      'url.path': DETAILS_PATH,
      'server.address': '127.0.0.1',
      'server.port': port,
      'mastersfetch.credential.fingerprint': fingerprint,
      'mastersfetch.auth.mode': 'password',
      'http.response.status_code': 200,
    });
    expect(request!.status.code).toBe(SpanStatusCode.UNSET);
    for (const span of spans) {
      expect(span.instrumentationScope.name).toBe('@mastersfetch/core');
    }

    // A warm call: a request span alone, no renew.
    sdk.spans.reset();
    await client.mastersFetch.get(GSTIN_QUERY);
    expect(sdk.finished().map((s) => s.name)).toEqual(['mastersfetch.request']);
  });

  it('nests under the caller span, and is the active context during the fetch', async () => {
    await h.start();
    const seen: (string | undefined)[] = [];
    const client = h.client({
      fetch: (input, init) => {
        seen.push(trace.getSpan(context.active())?.spanContext().spanId);
        return fetch(input, init);
      },
    });
    await client.warmUp();
    sdk.spans.reset();
    seen.length = 0;
    const tracer = trace.getTracer('test');
    await tracer.startActiveSpan('app.handler', async (parent) => {
      await client.mastersFetch.get(GSTIN_QUERY);
      parent.end();
    });
    const [request] = sdk.named('mastersfetch.request');
    const [app] = sdk.named('app.handler');
    expect(parentOf(request!)).toBe(app!.spanContext().spanId);
    expect(seen).toEqual([request!.spanContext().spanId]);
  });

  it('a 401 replay: one request span with the replay event, renew(unauthorized) > login inside', async () => {
    await h.start();
    const client = h.client();
    await client.warmUp();
    h.mock.revokeTokens(ALPHA.username);
    sdk.spans.reset();
    const response = await client.mastersFetch.post('api/v1/ewayBillCancel/', {
      json: { userGstin: ALPHA.gstins[0], eway_bill_number: 123456789012 },
    });
    expect(response.status).toBe(200);
    const spans = sdk.finished();
    const [request] = sdk.named('mastersfetch.request');
    expect(sdk.named('mastersfetch.request')).toHaveLength(1);
    expect(spanTree(spans, request!)).toBe(
      'mastersfetch.request(mastersfetch.renew(mastersfetch.store.get, mastersfetch.store.lock, ' +
        'mastersfetch.store.get, mastersfetch.login, mastersfetch.store.set, mastersfetch.store.unlock))',
    );
    expect(sdk.named('mastersfetch.renew')[0]!.attributes['mastersfetch.renew.reason']).toBe(
      'unauthorized',
    );
    expect(request!.events.map((e) => e.name)).toEqual(['mastersfetch.unauthorized_replay']);
    expect(request!.attributes['http.response.status_code']).toBe(200);
    expect(request!.attributes['url.path']).toBe(CANCEL);
    expect(request!.attributes['http.request.method']).toBe('POST');
    expect(request!.attributes['http.request.resend_count']).toBeUndefined();
  });

  it('counts ky retries in http.request.resend_count', async () => {
    await h.start();
    const client = h.client();
    await client.warmUp();
    h.mock.fault({ path: DETAILS_PATH, status: 503, times: 2, headers: { 'retry-after': '0' } });
    sdk.spans.reset();
    expect((await client.mastersFetch.get(GSTIN_QUERY)).status).toBe(200);
    const [request] = sdk.named('mastersfetch.request');
    expect(sdk.named('mastersfetch.request')).toHaveLength(1);
    expect(request!.attributes['http.request.resend_count']).toBe(2);
    expect(request!.attributes['http.response.status_code']).toBe(200);
  });

  it('a failed call: status ERROR, error.type, the status code, a sanitized exception event', async () => {
    await h.start();
    const client = h.client();
    await client.warmUp();
    h.mock.fault({ path: CANCEL, status: 500, body: { detail: 'boom' } });
    sdk.spans.reset();
    const error = await client.mastersFetch
      .post('api/v1/ewayBillCancel/', { json: {} })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'MastersHttpError', status: 500 });
    const [request] = sdk.named('mastersfetch.request');
    expect(request!.status).toEqual({ code: SpanStatusCode.ERROR });
    expect(request!.attributes['error.type']).toBe('MastersHttpError');
    expect(request!.attributes['http.response.status_code']).toBe(500);
    expect(request!.events.map((e) => [e.name, e.attributes])).toEqual([
      ['exception', { 'exception.type': 'MastersHttpError' }],
    ]);
  });

  it('a timeout: error.type is the error code', async () => {
    await h.start();
    const client = h.client();
    await client.warmUp();
    h.mock.fault({ path: CANCEL, delayMs: 1_000, times: 1 });
    sdk.spans.reset();
    // The timeout on this call only (a client-wide one also times the login out on a loaded CI).
    await client.mastersFetch
      .post('api/v1/ewayBillCancel/', { json: {}, timeout: 200 })
      .catch(() => {});
    const [request] = sdk.named('mastersfetch.request');
    expect(request!.attributes['error.type']).toBe('ETIMEDOUT');
    expect(request!.attributes['http.response.status_code']).toBeUndefined();
  });

  it('rejected credentials: login outcome invalid_credentials with status, renew failed', async () => {
    await h.start();
    const client = h.client({
      credentials: { username: ALPHA.username, password: 'Wr0ng-Pass-123' },
    });
    await client.mastersFetch.get(GSTIN_QUERY).catch(() => {});
    const [login] = sdk.named('mastersfetch.login');
    expect(login!.attributes['mastersfetch.outcome']).toBe('invalid_credentials');
    expect(login!.attributes['http.response.status_code']).toBe(206);
    expect(login!.status.code).toBe(SpanStatusCode.ERROR);
    const [renew] = sdk.named('mastersfetch.renew');
    expect(renew!.attributes['mastersfetch.outcome']).toBe('invalid_credentials');
    expect(renew!.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('a refresh renewal: renew(hard) > mastersfetch.refresh; API-key mode: no renew, mode api_key', async () => {
    await h.start({
      refreshPath: '/api/v2/api-token-refresh/',
      tokenLifetimeSec: 600,
      apiKeys: [{ key: 'observe-api-key-0123456789', username: ALPHA.username }],
    });
    const client = h.client({ refreshPath: 'api/v2/api-token-refresh/' });
    await client.warmUp();
    h.clock.advance(600_000 - 5_000);
    sdk.spans.reset();
    await client.mastersFetch.get(GSTIN_QUERY);
    const [renew] = sdk.named('mastersfetch.renew');
    expect(renew!.attributes['mastersfetch.renew.reason']).toBe('hard');
    const [refresh] = sdk.named('mastersfetch.refresh');
    expect(parentOf(refresh!)).toBe(renew!.spanContext().spanId);
    expect(refresh!.attributes['mastersfetch.outcome']).toBe('success');
    expect(sdk.named('mastersfetch.login')).toHaveLength(0);

    sdk.spans.reset();
    const keyed = h.client({ credentials: { apiKey: 'observe-api-key-0123456789' } });
    await keyed.mastersFetch.get(GSTIN_QUERY);
    expect(sdk.finished().map((s) => s.name)).toEqual(['mastersfetch.request']);
    expect(sdk.named('mastersfetch.request')[0]!.attributes['mastersfetch.auth.mode']).toBe(
      'api_key',
    );
  });

  it('createTracing().withSpan: the package tracer, mastersfetch.request nested, failures sanitized', async () => {
    await h.start();
    const client = h.client();
    await client.warmUp();
    sdk.spans.reset();
    const tracing = createTracing({
      packageName: '@mastersfetch/ewaybill',
      packageVersion: '9.9.9',
    });
    const status = await tracing.withSpan(
      'ewaybill.getDetails',
      { 'mastersfetch.operation': 'getDetails', skipped: undefined },
      async (span) => {
        const response = await client.mastersFetch.get(GSTIN_QUERY);
        span.setAttribute('http.response.status_code', response.status);
        return response.status;
      },
    );
    expect(status).toBe(200);
    const [op] = sdk.named('ewaybill.getDetails');
    expect(op!.instrumentationScope).toMatchObject({
      name: '@mastersfetch/ewaybill',
      version: '9.9.9',
    });
    expect(op!.attributes).toEqual({
      'mastersfetch.operation': 'getDetails',
      'http.response.status_code': 200,
    });
    expect(parentOf(sdk.named('mastersfetch.request')[0]!)).toBe(op!.spanContext().spanId);

    const failure = Object.assign(new Error('token eyJhbGciOi.secret.value rejected'), {
      name: 'MastersApiError',
      status: 200,
      nicCode: '238',
    });
    await expect(
      tracing.withSpan('ewaybill.generate', {}, () => Promise.reject(failure)),
    ).rejects.toBe(failure);
    const [failed] = sdk.named('ewaybill.generate');
    expect(failed!.status).toEqual({ code: SpanStatusCode.ERROR });
    expect(failed!.attributes).toEqual({
      'error.type': 'MastersApiError',
      'http.response.status_code': 200,
      'mastersfetch.nic_code': '238',
    });
    expect(failed!.events.map((e) => [e.name, e.attributes])).toEqual([
      ['exception', { 'exception.type': 'MastersApiError' }],
    ]);
    expect(JSON.stringify(failed!.events)).not.toContain('secret');
  });
});
