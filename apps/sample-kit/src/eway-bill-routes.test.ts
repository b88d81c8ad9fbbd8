import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  createMastersClient,
  MastersValidationError,
  type MastersClient,
} from '@mastersfetch/core';
import { ewayBills, type EwayBills } from '@mastersfetch/ewaybill';
import {
  DEMO_USERS,
  exampleGenerateBody,
  startMockServer,
  type MockServer,
} from '@mastersfetch/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCurlLines } from './curl-lines.js';
import {
  cancelAnswer,
  cancelRequest,
  detailsQuery,
  generateRequest,
  generatedAnswer,
  partBAnswer,
  partBRequest,
} from './eway-bill-routes.js';
import { healthBody } from './health.js';

const [alpha] = DEMO_USERS;
const GSTIN = alpha.gstins[0]!;
const PART_B = {
  vehicle_number: 'UK07CD5678',
  place_of_consignor: 'Haridwar',
  state_of_consignor: 'UTTARAKHAND',
  reason_code_for_vehicle_updation: 'Due to Break Down',
  reason_for_vehicle_updation: 'Axle failure',
  mode_of_transport: 1,
};

let mock: MockServer;
let client: MastersClient;
let eway: EwayBills;
let documentCounter = 0;
const nextDocument = (): string => `SK/ROUTE/${++documentCounter}`;

async function rejection(promise: Promise<unknown>): Promise<MastersValidationError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(MastersValidationError);
  return error as MastersValidationError;
}

beforeAll(async () => {
  mock = await startMockServer({ users: [...DEMO_USERS] });
  client = createMastersClient({
    baseUrl: mock.url,
    credentials: { username: alpha.username, password: alpha.password },
  });
  eway = ewayBills(client);
});

afterAll(async () => {
  await client?.close();
  await mock?.close();
});

describe('the sample routes on @mastersfetch/ewaybill', () => {
  it('generate → details → Part-B → cancel with the tenant defaults, answering the contract shapes', async () => {
    const { userGstin: _filledIn, ...body } = exampleGenerateBody(nextDocument(), GSTIN);
    const generated = generatedAnswer(await eway.generate(generateRequest(body, GSTIN)));
    expect(generated).toEqual({
      ewayBillNo: expect.stringMatching(/^\d{12}$/),
      ewayBillDate: expect.stringMatching(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2} [AP]M$/),
      validUpto: expect.any(String),
      pdfUrl: expect.stringMatching(/^https?:\/\//),
    });

    const details = await eway.getEwayBill(detailsQuery(generated.ewayBillNo, GSTIN));
    expect(details).toMatchObject({ eway_bill_number: generated.ewayBillNo, userGstin: GSTIN });

    const partB = partBAnswer(
      await eway.updatePartB(partBRequest(generated.ewayBillNo, PART_B, GSTIN)),
    );
    expect(partB).toEqual({ vehUpdDate: expect.any(String), validUpto: expect.any(String) });
    expect(partB.validUpto).not.toBe('');

    const cancel = {
      reason_of_cancel: 'Data Entry mistake',
      cancel_remark: 'Wrong quantity keyed',
    };
    const cancelled = cancelAnswer(
      await eway.cancel(cancelRequest(generated.ewayBillNo, cancel, GSTIN)),
    );
    expect(cancelled).toEqual({ cancelDate: expect.stringMatching(/^\d{2}\/\d{2}\/\d{4} /) });
  });

  it('fills userGstin and data_source only when absent, and the URL number wins over the body', () => {
    expect(generateRequest({ document_number: 'X' }, GSTIN)).toEqual({
      data_source: 'erp',
      document_number: 'X',
      userGstin: GSTIN,
    });
    expect(generateRequest({ userGstin: 'OTHER', data_source: 'api' }, GSTIN)).toEqual({
      userGstin: 'OTHER',
      data_source: 'api',
    });
    expect(cancelRequest('351000000001', { eway_bill_number: 351000000002 }, GSTIN)).toMatchObject({
      eway_bill_number: 351000000001,
    });
    // Not a 12-digit number: passed on as text, for the package to reject by name.
    expect(partBRequest('12ab', {}, GSTIN)).toMatchObject({ eway_bill_number: '12ab' });
    // Not an object: passed on as it is.
    expect(generateRequest([1], GSTIN)).toEqual([1]);
    expect(cancelRequest('351000000001', null, GSTIN)).toBeNull();
  });

  it('lets the package reject bad requests by field path, before any request', async () => {
    const before = mock.stats().apiCalls;
    expect((await rejection(eway.generate(generateRequest(null, GSTIN)))).fields).toEqual([
      { path: '', message: expect.stringContaining('object') },
    ]);

    const valid = exampleGenerateBody('SK/INVALID', GSTIN);
    const wrong = {
      ...valid,
      document_date: '2025-03-05',
      itemList: [{ ...(valid.itemList as object[])[0], hsn_code: 'x' }],
    };
    const paths = (await rejection(eway.generate(generateRequest(wrong, GSTIN)))).fields.map(
      (f) => f.path,
    );
    expect(paths).toEqual(expect.arrayContaining(['document_date', 'itemList.0.hsn_code']));

    const badNumber = await rejection(eway.getEwayBill(detailsQuery('123', GSTIN)));
    expect(badNumber.fields.map((f) => f.path)).toEqual(['eway_bill_number']);

    const partB = await rejection(eway.updatePartB(partBRequest('351000000001', {}, GSTIN)));
    expect(partB.fields.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        'place_of_consignor',
        'reason_code_for_vehicle_updation',
        'mode_of_transport',
      ]),
    );
    expect(mock.stats().apiCalls).toBe(before);
  });

  it('generates from the body of the printed curl generate line', async () => {
    const line = sampleCurlLines('http://127.0.0.1:1')[1] ?? '';
    // what the shell passes to curl once it has filled in the document number
    const word = / -d ('\{.*\}') \| /.exec(line)?.[1] ?? '';
    // async: a synchronous child would block the event loop the in-process mock answers on
    const { stdout } = await promisify(execFile)('bash', ['-c', `printf %s ${word}`]);
    const bill = await eway.generate(generateRequest(JSON.parse(stdout), GSTIN));
    expect(bill.ewayBillNo).toMatch(/^\d{12}$/);
  });

  it('reports the token state for /health', async () => {
    await client.warmUp();
    expect(healthBody(client)).toEqual({
      status: 'ok',
      auth: { mode: 'password', hasToken: true, expiresInSec: expect.any(Number) },
    });
  });
});
