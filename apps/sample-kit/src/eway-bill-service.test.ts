import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createMastersClient, MastersApiError, type MastersClient } from '@mastersfetch/core';
import { DEMO_USERS, startMockServer, type MockServer } from '@mastersfetch/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCurlLines } from './curl-lines.js';
import { createEwayBillService, type EwayBillService } from './eway-bill-service.js';
import { healthBody } from './health.js';
import { sampleGenerateBody } from './sample-body.js';
import { SampleRequestError } from './sample-request-error.js';

const [alpha, beta] = DEMO_USERS;
const ALPHA_GSTIN = alpha?.gstins[0] ?? '';
const BETA_GSTIN = beta?.gstins[0] ?? '';

let mock: MockServer;
let client: MastersClient;
let service: EwayBillService;
let documentCounter = 0;

function nextDocument(): string {
  documentCounter += 1;
  return `SK/TEST/${documentCounter}`;
}

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

async function badRequestFields(promise: Promise<unknown>): Promise<Record<string, string>> {
  const error = await thrown(promise);
  expect(error).toBeInstanceOf(SampleRequestError);
  expect(error).toMatchObject({ status: 400, error: 'bad_request' });
  return (error as SampleRequestError).fields ?? {};
}

beforeAll(async () => {
  mock = await startMockServer({ users: [...DEMO_USERS] });
  client = createMastersClient({
    baseUrl: mock.url,
    credentials: { username: alpha?.username ?? '', password: alpha?.password ?? '' },
  });
  service = createEwayBillService(client.mastersFetch, ALPHA_GSTIN);
});

afterAll(async () => {
  await client?.close();
  await mock?.close();
});

