import { afterEach, describe, expect, it } from 'vitest';
import { EwayBillApiError, EwayBillPdfError, ewayBills } from '../src/index.js';
import { CONSIGNOR, generateBody } from './helpers.js';
import { json, nicError, startRawServer, success, type RawServer } from './raw-server.js';

const DETAILS = { eway_bill_number: 351000000001, eway_bill_date: '05/03/2025 11:20:00 AM' };
const lookup = { gstin: CONSIGNOR, eway_bill_number: '351000000001' };

let server: RawServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('NIC errors on idempotent calls', () => {
  it.each(['105', '106', '238'])('a look-up retries once on NIC %s', async (code) => {
    server = await startRawServer((_req, res, n) =>
      json(res, n === 1 ? nicError(code, 'Invalid auth token') : success(DETAILS)),
    );
    const details = await ewayBills(server.client).getEwayBill(lookup);
    expect(details.eway_bill_number).toBe('351000000001');
    expect(server.requests).toHaveLength(2);
  });

  it('a look-up retries only once: a persistent 238 surfaces after two requests', async () => {
    server = await startRawServer((_req, res) => json(res, nicError('238', 'Invalid auth token')));
    const error = await ewayBills(server.client)
      .getEwayBill(lookup)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EwayBillApiError);
    expect((error as EwayBillApiError).nic?.isRetryable).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it('a write never retries, even on 238', async () => {
    server = await startRawServer((_req, res) => json(res, nicError('238', 'Invalid auth token')));
    const error = await ewayBills(server.client)
      .generate(generateBody())
      .catch((e: unknown) => e);
    expect((error as EwayBillApiError).nicCode).toBe('238');
    expect(server.requests).toHaveLength(1);
  });

  it('holds look-ups back for 5 minutes after NIC 118, by the injected clock', async () => {
    let nowMs = 0;
    const clock = { now: () => nowMs, wallNow: () => Date.now() };
    server = await startRawServer((_req, res, n) =>
      json(res, n === 1 ? nicError('118', 'Try after 5 minutes') : success(DETAILS)),
    );
    const eway = ewayBills(server.client, { clock });
    await expect(eway.getEwayBill(lookup)).rejects.toMatchObject({ nicCode: '118' });
    nowMs = 299_000;
    const held = await eway.getEwayBill(lookup).catch((e: unknown) => e);
    expect(held).toMatchObject({ nicCode: '118', isFromBackoff: true });
    expect(server.requests).toHaveLength(1);
    nowMs = 300_001;
    await expect(eway.getEwayBill(lookup)).resolves.toMatchObject({
      eway_bill_number: '351000000001',
    });
    expect(server.requests).toHaveLength(2);
  });

  it('holds look-ups back for quotaBackoffMs after NIC 658', async () => {
    let nowMs = 0;
    const clock = { now: () => nowMs, wallNow: () => Date.now() };
    server = await startRawServer((_req, res, n) =>
      json(res, n === 1 ? nicError('658', 'Quota exceeded') : success(DETAILS)),
    );
    const eway = ewayBills(server.client, { clock, quotaBackoffMs: 10_000 });
    await expect(eway.getEwayBill(lookup)).rejects.toMatchObject({ nicCode: '658' });
    nowMs = 9_000;
    await expect(eway.getEwayBill(lookup)).rejects.toMatchObject({ isFromBackoff: true });
    nowMs = 10_001;
    await expect(eway.getEwayBill(lookup)).resolves.toBeDefined();
    expect(server.requests).toHaveLength(2);
  });
});

describe('bulk', () => {
  it('polls with a bounded, doubling backoff until the result is ready', async () => {
    const waits: number[] = [];
    server = await startRawServer((req, res, n) => {
      if (req.method === 'POST') {
        return json(res, {
          results: {
            status: 'Success',
            message: 'accepted',
            code: 200,
            request_status: 'pending',
            requestId: 'edoc_1_abc',
          },
        });
      }
      if (n < 5) {
        return json(res, {
          results: {
            status: 'No Content',
            code: 204,
            request_status: '',
            requestId: 'edoc_1_abc',
            message: 'No records found.',
          },
        });
      }
      return json(res, {
        results: [
          {
            message: {
              ewayBillNo: 351000000007,
              ewayBillDate: '05/03/2025 11:20:00 AM',
              validUpto: '',
              alert: '',
              error: false,
              url: 'x.example/api/v1/detailPrintPdf/7/',
            },
            status: 'Success',
            code: 200,
            requestId: 'ERP1_A1',
            docNo: 'A1',
          },
          {
            message: '620: Total invoice value too low',
            status: 'No Content',
            code: 204,
            nic_code: '620',
            docNo: 'A2',
          },
        ],
      });
    });
    const eway = ewayBills(server.client, {
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    const accepted = await eway.generateBulk({ ewayBillList: [generateBody(), generateBody()] });
    expect(accepted.requestId).toBe('edoc_1_abc');
    const result = await eway.pollBulkResult(accepted.requestId, {
      initialDelayMs: 100,
      maxDelayMs: 300,
    });
    expect(waits).toEqual([100, 200, 300]);
    expect(result.status).toBe('done');
    if (result.status !== 'done') throw new Error('not done');
    expect(result.items[0]).toMatchObject({
      docNo: 'A1',
      status: 'generated',
      bill: { ewayBillNo: '351000000007', url: 'https://x.example/api/v1/detailPrintPdf/7/' },
    });
    expect(result.items[1]).toMatchObject({ docNo: 'A2', status: 'failed' });
    expect(result.items[1]?.status === 'failed' && result.items[1].error.nic?.field).toBe(
      'total_invoice_value',
    );
  });

  it('stops after maxAttempts and answers pending', async () => {
    server = await startRawServer((_req, res) =>
      json(res, {
        results: { status: 'No Content', code: 204, request_id: '', message: 'No records found.' },
      }),
    );
    const eway = ewayBills(server.client, { sleep: async () => {} });
    const result = await eway.pollBulkResult('r1', { kind: 'request', maxAttempts: 3 });
    expect(result).toEqual({ status: 'pending', requestId: 'r1' });
    expect(server.requests).toHaveLength(3);
    expect(server.requests[0]).toMatch(/^GET \/api\/v1\/bulkEwayApiResponse\/\?request_id=r1$/);
  });
});

describe('downloadPdf', () => {
  it('answers the PDF bytes, adding the scheme to a scheme-less link', async () => {
    server = await startRawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.end('%PDF-1.4\n%mock\n');
    });
    const bytes = await ewayBills(server.client).downloadPdf(
      `${server.url}/api/v1/detailPrintPdf/P1/`,
    );
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe('%PDF-');
  });

  it('throws EwayBillPdfError when the link answers an HTML page', async () => {
    server = await startRawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><p>print view</p>');
    });
    const error = await ewayBills(server.client)
      .downloadPdf(`${server.url}/api/v1/detailPrintPdf/P1/`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EwayBillPdfError);
    expect((error as EwayBillPdfError).contentType).toBe('text/html');
  });
});
