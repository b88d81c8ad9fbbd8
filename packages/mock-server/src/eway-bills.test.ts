import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALPHA, BETA, call, GAMMA, generateBody, login, nicEnvelope } from '../test/helpers.js';
import { startMockServer, type MockServer } from './index.js';
import { endOfIstDay, formatIstDateTime } from './ist-time.js';

const GENERATE = '/api/v1/ewayBillsGenerate/';
const CANCEL = '/api/v1/ewayBillCancel/';
const PART_B = '/api/v1/updateVehicleNumber/';
const EXTEND = '/api/v1/ewayBillValidityExtend/';
const DATA = '/api/v1/getEwayBillData/';

let mock: MockServer;
let token: string;

/** The sample date of our made-up generate and details examples: 05/03/2025 11:20 IST. */
const SAMPLE_TIME = '2025-03-05T11:20:00+05:30';

beforeAll(async () => {
  mock = await startMockServer({ startTime: SAMPLE_TIME, pdfUrlScheme: true });
  token = await login(mock, ALPHA);
});
afterAll(async () => {
  await mock.close();
});

async function generate(overrides: Record<string, unknown> = {}) {
  return call(mock, 'POST', GENERATE, { token, json: generateBody(overrides) });
}

async function generated(overrides: Record<string, unknown> = {}): Promise<number> {
  const res = await generate(overrides);
  expect(res.body.results.code).toBe(200);
  return res.body.results.message.ewayBillNo as number;
}

function details(number: number, gstin = '05AAAAA0000A1Z8', as = token) {
  return call(mock, 'GET', `${DATA}?action=GetEwayBill&gstin=${gstin}&eway_bill_number=${number}`, {
    token: as,
  });
}

describe('ewayBillsGenerate', () => {
  it('returns the success envelope with a 12-digit number, requestId, validity from distance and a PDF url', async () => {
    const body = generateBody();
    const before = mock.clock.now();
    const res = await call(mock, 'POST', GENERATE, { token, json: body });
    expect(res.status).toBe(200);
    const { results } = res.body;
    expect(Object.keys(results).sort()).toEqual(['code', 'message', 'requestId', 'status']);
    expect(results).toMatchObject({ status: 'Success', code: 200 });
    expect(Object.keys(results.message).sort()).toEqual(
      ['alert', 'error', 'ewayBillDate', 'ewayBillNo', 'url', 'validUpto'].sort(),
    );
    const { ewayBillNo, ewayBillDate, validUpto, alert, error, url } = results.message;
    expect(typeof ewayBillNo).toBe('number');
    expect(String(ewayBillNo)).toMatch(/^\d{12}$/);
    expect(ewayBillDate).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2} (AM|PM)$/);
    // 210 km at 200 km per day = 2 days, ending 11:59 PM IST.
    expect(validUpto).toBe(formatIstDateTime(endOfIstDay(before, 2)));
    expect(alert).toBe('');
    expect(error).toBe(false);
    expect(url).toMatch(new RegExp(`^${mock.url}/api/v1/detailPrintPdf/SIMPDF\\d+/$`));
    const epoch = Number(/^ERP(\d+)_/.exec(results.requestId)![1]);
    expect(results.requestId).toBe(`ERP${epoch}_${body.document_number as string}`);
    expect(Math.abs(epoch - before / 1000)).toBeLessThan(60);

    const pdf = await fetch(url);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toMatch(/^text\/html/);
    await pdf.text();
  });

  it('leaves validUpto empty for a Part-A only bill', async () => {
    const res = await generate({ vehicle_number: '', transportation_mode: '' });
    expect(res.body.results.message.validUpto).toBe('');
  });

  it('rejects a duplicate document number for the same GSTIN with NIC 604 inside HTTP 200', async () => {
    const body = generateBody();
    await call(mock, 'POST', GENERATE, { token, json: body });
    const res = await call(mock, 'POST', GENERATE, { token, json: body });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      nicEnvelope(
        '604',
        'E-way bill(s) are already generated for the same document number, you cannot generate again on same document number',
      ),
    );
  });

  it.each([
    [{ supply_type: 'sideways' }, '201'],
    [{ document_type: 'Napkin' }, '204'],
    [{ document_number: undefined }, '206'],
    [{ document_date: '31/02/2025' }, '207'],
    [{ gstin_of_consignor: 'ABC' }, '208'],
    [{ pincode_of_consignor: 12 }, '210'],
    [{ gstin_of_consignee: '' }, '212'],
    [{ pincode_of_consignee: undefined }, '214'],
    [{ transportation_mode: 'Teleport' }, '220'],
    [{ transportation_distance: '5000' }, '221'],
    [{ vehicle_number: 'UK 07 AB 1234!' }, '225'],
    [{ itemList: [] }, '216'],
    [{ total_invoice_value: 100 }, '620'],
  ])('validates required fields NIC-style: %j → NIC %s', async (overrides, code) => {
    const res = await generate(overrides);
    expect(res.status).toBe(200);
    expect(res.body.results).toMatchObject({ status: 'No Content', code: 204, nic_code: code });
    expect(res.body.results.message).toMatch(new RegExp(`^${code}: `));
  });

  it('rejects a GSTIN not mapped to the logged-in user', async () => {
    const res = await generate({ userGstin: '09BBBBB1111B1ZL' });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual({
      message: 'GSTIN 09BBBBB1111B1ZL does not exist or is not mapped with logged-in user',
      status: 'No Content',
      code: 204,
      nic_code: '',
    });
  });

  it('lets a user with two GSTINs generate for either', async () => {
    const gamma = await login(mock, GAMMA);
    for (const gstin of GAMMA.gstins) {
      const res = await call(mock, 'POST', GENERATE, {
        token: gamma,
        json: generateBody({ userGstin: gstin, gstin_of_consignor: gstin }),
      });
      expect(res.body.results.code).toBe(200);
    }
  });
});