describe('createEwayBillService', () => {
  it('generates, reads, updates Part-B and cancels an e-way bill against the mock', async () => {
    const body = sampleGenerateBody(nextDocument(), ALPHA_GSTIN);
    delete body.userGstin;
    const generated = await service.generate(body);
    expect(generated.ewayBillNo).toMatch(/^\d{12}$/);
    expect(generated.ewayBillDate).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2} [AP]M$/);
    expect(typeof generated.validUpto).toBe('string');
    expect(generated.pdfUrl).toMatch(/^https?:\/\//);
    expect(Object.keys(generated).sort()).toEqual([
      'ewayBillDate',
      'ewayBillNo',
      'pdfUrl',
      'validUpto',
    ]);

    const details = await service.details(generated.ewayBillNo);
    expect(details).toMatchObject({
      eway_bill_number: Number(generated.ewayBillNo),
      userGstin: ALPHA_GSTIN,
      document_number: body.document_number,
      gstin_of_consignor: ALPHA_GSTIN,
    });

    const partB = await service.updatePartB(generated.ewayBillNo, {
      vehicle_number: 'UK07CD5678',
      vehicle_type: 'Regular',
      place_of_consignor: 'Haridwar',
      state_of_consignor: 'UTTARAKHAND',
      reason_code_for_vehicle_updation: 'Due to Break Down',
      reason_for_vehicle_updation: 'Axle failure',
      transporter_document_number: 'LR-7781',
      mode_of_transport: 1,
    });
    expect(partB).toEqual({ vehUpdDate: expect.any(String), validUpto: expect.any(String) });
    expect(partB.validUpto).not.toBe('');

    const cancelled = await service.cancel(generated.ewayBillNo, {
      reason_of_cancel: 'Data Entry mistake',
      cancel_remark: 'Wrong quantity keyed',
    });
    expect(cancelled).toEqual({ cancelDate: expect.any(String) });

    const paths = mock.requests().map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'POST /api/v1/ewayBillsGenerate/',
        'GET /api/v1/getEwayBillData/',
        'POST /api/v1/updateVehicleNumber/',
        'POST /api/v1/ewayBillCancel/',
      ]),
    );
  });

  it('surfaces a NIC error envelope as MastersApiError (604 on a duplicate document number)', async () => {
    const body = sampleGenerateBody(nextDocument(), ALPHA_GSTIN);
    await service.generate(body);
    const error = await thrown(service.generate(body));
    expect(error).toBeInstanceOf(MastersApiError);
    expect((error as MastersApiError).nicCode).toBe('604');
  });

  it('accepts the generate body of the printed curl lines', async () => {
    const line = sampleCurlLines('http://127.0.0.1:1')[1] ?? '';
    // what the shell passes to curl once it has filled in the document number
    const word = / -d ('\{.*\}') \| /.exec(line)?.[1] ?? '';
    // async: a synchronous child would block the event loop the in-process mock answers on
    const { stdout } = await promisify(execFile)('bash', ['-c', `printf %s ${word}`]);
    const body: unknown = JSON.parse(stdout);
    const generated = await service.generate(body);
    expect(generated.ewayBillNo).toMatch(/^\d{12}$/);
  });

  it('reports the token state for /health', async () => {
    await client.warmUp();
    expect(healthBody(client)).toEqual({
      status: 'ok',
      auth: { mode: 'password', hasToken: true, expiresInSec: expect.any(Number) },
    });
  });

  it('acts for another tenant with its credentials and GSTIN', async () => {
    const generated = await service.generate(sampleGenerateBody(nextDocument(), ALPHA_GSTIN));
    const betaFetch = client.forCredentials({
      username: beta?.username ?? '',
      password: beta?.password ?? '',
    });
    // The consignee can read the bill; the request goes out as beta with beta's GSTIN.
    const details = await createEwayBillService(betaFetch, BETA_GSTIN).details(
      generated.ewayBillNo,
    );
    expect(details.gstin_of_consignee).toBe(BETA_GSTIN);
    const last = mock.requests().at(-1);
    expect(last?.username).toBe(beta?.username);
  });

  it('rejects invalid input before calling Masters India', async () => {
    const before = mock.stats().apiCalls;
    const valid = sampleGenerateBody('SK/INVALID', ALPHA_GSTIN);

    expect(await badRequestFields(service.generate(null))).toEqual({
      body: 'must be a JSON object',
    });
    expect(await badRequestFields(service.generate([valid]))).toEqual({
      body: 'must be a JSON object',
    });

    const missing = { ...valid };
    delete missing.document_number;
    delete missing.itemList;
    expect(await badRequestFields(service.generate(missing))).toEqual({
      document_number: 'is required',
      itemList: 'must be an array of 1 to 250 items',
    });

    const wrongTypes = {
      ...valid,
      pincode_of_consignor: '248001',
      total_invoice_value: 'lots',
      document_date: '2025-03-05',
      gstin_of_consignee: 'nope',
      itemList: [{ hsn_code: 'x', quantity: '100', taxable_amount: 10000 }],
    };
    expect(await badRequestFields(service.generate(wrongTypes))).toEqual({
      pincode_of_consignor: 'must be an integer',
      total_invoice_value: 'must be a number',
      document_date: 'must be a date dd/mm/yyyy',
      gstin_of_consignee: 'must be a 15-character GSTIN or URP',
      'itemList[0].hsn_code': 'is required: a 4-8 digit HSN code',
      'itemList[0].quantity': 'must be a number',
    });

    expect(await badRequestFields(service.details('123'))).toEqual({
      ewbNumber: 'must be a 12-digit e-way bill number',
    });
    expect(
      await badRequestFields(service.updatePartB('351000000001', { mode_of_transport: '1' })),
    ).toMatchObject({
      mode_of_transport: 'must be an integer',
      place_of_consignor: 'is required',
      reason_code_for_vehicle_updation: 'is required',
    });
    expect(
      await badRequestFields(
        service.cancel('351000000001', {
          reason_of_cancel: 'Because',
          cancel_remark: 1,
          eway_bill_number: 1,
        }),
      ),
    ).toEqual({
      reason_of_cancel: 'must be one of: Duplicate, Order Cancelled, Data Entry mistake, Others',
      cancel_remark: 'must be a string',
    });
    expect(
      await badRequestFields(
        service.cancel('351000000001', {
          reason_of_cancel: 'others',
          cancel_remark: 'x',
          eway_bill_number: 351000000002,
        }),
      ),
    ).toEqual({ eway_bill_number: 'must match the e-way bill number in the URL (or be omitted)' });

    expect(mock.stats().apiCalls).toBe(before);
  });
});
