import { createMastersClient, type MastersClient } from '@mastersfetch/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EwayBillApiError, ewayBills, formatRequestDate, type EwayBills } from '../src/index.js';
import {
  CONSIGNEE,
  CONSIGNOR,
  extendBody,
  generateBody,
  startHarness,
  TRANSPORTER,
  USERS,
  type Harness,
} from './helpers.js';

// Every operation the other test files do not already drive, success AND error path, through the
// typed API against the running mock (real HTTP over loopback). Each error is the mock's NIC
// answer to a request that passed local validation, so exactly one request reaches the mock.

const IRN = 'a'.repeat(64);
const UNKNOWN_EWB = '399999999999';
const today = (): string => formatRequestDate(Date.now());
const pastDay = '01/01/2025';

let h: Harness;
let alpha: EwayBills;
let beta: EwayBills;
let gamma: EwayBills;

beforeAll(async () => {
  h = await startHarness();
  alpha = ewayBills(h.client);
  beta = ewayBills(h.consigneeClient);
  gamma = ewayBills(h.transporterClient);
});
afterAll(() => h.close());

const apiCalls = (): number => h.mock.stats().apiCalls;

/** The promise's rejection: an {@link EwayBillApiError} with NIC `code`, after one request. */
async function expectNic(call: () => Promise<unknown>, code: string): Promise<EwayBillApiError> {
  const before = apiCalls();
  const error = await call().then(
    () => {
      throw new Error(`expected NIC ${code}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EwayBillApiError);
  expect((error as EwayBillApiError).nicCode).toBe(code);
  expect(apiCalls() - before).toBe(1);
  return error as EwayBillApiError;
}

/** Moves the mock's clock forward (bulk results are ready 1 s of mock time after acceptance). */
function advance(ms: number): Promise<void> {
  h.mock.clock.advance(ms);
  return Promise.resolve();
}

/** A fresh bill of alpha (consignor) for beta, carried by gamma; its 12-digit number. */
async function newBill(): Promise<string> {
  return (await alpha.generate(generateBody())).ewayBillNo;
}

describe('updateTransporter', () => {
  it('assigns a new transporter and answers the EWB number, the date and the PDF url', async () => {
    const ewayBillNo = await newBill();
    const updated = await alpha.updateTransporter({
      userGstin: CONSIGNOR,
      eway_bill_number: ewayBillNo,
      transporter_id: '27CCCCC2222C1Z8',
      transporter_name: 'Gamma Logistics',
    });
    expect(updated.ewayBillNo).toBe(ewayBillNo);
    expect(updated.transporterId).toBe('27CCCCC2222C1Z8');
    expect(updated.transUpdateDate.date).toBeInstanceOf(Date);
    expect(updated.url).toMatch(/^https?:\/\//);
  });

  it('answers NIC 312 for a bill of another generator, sent once', async () => {
    const ewayBillNo = await newBill();
    await expectNic(
      () =>
        gamma.updateTransporter({
          userGstin: TRANSPORTER,
          eway_bill_number: ewayBillNo,
          transporter_id: '27CCCCC2222C1Z8',
        }),
      '312',
    );
  });
});

describe('consolidated e-way bills and trip sheets', () => {
  const consolidated = (eway_bill_number: string) => ({
    userGstin: CONSIGNOR,
    place_of_consignor: 'Dehradun',
    state_of_consignor: 'UTTARAKHAND',
    vehicle_number: 'UK07AB1234',
    mode_of_transport: 1,
    transporter_document_number: 'LR-1',
    transporter_document_date: today(),
    list_of_eway_bills: [{ eway_bill_number }],
  });
  const regenerate = (consolidated_eway_bill_number: string) => ({
    userGstin: CONSIGNOR,
    consolidated_eway_bill_number,
    place_of_consignor: 'Haridwar',
    state_of_consignor: 'UTTARAKHAND',
    vehicle_number: 'UK07CD5678',
    mode_of_transport: '1',
    reason_of_cancel: 'Due to Break Down',
  });
  let tripSheet = '';

  it('generateConsolidated answers the trip sheet number as a string, a date and a url', async () => {
    const ewayBillNo = await newBill();
    const sheet = await alpha.generateConsolidated(consolidated(ewayBillNo));
    expect(sheet.cEwbNo).toMatch(/^\d{10}$/);
    expect(sheet.cEwbDate.date).toBeInstanceOf(Date);
    expect(sheet.url).toMatch(/^https?:\/\//);
    tripSheet = sheet.cEwbNo;

    const read = await alpha.getTripSheet({
      gstin: CONSIGNOR,
      consolidated_eway_bill_number: tripSheet,
    });
    expect(read.trip_sheet_number).toBe(tripSheet);
    expect(read.tripSheetEwbBills?.map((b) => b.eway_bill_number)).toEqual([ewayBillNo]);
    expect(read.entered_date.date).toBeInstanceOf(Date);
  });

  it('regenerateConsolidated answers a new trip sheet with the bills as 12-digit strings', async () => {
    const again = await alpha.regenerateConsolidated(regenerate(tripSheet));
    expect(again.tripSheetNo).toMatch(/^\d{10}$/);
    expect(again.tripSheetNo).not.toBe(tripSheet);
    expect(again.tripSheetEwayBills?.[0]?.ewbNo).toMatch(/^\d{12}$/);
  });

  it.each([
    ['generateConsolidated', '301', () => alpha.generateConsolidated(consolidated(UNKNOWN_EWB))],
    ['regenerateConsolidated', '325', () => alpha.regenerateConsolidated(regenerate('1999999999'))],
    [
      'getTripSheet',
      '325',
      () => alpha.getTripSheet({ gstin: CONSIGNOR, consolidated_eway_bill_number: '1999999999' }),
    ],
  ] as const)('%s answers NIC %s for an unknown bill or trip sheet', async (_op, code, call) => {
    await expectNic(call, code);
  });
});

describe('multi-vehicle movement', () => {
  const initiate = (eway_bill_number: string, unit_code = 'NOS') => ({
    userGstin: CONSIGNOR,
    eway_bill_number,
    reason_code_for_vehicle_updation: 'Due to Transhipment',
    reason_for_vehicle_updation: 'Split load',
    place_of_consignor: 'Dehradun',
    state_of_consignor: 'UTTARAKHAND',
    place_of_consignee: 'Noida',
    state_of_consignee: 'UTTAR PRADESH',
    mode_of_transport: 1,
    total_quantity: 100,
    unit_code,
  });
  const add = (eway_bill_number: string, group_number: string, vehicle_number: string) => ({
    userGstin: CONSIGNOR,
    eway_bill_number,
    group_number,
    vehicle_number,
    transporter_document_number: `LR-${vehicle_number}`,
    transporter_document_date: today(),
    quantity: 40,
  });
  const change = (eway_bill_number: string, group_number: string, old_vehicle_number: string) => ({
    userGstin: CONSIGNOR,
    eway_bill_number,
    group_number,
    old_vehicle_number,
    new_vehicle_number: 'UK07ZZ9999',
    place_of_consignor: 'Roorkee',
    state_of_consignor: 'UTTARAKHAND',
    reason_code_for_vehicle_updation: 'Due to Break Down',
  });

  it('initiates a group, adds a vehicle and changes it; group numbers are strings', async () => {
    const ewayBillNo = await newBill();
    const group = await alpha.initiateMultiVehicle(initiate(ewayBillNo));
    expect(group).toMatchObject({ ewbNo: ewayBillNo, groupNo: '1' });
    expect(group.createdDate.date).toBeInstanceOf(Date);

    const added = await alpha.addMultiVehicle(add(ewayBillNo, group.groupNo, 'UK07AA1111'));
    expect(added).toMatchObject({ ewbNo: ewayBillNo, groupNo: '1' });
    expect(added.vehAddedDate.date).toBeInstanceOf(Date);

    const changed = await alpha.changeMultiVehicle(change(ewayBillNo, '1', 'UK07AA1111'));
    expect(changed).toMatchObject({ ewbNo: ewayBillNo, groupNo: '1' });
    expect(changed.vehUpdDate.date).toBeInstanceOf(Date);

    const details = await alpha.getEwayBill({ gstin: CONSIGNOR, eway_bill_number: ewayBillNo });
    expect(details.VehiclListDetails?.[0]).toMatchObject({
      vehicle_number: 'UK07ZZ9999',
      group_number: '1',
    });
  });

  it('getEwayBill reads the HSN code the API prints as a number back as a digit string', async () => {
    const body = generateBody();
    body.itemList = [{ ...body.itemList[0]!, hsn_code: '0402' }];
    const { ewayBillNo } = await alpha.generate(body);
    const details = await alpha.getEwayBill({ gstin: CONSIGNOR, eway_bill_number: ewayBillNo });
    expect(details.itemList?.[0]?.hsn_code).toBe('0402'); // the mock prints 402, as NIC does
  });

  it.each([
    [
      'initiateMultiVehicle',
      '399',
      'a unit no item has',
      (n: string) => alpha.initiateMultiVehicle(initiate(n, 'KGS')),
    ],
    [
      'addMultiVehicle',
      '411',
      'a group never initiated',
      (n: string) => alpha.addMultiVehicle(add(n, '7', 'UK07AA1111')),
    ],
    [
      'changeMultiVehicle',
      '411',
      'a group never initiated',
      (n: string) => alpha.changeMultiVehicle(change(n, '7', 'UK07AA1111')),
    ],
  ] as const)('%s answers NIC %s for %s', async (_op, code, _why, call) => {
    const ewayBillNo = await newBill();
    await expectNic(() => call(ewayBillNo), code);
  });

  it('changeMultiVehicle answers NIC 405 for a vehicle not in the group', async () => {
    const ewayBillNo = await newBill();
    await alpha.initiateMultiVehicle(initiate(ewayBillNo));
    await expectNic(() => alpha.changeMultiVehicle(change(ewayBillNo, '1', 'UK07QQ0000')), '405');
  });
});

describe('returnStatus', () => {
  it('answers each GSTIN with its status', async () => {
    const status = await alpha.returnStatus({
      user_gstin: CONSIGNOR,
      gstin_list: [{ gstin: CONSIGNEE }, { gstin: TRANSPORTER }],
    });
    expect(status).toEqual({ [CONSIGNEE]: 'Unblocked', [TRANSPORTER]: 'Unblocked' });
  });

  it('throws EwayBillApiError when a listed GSTIN is unknown to the NIC, sent once', async () => {
    const before = apiCalls();
    const error = await alpha
      .returnStatus({ user_gstin: CONSIGNOR, gstin_list: [{ gstin: '27AAPFU0939F1ZV' }] })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(EwayBillApiError);
    expect((error as EwayBillApiError).operation).toBe('returnStatus');
    expect(apiCalls() - before).toBe(1);
  });
});

describe('bulk generation', () => {
  it('generateBulk + pollBulkResult: every document generated, EWB numbers as strings', async () => {
    const bodies = [generateBody(), generateBody()];
    const accepted = await alpha.generateBulk({ ewayBillList: bodies });
    expect(accepted.requestId).toMatch(/^edoc_/);
    const result = await ewayBills(h.client, { sleep: () => advance(1_100) }).pollBulkResult(
      accepted.requestId,
      { initialDelayMs: 1, maxAttempts: 3 },
    );
    expect(result.status).toBe('done');
    if (result.status !== 'done') return;
    expect(result.items.map((i) => [i.docNo, i.status])).toEqual(
      bodies.map((b) => [b.document_number, 'generated']),
    );
    for (const item of result.items) {
      if (item.status === 'generated') expect(item.bill.ewayBillNo).toMatch(/^\d{12}$/);
    }
  });

  it('generateBulk + getBulkResult: a document with an HSN code the NIC refuses is a failed item with NIC 216', async () => {
    const bad = generateBody();
    bad.itemList = [{ ...bad.itemList[0]!, hsn_code: '00' }];
    const accepted = await alpha.generateBulk({ ewayBillList: [bad] });
    await advance(1_100);
    const result = await alpha.getBulkResult({ request_id: accepted.requestId });
    expect(result.status).toBe('done');
    if (result.status !== 'done') return;
    expect(result.items).toHaveLength(1);
    const [item] = result.items;
    expect(item).toMatchObject({ docNo: bad.document_number, status: 'failed' });
    if (item?.status === 'failed') {
      expect(item.error).toBeInstanceOf(EwayBillApiError);
      expect(item.error.nicCode).toBe('216');
    }
  });

  it('bulkRequest + getBulkRequestResult: a duplicate document is a failed item with NIC 604', async () => {
    const body = generateBody();
    await alpha.generate(body);
    const accepted = await alpha.bulkRequest({ action: 'eway', list: [body, generateBody()] });
    expect(accepted.requestId).toMatch(/^edoc_/);
    expect(await alpha.getBulkRequestResult({ request_id: accepted.requestId })).toEqual({
      status: 'pending',
      requestId: accepted.requestId,
    });
    await advance(1_100);
    const result = await alpha.getBulkRequestResult({ request_id: accepted.requestId });
    expect(result.status).toBe('done');
    if (result.status !== 'done') return;
    const [duplicate, fresh] = result.items;
    expect(duplicate).toMatchObject({ docNo: body.document_number, status: 'failed' });
    if (duplicate?.status === 'failed') expect(duplicate.error.nicCode).toBe('604');
    expect(fresh?.status).toBe('generated');
  });

  it('getBulkResult answers pending for an unknown request id (the API\'s "No records found.")', async () => {
    expect(await alpha.getBulkResult({ request_id: 'edoc_0_unknown' })).toEqual({
      status: 'pending',
      requestId: 'edoc_0_unknown',
    });
  });
});

describe('look-ups (getEwayBillData actions)', () => {
  let ewayBillNo = '';
  beforeAll(async () => {
    ewayBillNo = await newBill();
  });

  it.each([
    [
      'getEwayBillsByDate',
      () => alpha.getEwayBillsByDate({ gstin: CONSIGNOR, generated_date: today() }),
    ],
    [
      'getEwayBillsForTransporter',
      () => gamma.getEwayBillsForTransporter({ gstin: TRANSPORTER, generated_date: today() }),
    ],
    [
      'getEwayBillsForTransporterByState',
      () =>
        gamma.getEwayBillsForTransporterByState({
          gstin: TRANSPORTER,
          generated_date: today(),
          state_code: '05',
        }),
    ],
    [
      'getEwayBillsForTransporterByGstin',
      () =>
        gamma.getEwayBillsForTransporterByGstin({
          gstin: TRANSPORTER,
          eway_bill_generator_gstin: CONSIGNOR,
          generated_date: today(),
        }),
    ],
    [
      'getEwayBillReportByTransporterAssignedDate',
      () =>
        gamma.getEwayBillReportByTransporterAssignedDate({
          gstin: TRANSPORTER,
          assigned_date: today(),
          state_code: 5,
        }),
    ],
  ] as const)('%s lists the bill, normalized', async (_op, call) => {
    const rows = await call();
    const row = rows.find((r) => r.eway_bill_number === ewayBillNo);
    expect(row).toBeDefined();
    expect(row!.eway_bill_date.date).toBeInstanceOf(Date);
    expect(typeof row!.pincode_of_delivery).toBe('number');
  });

  it.each([
    [
      'getEwayBillsByDate',
      '418',
      () => alpha.getEwayBillsByDate({ gstin: CONSIGNOR, generated_date: pastDay }),
    ],
    [
      'getEwayBillsRejectedByOthers',
      '418',
      () => alpha.getEwayBillsRejectedByOthers({ gstin: CONSIGNOR, generated_date: pastDay }),
    ],
    [
      'getEwayBillsOfOtherParty',
      '366',
      () => beta.getEwayBillsOfOtherParty({ gstin: CONSIGNEE, generated_date: today() }),
    ],
    [
      'getEwayBillsForTransporter',
      '336',
      () => gamma.getEwayBillsForTransporter({ gstin: TRANSPORTER, generated_date: pastDay }),
    ],
    [
      'getEwayBillsForTransporterByState',
      '336',
      () =>
        gamma.getEwayBillsForTransporterByState({
          gstin: TRANSPORTER,
          generated_date: today(),
          state_code: 27,
        }),
    ],
    [
      'getEwayBillsForTransporterByGstin',
      '336',
      () =>
        gamma.getEwayBillsForTransporterByGstin({
          gstin: TRANSPORTER,
          eway_bill_generator_gstin: CONSIGNEE,
          generated_date: today(),
        }),
    ],
    [
      'getEwayBillReportByTransporterAssignedDate',
      '336',
      () =>
        gamma.getEwayBillReportByTransporterAssignedDate({
          gstin: TRANSPORTER,
          assigned_date: pastDay,
          state_code: 5,
        }),
    ],
    [
      'getTransporterDetails',
      '325',
      () =>
        alpha.getTransporterDetails({ userGstin: CONSIGNOR, transporter_gstin: '27AAPFU0939F1ZV' }),
    ],
    [
      'getHsnDetails',
      '216',
      () => alpha.getHsnDetails({ userGstin: CONSIGNOR, hsncode: '999999' }),
    ],
  ] as const)('%s answers NIC %s, sent once (not a retryable code)', async (_op, code, call) => {
    await expectNic(call, code);
  });

  it('getEwayBillsRejectedByOthers lists a bill the consignee rejected, with its reject date', async () => {
    const rejected = await newBill();
    await beta.reject({ userGstin: CONSIGNEE, eway_bill_number: rejected });
    const rows = await alpha.getEwayBillsRejectedByOthers({
      gstin: CONSIGNOR,
      generated_date: today(),
    });
    const row = rows.find((r) => r.eway_bill_number === rejected);
    expect(row?.reject_status).toBe('Y');
    expect(row?.reject_date.date).toBeInstanceOf(Date);
  });

  it('getTransporterDetails answers the transporter with a numeric pincode', async () => {
    const details = await alpha.getTransporterDetails({
      userGstin: CONSIGNOR,
      transporter_gstin: TRANSPORTER,
    });
    expect(details).toMatchObject({ gstin_of_taxpayer: TRANSPORTER, pincode: 248002 });
  });

  it('getHsnDetails answers the description of an HSN code given as a number', async () => {
    expect(await alpha.getHsnDetails({ userGstin: CONSIGNOR, hsncode: 7326 })).toMatchObject({
      hsn_code: '7326',
      hsn_description: 'Other articles of iron or steel',
    });
  });
});

describe('IRN and distance', () => {
  it('generateByIrn then getEwayBillByIrn: the same 12-digit EWB number, parsed dates, urls', async () => {
    const generated = await alpha.generateByIrn({
      user_gstin: CONSIGNOR,
      irn: IRN,
      transporter_id: TRANSPORTER,
      transportation_mode: '1',
      vehicle_number: 'UK07AB1234',
      distance: 210,
      vehicle_type: 'R',
    });
    expect(generated.EwbNo).toMatch(/^\d{12}$/);
    expect(generated.EwbDt.date).toBeInstanceOf(Date);
    expect(generated.EwaybillPdf).toMatch(/^https?:\/\//);
    const read = await alpha.getEwayBillByIrn({ user_gstin: CONSIGNOR, irn: IRN });
    expect(read).toMatchObject({ EwbNo: generated.EwbNo, Status: 'ACT', GenGstin: CONSIGNOR });
    expect(read.EwbValidTill.date).toBeInstanceOf(Date);
  });

  it.each([
    [
      'generateByIrn',
      '2302',
      'an IRN that is not active',
      () => alpha.generateByIrn({ user_gstin: CONSIGNOR, irn: 'not-an-active-irn', distance: 10 }),
    ],
    [
      'generateByIrn',
      '4002',
      'a second generate on the same IRN',
      () => alpha.generateByIrn({ user_gstin: CONSIGNOR, irn: IRN, distance: 10 }),
    ],
    [
      'getEwayBillByIrn',
      '4005',
      'an IRN without a bill',
      () => alpha.getEwayBillByIrn({ user_gstin: CONSIGNOR, irn: 'b'.repeat(64) }),
    ],
  ] as const)('%s answers code %s for %s, sent once', async (_op, code, _why, call) => {
    await expectNic(call, code);
  });

  it('getDistance answers the road distance in km as a number', async () => {
    expect(await alpha.getDistance({ fromPincode: 248001, toPincode: '201301' })).toMatchObject({
      distance: 187, // the mock's made-up rule: |248001 - 201301| / 250, rounded
    });
  });

  it('getDistance answers NIC 210 for a pincode the NIC does not know (local validation off)', async () => {
    const unchecked = ewayBills(h.client, { validate: false });
    await expectNic(() => unchecked.getDistance({ fromPincode: '0', toPincode: 201301 }), '210');
  });
});

describe('operations that need the mock clock moved', () => {
  // A mock on the reference's sample day, with clients whose clock is the mock's: the token times
  // and the date rules agree with it while it moves.
  const SAMPLE_DAY = Date.parse('2025-03-05T11:20:00+05:30');
  let t: Harness;
  let moved: MastersClient[] = [];
  const at = (i: number): EwayBills => {
    const clock = { now: () => performance.now(), wallNow: () => t.mock.clock.now() };
    const client = createMastersClient({
      baseUrl: t.mock.url,
      credentials: { username: USERS[i]!.username, password: USERS[i]!.password },
      clock,
    });
    moved.push(client);
    return ewayBills(client, { clock });
  };
  beforeAll(async () => {
    t = await startHarness({ startTime: SAMPLE_DAY });
  });
  afterAll(async () => {
    await Promise.all(moved.map((c) => c.close()));
    moved = [];
    await t.close();
  });

  it("getEwayBillsOfOtherParty lists yesterday's bill of another generator", async () => {
    const [consignor, consignee] = [at(0), at(1)];
    const body = generateBody({}, SAMPLE_DAY);
    const { ewayBillNo } = await consignor.generate(body);
    t.mock.clock.set('2025-03-06T09:00:00+05:30');
    const rows = await consignee.getEwayBillsOfOtherParty({
      gstin: CONSIGNEE,
      generated_date: '05/03/2025',
    });
    expect(rows.map((r) => r.eway_bill_number)).toContain(ewayBillNo);
    expect(rows[0]!.total_invoice_value).toBe(11800);
  });

  it('extendValidity extends a bill near its expiry and answers the new validity', async () => {
    t.mock.clock.set(SAMPLE_DAY);
    const consignor = at(0);
    const { ewayBillNo, validUpto } = await consignor.generate(generateBody({}, SAMPLE_DAY));
    t.mock.clock.set(validUpto.date!.getTime() - 3_600_000);
    const extended = await consignor.extendValidity(extendBody(ewayBillNo));
    expect(extended.ewayBillNo).toBe(ewayBillNo);
    expect(extended.validUpto.date!.getTime()).toBeGreaterThan(validUpto.date!.getTime());
    expect(extended.updatedDate.date).toBeInstanceOf(Date);
  });
});