describe('ewayBillCancel', () => {
  it('cancels once (string ewayBillNo, cancelDate), then answers NIC 312', async () => {
    const number = await generated();
    const body = {
      userGstin: '05AAAAA0000A1Z8',
      eway_bill_number: number,
      reason_of_cancel: 'Data Entry mistake',
      cancel_remark: 'Wrong quantity keyed',
      data_source: 'erp',
    };
    const res = await call(mock, 'POST', CANCEL, { token, json: body });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      results: {
        message: {
          ewayBillNo: String(number),
          cancelDate: expect.stringMatching(/ (AM|PM)$/),
          error: false,
        },
        status: 'Success',
        code: 200,
      },
    });
    expect((await details(number)).body.results.message.eway_bill_status).toBe('Cancelled');
    const again = await call(mock, 'POST', CANCEL, { token, json: body });
    expect(again.body).toEqual(
      nicEnvelope('312', 'This eway bill is either not generated by you or cancelled'),
    );
  });

  it('answers NIC 301 for an unknown e-way bill number', async () => {
    const res = await call(mock, 'POST', CANCEL, {
      token,
      json: { userGstin: '05AAAAA0000A1Z8', eway_bill_number: 123, reason_of_cancel: 'Others' },
    });
    expect(res.body).toEqual(nicEnvelope('301', 'Invalid eway bill number'));
  });
});

describe('updateVehicleNumber (Part-B)', () => {
  it('returns vehUpdDate, validUpto, error and url and lists the new vehicle first', async () => {
    const number = await generated();
    const res = await call(mock, 'POST', PART_B, {
      token,
      json: {
        userGstin: '05AAAAA0000A1Z8',
        eway_bill_number: number,
        vehicle_number: 'UK07CD5678',
        vehicle_type: 'Regular',
        place_of_consignor: 'Haridwar',
        state_of_consignor: 'UTTARAKHAND',
        reason_code_for_vehicle_updation: 'Due to Break Down',
        reason_for_vehicle_updation: 'Axle failure',
        transporter_document_number: 'LR-7781',
        transporter_document_date: '05/03/2025',
        mode_of_transport: 1,
        data_source: 'erp',
      },
    });
    expect(res.body.results).toMatchObject({ status: 'Success', code: 200 });
    expect(Object.keys(res.body.results.message).sort()).toEqual([
      'error',
      'url',
      'validUpto',
      'vehUpdDate',
    ]);
    expect(res.body.results.message.error).toBe(false);
    const vehicles = (await details(number)).body.results.message.VehiclListDetails;
    expect(vehicles.map((v: { vehicle_number: string }) => v.vehicle_number)).toEqual([
      'UK07CD5678',
      'UK07AB1234',
    ]);
  });

  it('answers NIC 225 for a malformed vehicle number', async () => {
    const number = await generated();
    const res = await call(mock, 'POST', PART_B, {
      token,
      json: {
        userGstin: '05AAAAA0000A1Z8',
        eway_bill_number: number,
        vehicle_number: '??',
        mode_of_transport: 1,
      },
    });
    expect(res.body).toEqual(nicEnvelope('225', 'Invalid Vehicle Number Format'));
  });
});

