import { startMockServer, type MockServer } from '@mastersfetch/mock-server';
import { afterEach, describe, expect, it } from 'vitest';
import { MastersApiError, MastersHttpError } from '../../src/errors.js';
import { normalizePdfUrl, unwrapResults } from '../../src/unwrap.js';
import {
  ALPHA,
  ALPHA_GSTIN,
  DETAILS_PATH,
  GENERATE_PATH,
  GSTIN_QUERY,
  ReliabilityHarness,
  RETRY_HINT,
  TOKEN_AUTH,
} from './harness.js';

const GENERATE = 'api/v1/ewayBillsGenerate/';
const CHECK_ACCESS_HINT = /check the credentials/i;

async function unwrapped(response: Response): Promise<unknown> {
  return unwrapResults(await response.text(), response.status);
}

describe('reliability: API answers', () => {
  const h = new ReliabilityHarness();
  let other: MockServer | undefined;
  afterEach(async () => {
    await other?.close();
    other = undefined;
    await h.close();
  });

  it('a 401 loop surfaces as MastersHttpError after one renewal, then 401s surface without logins', async () => {
    await h.start();
    const client = h.client();
    await client.warmUp();
    const fault = h.mock.fault({ path: DETAILS_PATH, status: 401, body: { detail: 'Nope.' } });
    const first = await h.expectFailure(client.mastersFetch.get(GSTIN_QUERY), {
      errorClass: MastersHttpError,
      what: /GET \/api\/v1\/getEwayBillData\/ failed: HTTP 401/,
      todo: CHECK_ACCESS_HINT,
    });
    expect((first as MastersHttpError).status).toBe(401);
    expect(h.count(TOKEN_AUTH)).toBe(2);
    for (let i = 0; i < 10; i++) {
      await h.expectFailure(client.mastersFetch.get(GSTIN_QUERY), {
        errorClass: MastersHttpError,
        what: /HTTP 401/,
      });
    }
    expect(h.count(TOKEN_AUTH)).toBe(2);
    expect(h.eventsNamed('tokenRejected')).toHaveLength(1);
    // One request + one replay, then one request per call: a 401 is never retried by ky.
    expect(h.count(DETAILS_PATH)).toBe(12);
    fault.remove();
    h.clock.advance(60_001);
    await h.expectHealthy(client);
  });

  it('a server-side revocation costs one login and one replay, invisible to the caller', async () => {
    await h.start();
    const client = h.client();
    await client.warmUp();
    h.mock.revokeTokens(ALPHA.username);
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => client.mastersFetch.get(GSTIN_QUERY)),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(h.count(TOKEN_AUTH)).toBe(2);
    expect(h.eventsNamed('tokenRejected')).toHaveLength(1);
    expect(client.stats().replays).toBe(5);
    await h.expectHealthy(client);
  });

  it('a NIC error envelope inside HTTP 200 becomes MastersApiError with nicCode', async () => {
    await h.start();
    const client = h.client();
    const response = await client.mastersFetch.post(GENERATE, { json: { userGstin: ALPHA_GSTIN } });
    expect(response.status).toBe(200);
    const error = await h.expectFailure(unwrapped(response), {
      errorClass: MastersApiError,
      what: /^\d+: \S/,
    });
    const api = error as MastersApiError;
    expect(api.nicCode).toMatch(/^\d+$/);
    expect(error.message.startsWith(`${api.nicCode}:`)).toBe(true);
    expect(api.status).toBe(200);
    expect(h.count(GENERATE_PATH)).toBe(1);
    await h.expectHealthy(client);
  });

  it('the duplicate text without its 604: prefix still gives nicCode 604', async () => {
    await h.start();
    const client = h.client();
    const fault = h.mock.fault({
      path: GENERATE_PATH,
      status: 200,
      body: {
        results: {
          message: 'E-way bill(s) are already generated for the same document number',
          status: 'No Content',
          code: 204,
          nic_code: '',
        },
      },
    });
    const response = await client.mastersFetch.post(GENERATE, { json: { userGstin: ALPHA_GSTIN } });
    const error = await h.expectFailure(unwrapped(response), {
      errorClass: MastersApiError,
      what: /already generated for the same document number/,
    });
    expect((error as MastersApiError).nicCode).toBe('604');
    expect((error as MastersApiError).code).toBe(204);
    fault.remove();
    await h.expectHealthy(client);
  });

  it('HTTP 204 with an empty body is a MastersApiError saying the body was empty', async () => {
    await h.start();
    const client = h.client();
    const fault = h.mock.fault({ path: GENERATE_PATH, status: 204 });
    const response = await client.mastersFetch.post(GENERATE, { json: { userGstin: ALPHA_GSTIN } });
    expect(response.status).toBe(204);
    const error = await h.expectFailure(unwrapped(response), {
      errorClass: MastersApiError,
      what: /empty body \(HTTP 204\)/,
    });
    expect((error as MastersApiError).status).toBe(204);
    expect((error as MastersApiError).nicCode).toBeUndefined();
    fault.remove();
    await h.expectHealthy(client);
  });

  it('a 5xx storm never causes a login; POSTs are sent once, GETs three times', async () => {
    await h.start();
    const client = h.client();
    await client.warmUp();
    const faults = [
      h.mock.fault({
        path: GENERATE_PATH,
        status: 500,
        body: '<html>Internal Server Error</html>',
      }),
      h.mock.fault({ path: DETAILS_PATH, status: 503 }),
    ];
    for (let i = 0; i < 30; i++) {
      const error = await h.expectFailure(
        client.mastersFetch.post(GENERATE, { json: { userGstin: ALPHA_GSTIN, n: i } }),
        {
          errorClass: MastersHttpError,
          what: /POST \/api\/v1\/ewayBillsGenerate\/ failed: HTTP 500/,
          todo: RETRY_HINT,
        },
      );
      expect((error as MastersHttpError).status).toBe(500);
    }
    expect(h.count(GENERATE_PATH)).toBe(30);
    await h.expectFailure(client.mastersFetch.get(GSTIN_QUERY), {
      errorClass: MastersHttpError,
      what: /HTTP 503/,
      todo: RETRY_HINT,
    });
    expect(h.count(DETAILS_PATH)).toBe(3);
    expect(h.count(TOKEN_AUTH)).toBe(1);
    expect(h.eventsNamed('tokenRejected')).toHaveLength(0);
    for (const f of faults) f.remove();
    await h.expectHealthy(client);
    expect(h.count(TOKEN_AUTH)).toBe(1);
  });

  it('a GET answered 404 or 422 is sent once (only 408/413/429/5xx are retried)', async () => {
    await h.start();
    const client = h.client();
    await client.warmUp();
    for (const status of [404, 422]) {
      const fault = h.mock.fault({ path: DETAILS_PATH, status, body: { detail: 'No.' } });
      const before = h.count(DETAILS_PATH);
      const error = await h.expectFailure(client.mastersFetch.get(GSTIN_QUERY), {
        errorClass: MastersHttpError,
        what: new RegExp(`HTTP ${status}`),
        todo: /check the request/,
      });
      expect((error as MastersHttpError).status).toBe(status);
      expect(h.count(DETAILS_PATH) - before).toBe(1);
      fault.remove();
    }
    await h.expectHealthy(client);
  });

  it('a PDF URL without a scheme is made https', async () => {
    await h.start();
    const client = h.client();
    h.mock.fault({
      path: GENERATE_PATH,
      status: 200,
      times: 1,
      body: {
        results: {
          message: {
            ewayBillNo: 391000000001,
            ewayBillDate: '01/07/2026 10:00:00 AM',
            validUpto: '02/07/2026 11:59:00 PM',
            alert: '',
            error: false,
            url: 'sandb-api.mastersindia.co/api/v1/detailPrintPdf/42/',
          },
          status: 'Success',
          code: 200,
        },
      },
    });
    const response = await client.mastersFetch.post(GENERATE, { json: { userGstin: ALPHA_GSTIN } });
    const message = (await unwrapped(response)) as { url: string };
    expect(normalizePdfUrl(message.url)).toBe(
      'https://sandb-api.mastersindia.co/api/v1/detailPrintPdf/42/',
    );
    expect(normalizePdfUrl('https://x.example/a.pdf')).toBe('https://x.example/a.pdf');
    await h.expectHealthy(client);
  });

  it('a POST that times out is not retried and says so', async () => {
    await h.start();
    const client = h.client();
    await client.warmUp();
    const fault = h.mock.fault({ path: GENERATE_PATH, delayMs: 3_000, status: 500 });
    // The timeout on this call only (a client-wide one also times the login out on a loaded CI).
    const error = await h.expectFailure(
      client.mastersFetch.post(GENERATE, { json: { userGstin: ALPHA_GSTIN }, timeout: 150 }),
      {
        errorClass: MastersHttpError,
        what: /POST \/api\/v1\/ewayBillsGenerate\/ timed out/,
        todo: /POST and PATCH never are/,
      },
    );
    expect((error as MastersHttpError).code).toBe('ETIMEDOUT');
    expect((error as MastersHttpError).status).toBeUndefined();
    expect(h.count(GENERATE_PATH)).toBe(1);
    fault.remove();
    await h.expectHealthy(client);
  });

  it('a connection reset fails a POST once (no retry) and is retried transparently for a GET', async () => {
    await h.start();
    const client = h.client();
    await client.warmUp();
    const fault = h.mock.fault({ path: GENERATE_PATH, dropConnection: true });
    const error = await h.expectFailure(
      client.mastersFetch.post(GENERATE, { json: { userGstin: ALPHA_GSTIN } }),
      {
        errorClass: MastersHttpError,
        what: /POST \/api\/v1\/ewayBillsGenerate\/ failed/,
        todo: RETRY_HINT,
      },
    );
    expect((error as MastersHttpError).status).toBeUndefined();
    expect((error as MastersHttpError).code).toEqual(expect.any(String));
    expect(h.count(GENERATE_PATH)).toBe(1);
    fault.remove();
    h.mock.fault({ path: DETAILS_PATH, dropConnection: true, times: 1 });
    const response = await client.mastersFetch.get(GSTIN_QUERY);
    expect(response.status).toBe(200);
    expect(h.count(DETAILS_PATH)).toBe(2);
    await h.expectHealthy(client);
  });

  it('never sends the access token to another origin (URL input)', async () => {
    await h.start();
    other = await startMockServer();
    const client = h.client();
    await client.warmUp();
    const url = new URL(`${other.url}/${GSTIN_QUERY}`);
    await h.expectFailure(client.mastersFetch.get(url, { retry: 0 }), {
      errorClass: MastersHttpError,
      what: /HTTP 401/,
    });
    const seen = other.requests();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.username).toBeUndefined();
    expect(other.stats().unauthorized).toBe(1);
    expect(h.count(TOKEN_AUTH)).toBe(1);
    await h.expectHealthy(client);
  });
});