describe('ewayBillValidityExtend', () => {
  const extendBody = (number: number, remaining: number) => ({
    userGstin: '05AAAAA0000A1Z8',
    eway_bill_number: number,
    vehicle_number: 'UK07CD5678',
    place_of_consignor: 'Meerut',
    state_of_consignor: 'UTTAR PRADESH',
    remaining_distance: remaining,
    mode_of_transport: '1',
    extend_validity_reason: 'Accident',
    extend_remarks: 'Vehicle under repair',
    consignment_status: 'M',
    from_pincode: 250001,
  });

  it('extends (string ewayBillNo, updatedDate, validUpto, url) and counts extended_times', async () => {
    const number = await generated();
    // Valid until 07/03/2025 23:59 IST; extension opens 8 h before expiry (NIC 382).
    mock.clock.set('2025-03-07T20:00:00+05:30');
    const later = await login(mock, ALPHA); // the morning token has expired by then
    const res = await call(mock, 'POST', EXTEND, { token: later, json: extendBody(number, 70) });
    mock.clock.set(SAMPLE_TIME);
    expect(res.body.results).toMatchObject({ status: 'Success', code: 200 });
    expect(res.body.results.message).toMatchObject({ ewayBillNo: String(number), error: false });
    expect(Object.keys(res.body.results.message).sort()).toEqual(
      ['error', 'ewayBillNo', 'updatedDate', 'url', 'validUpto'].sort(),
    );
    expect((await details(number)).body.results.message.extended_times).toBe(1);
  });

  it('answers NIC 390 when the remaining distance exceeds the original, 379 when cancelled', async () => {
    const number = await generated();
    const tooFar = await call(mock, 'POST', EXTEND, { token, json: extendBody(number, 999) });
    expect(tooFar.body.results.nic_code).toBe('390');
    await call(mock, 'POST', CANCEL, {
      token,
      json: { userGstin: '05AAAAA0000A1Z8', eway_bill_number: number, reason_of_cancel: 'Others' },
    });
    const cancelled = await call(mock, 'POST', EXTEND, { token, json: extendBody(number, 10) });
    expect(cancelled.body.results.nic_code).toBe('379');
  });
});

describe('getEwayBillData', () => {
  it('GetEwayBill returns the details object with the documented field names', async () => {
    const body = generateBody();
    const number = await generated(body);
    const res = await details(number);
    expect(res.status).toBe(200);
    expect(res.body.results).toMatchObject({ status: 'Success', code: 200 });
    const message = res.body.results.message;
    expect(message).toMatchObject({
      eway_bill_number: number,
      generate_mode: 'API',
      userGstin: '05AAAAA0000A1Z8',
      supply_type: 'OUTWARD',
      document_number: body.document_number,
      pincode_of_consignor: 248001,
      eway_bill_status: 'Active',
      transportation_distance: 210,
      number_of_valid_days: 2,
      extended_times: 0,
      reject_status: 'N',
      vehicle_type: 'regular',
      transaction_type: 'Regular',
      transporter_name: 'GAMMA LOGISTICS',
    });
    expect(message.itemList[0]).toMatchObject({ item_number: 1, hsn_code: 7326, quantity: 100 });
    expect(message.VehiclListDetails[0]).toMatchObject({
      vehicle_number: 'UK07AB1234',
      transportation_mode: 'Road',
      transporter_document_date: null,
      group_number: '0',
    });
  });

  it('shows a bill to the consignee and answers NIC 357 for unknown numbers', async () => {
    const number = await generated();
    const beta = await login(mock, BETA);
    expect((await details(number, '09BBBBB1111B1ZL', beta)).body.results.code).toBe(200);
    const unknown = await details(999_999_999_999);
    expect(unknown.status).toBe(200);
    expect(unknown.body.results).toMatchObject({
      status: 'No Content',
      code: 204,
      nic_code: '357',
    });
  });

  it('GetGSTINDetails returns the taxpayer and NIC 325 for an unknown GSTIN', async () => {
    const known = await call(
      mock,
      'GET',
      `${DATA}?action=GetGSTINDetails&userGstin=05AAAAA0000A1Z8&gstin=09BBBBB1111B1ZL`,
      { token },
    );
    expect(known.body.results.message).toEqual({
      gstin_of_taxpayer: '09BBBBB1111B1ZL',
      trade_name: 'BETA RETAIL LLP',
      legal_name_of_business: 'Beta Retail LLP',
      address1: '12 Market Road',
      address2: '',
      state_name: 'UTTAR PRADESH',
      pincode: '201301',
      taxpayer_type: 'REG',
      status: 'ACT',
      block_status: 'U',
    });
    const unknown = await call(
      mock,
      'GET',
      `${DATA}?action=GetGSTINDetails&userGstin=05AAAAA0000A1Z8&gstin=22ZZZZZ9999Z1ZI`,
      { token },
    );
    expect(unknown.body).toEqual(nicEnvelope('325', 'Could not retrieve data'));
  });

  it('GetEwayBillGeneratedByConsigner finds a bill by document number (the 604 recovery look-up)', async () => {
    const body = generateBody();
    const number = await generated(body);
    const query = `action=GetEwayBillGeneratedByConsigner&gstin=05AAAAA0000A1Z8&document_type=Tax%20Invoice&document_number=${encodeURIComponent(body.document_number as string)}`;
    const res = await call(mock, 'GET', `${DATA}?${query}`, { token });
    expect(res.body.results.message).toMatchObject({ ewayBillNo: number, alert: '' });
    const missing = await call(
      mock,
      'GET',
      `${DATA}?action=GetEwayBillGeneratedByConsigner&gstin=05AAAAA0000A1Z8&document_number=NOPE`,
      { token },
    );
    expect(missing.body.results.nic_code).toBe('418');
  });
});
