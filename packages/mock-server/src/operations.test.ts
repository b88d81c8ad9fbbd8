import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALPHA, BETA, call, GAMMA, generateBody, login } from '../test/helpers.js';
import { startMockServer, type MockServer } from './index.js';

/** Reference §3.2 / §3.13 sample date: 05/03/2025 11:20 IST (valid until 07/03 23:59 for 210 km). */
const SAMPLE_TIME = '2025-03-05T11:20:00+05:30';
const V1 = '/api/v1';

let mock: MockServer;
let alpha: string;
beforeEach(async () => {
  mock = await startMockServer({ startTime: SAMPLE_TIME });
  alpha = await login(mock, ALPHA);
});
afterEach(async () => {
  await mock.close();
});

async function post(path: string, json: unknown, token = alpha) {
  return (await call(mock, 'POST', `${V1}${path}`, { token, json })).body.results;
}
async function generated(overrides: Record<string, unknown> = {}): Promise<number> {
  const results = await post('/ewayBillsGenerate/', generateBody(overrides));
  expect(results.code).toBe(200);
  return results.message.ewayBillNo as number;
}
const extendBody = (number: number, overrides: Record<string, unknown> = {}) => ({
  userGstin: '05AAAAA0000A1Z8',
  eway_bill_number: number,
  vehicle_number: 'UK07CD5678',
  place_of_consignor: 'Meerut',
  state_of_consignor: 'UTTAR PRADESH',
  remaining_distance: 70,
  transporter_document_number: 'LR-7781',
  transporter_document_date: '05/03/2025',
  mode_of_transport: '1',
  extend_validity_reason: 'Accident',
  extend_remarks: 'Vehicle under repair',
  consignment_status: 'M',
  from_pincode: 250001,
  transit_type: '',
  address_line1: '',
  address_line2: '',
  address_line3: '',
  ...overrides,
});

describe('generate rules and fidelity', () => {
  it('accepts the sample body at its date with minute-precision times and a scheme-less url', async () => {
    const results = await post('/ewayBillsGenerate/', generateBody());
    expect(results.status).toBe('Success');
    expect(results.message.ewayBillDate).toBe('05/03/2025 11:20:00 AM');
    expect(results.message.validUpto).toBe('07/03/2025 11:59:00 PM');
    expect(results.message.url).toMatch(/^127\.0\.0\.1:\d+\/api\/v1\/detailPrintPdf\/SIMPDF\d+\/$/);
  });

  it('answers NIC 820 for a document older than 180 days', async () => {
    mock.clock.set('2025-09-05T11:20:00+05:30');
    const token = await login(mock, ALPHA);
    expect((await post('/ewayBillsGenerate/', generateBody(), token)).nic_code).toBe('820');
  });

  it('answers NIC 362 for a transport document dated before the invoice', async () => {
    const body = generateBody({
      transporter_document_number: 'LR-1',
      transporter_document_date: '04/03/2025',
    });
    expect((await post('/ewayBillsGenerate/', body)).nic_code).toBe('362');
  });

  it('prints the by-consignor validUpto in 24-hour time with a trailing space', async () => {
    const body = generateBody();
    await post('/ewayBillsGenerate/', body);
    const res = await call(
      mock,
      'GET',
      `${V1}/getEwayBillData/?action=GetEwayBillGeneratedByConsigner&gstin=05AAAAA0000A1Z8&document_type=INV&document_number=${encodeURIComponent(body.document_number as string)}`,
      { token: alpha },
    );
    expect(res.body.results.message.validUpto).toBe('07/03/2025 23:59:00 ');
  });

  it('prints the 357 text of the get-details page', async () => {
    const res = await call(
      mock,
      'GET',
      `${V1}/getEwayBillData/?action=GetEwayBill&gstin=05AAAAA0000A1Z8&eway_bill_number=351999999999`,
      { token: alpha },
    );
    expect(res.body.results.message).toBe(
      '357: Could not retrieve eway bill details, pl. contact helpdesk',
    );
  });
});

describe('cancel and Part-B windows', () => {
  it('answers NIC 315 for a cancel after 24 h and 313 for an unknown reason', async () => {
    const number = await generated();
    const cancel = {
      userGstin: '05AAAAA0000A1Z8',
      eway_bill_number: number,
      reason_of_cancel: 'Because',
    };
    expect((await post('/ewayBillCancel/', cancel)).nic_code).toBe('313');
    mock.clock.advance(25 * 3_600_000);
    const token = await login(mock, ALPHA);
    expect(
      (await post('/ewayBillCancel/', { ...cancel, reason_of_cancel: 'Others' }, token)).nic_code,
    ).toBe('315');
  });

  it('answers NIC 311 for a Part-B update after the validity lapsed', async () => {
    const number = await generated();
    mock.clock.set('2025-03-08T00:30:00+05:30');
    const token = await login(mock, ALPHA);
    const body = {
      userGstin: '05AAAAA0000A1Z8',
      eway_bill_number: number,
      vehicle_number: 'UK07CD5678',
      mode_of_transport: 1,
    };
    expect((await post('/updateVehicleNumber/', body, token)).nic_code).toBe('311');
  });

  it('answers NIC 362 for a Part-B transport document before the invoice date', async () => {
    const number = await generated();
    const body = {
      userGstin: '05AAAAA0000A1Z8',
      eway_bill_number: number,
      vehicle_number: 'UK07CD5678',
      mode_of_transport: 1,
      transporter_document_number: 'LR-1',
      transporter_document_date: '01/03/2025',
    };
    expect((await post('/updateVehicleNumber/', body)).nic_code).toBe('362');
  });
});

describe('extend validity (§3.5, NIC 382 ±8 h window)', () => {
  it('refuses before the window (382), accepts inside it, refuses after it (382)', async () => {
    const early = await generated();
    const late = await generated();
    mock.clock.set('2025-03-07T15:58:00+05:30'); // 8 h 01 min before 23:59
    let token = await login(mock, ALPHA);
    expect((await post('/ewayBillValidityExtend/', extendBody(early), token)).nic_code).toBe('382');
    mock.clock.set('2025-03-07T16:00:00+05:30');
    const ok = await post('/ewayBillValidityExtend/', extendBody(early), token);
    expect(ok.status).toBe('Success');
    mock.clock.set('2025-03-08T08:00:00+05:30'); // 8 h 01 min after expiry
    token = await login(mock, ALPHA);
    expect((await post('/ewayBillValidityExtend/', extendBody(late), token)).nic_code).toBe('382');
  });

  it.each([
    { consignment_status: 'M', mode_of_transport: '5' },
    { consignment_status: 'M', transit_type: 'R' },
    { consignment_status: 'T', mode_of_transport: '1', transit_type: 'R' },
    { consignment_status: 'T', mode_of_transport: '5', transit_type: '' },
    { consignment_status: 'T', mode_of_transport: '5', transit_type: 'W', address_line1: '' },
  ])(
    'answers NIC 220 for the consignment status / mode / transit type combination %o',
    async (overrides) => {
      const number = await generated();
      mock.clock.set('2025-03-07T20:00:00+05:30');
      const token = await login(mock, ALPHA);
      expect(
        (await post('/ewayBillValidityExtend/', extendBody(number, overrides), token)).nic_code,
      ).toBe('220');
    },
  );

  it('accepts an in-transit extension with a transit type and an address', async () => {
    const number = await generated();
    mock.clock.set('2025-03-07T20:00:00+05:30');
    const token = await login(mock, ALPHA);
    const inTransit = {
      consignment_status: 'T',
      mode_of_transport: '5',
      transit_type: 'W',
      address_line1: 'Warehouse 4',
    };
    expect(
      (await post('/ewayBillValidityExtend/', extendBody(number, inTransit), token)).status,
    ).toBe('Success');
  });

  it.each([
    ['381', 'a bill without Part-B', { vehicle_number: '', transportation_mode: '' }, ALPHA, {}],
    [
      '384',
      'a party neither generator nor transporter',
      {},
      BETA,
      { userGstin: '09BBBBB1111B1ZL' },
    ],
    ['389', 'a missing remaining distance', {}, ALPHA, { remaining_distance: '' }],
  ] as const)('answers %s for %s', async (code, _why, bill, user, overrides) => {
    const number = await generated({ transporter_id: '05CCCCC2222C1ZE', ...bill });
    const token = await login(mock, user);
    expect(
      (await post('/ewayBillValidityExtend/', extendBody(number, overrides), token)).nic_code,
    ).toBe(code);
  });
});

describe('update transporter (§3.6)', () => {
  it('updates, answers 222 for an invalid id and 338 once the transporter entered Part-B', async () => {
    const number = await generated();
    const body = {
      userGstin: '05AAAAA0000A1Z8',
      eway_bill_number: number,
      transporter_id: '27CCCCC2222C1Z8',
      transporter_name: 'Gamma West',
    };
    const ok = await post('/transporterIdUpdate/', body);
    expect(ok.message).toMatchObject({
      ewayBillNo: String(number),
      transporterId: '27CCCCC2222C1Z8',
      transUpdateDate: '05/03/2025 11:20:00 AM',
      error: false,
    });
    expect(
      (await post('/transporterIdUpdate/', { ...body, transporter_id: 'NOPE' })).nic_code,
    ).toBe('222');
    const gamma = await login(mock, GAMMA);
    await post(
      '/updateVehicleNumber/',
      {
        userGstin: '27CCCCC2222C1Z8',
        eway_bill_number: number,
        vehicle_number: 'MH01AB1234',
        mode_of_transport: 1,
      },
      gamma,
    );
    expect((await post('/transporterIdUpdate/', body)).nic_code).toBe('338');
  });
});

describe('reject (§3.7)', () => {
  const reject = async (user: typeof ALPHA, eway_bill_number: number) =>
    post(
      '/ewayBillReject/',
      { userGstin: user.gstins[0], eway_bill_number },
      await login(mock, user),
    );

  it.each([
    ['341', 'the generator (its own bill)', ALPHA],
    ['342', 'a party other than consignor and consignee', GAMMA],
  ] as const)('answers %s to %s', async (code, _who, user) => {
    expect((await reject(user, await generated())).nic_code).toBe(code);
  });

  it('answers 344 for an invalid EWB number', async () => {
    expect((await reject(BETA, 123)).nic_code).toBe('344');
  });

  it('lets the consignee reject within 72 h, once (343 the second time)', async () => {
    const number = await generated();
    expect((await reject(BETA, number)).message).toEqual({
      ewayBillNo: String(number),
      ewbRejectedDate: '05/03/2025 11:20:00 AM',
      error: false,
    });
    expect((await reject(BETA, number)).nic_code).toBe('343');
  });

  it.each([
    ['346', 'after 72 h of a long journey', '2000', () => mock.clock.advance(73 * 3_600_000)],
    // 50 km: valid until 06/03 23:59
    ['345', 'after the validity lapsed', '50', () => mock.clock.set('2025-03-07T01:00:00+05:30')],
  ] as const)('answers %s %s', async (code, _when, distance, move) => {
    const number = await generated({ transportation_distance: distance });
    move();
    expect((await reject(BETA, number)).nic_code).toBe(code);
  });
});

describe('consolidated e-way bills (§3.8, §3.9) and GetTripSheet', () => {
  const consolidatedBody = (numbers: number[]) => ({
    userGstin: '05AAAAA0000A1Z8',
    place_of_consignor: 'Dehradun',
    state_of_consignor: 'UTTARAKHAND',
    vehicle_number: 'UK07AB1234',
    mode_of_transport: '1',
    transporter_document_number: 'LR-1',
    transporter_document_date: '05/03/2025',
    data_source: 'erp',
    list_of_eway_bills: numbers.map((n) => ({ eway_bill_number: String(n) })),
  });

  it('generates, looks up and regenerates a trip sheet', async () => {
    const a = await generated();
    const b = await generated();
    const body = consolidatedBody([a, b]);
    const created = await post('/consolidatedEwayBillsGenerate/', body);
    expect(created.message.cEwbNo).toMatch(/^\d{10}$/);
    expect(created.message.url).toMatch(/\/api\/v1\/consolidatePrintPdf\/\d+$/);
    const sheet = await call(
      mock,
      'GET',
      `${V1}/getEwayBillData/?action=GetTripSheet&gstin=05AAAAA0000A1Z8&consolidated_eway_bill_number=${created.message.cEwbNo}`,
      { token: alpha },
    );
    expect(
      sheet.body.results.message.tripSheetEwbBills.map(
        (bill: { eway_bill_number: number }) => bill.eway_bill_number,
      ),
    ).toEqual([a, b]);
    const again = await post('/consolidatedEwayBillsRegenerate/', {
      ...body,
      consolidated_eway_bill_number: Number(created.message.cEwbNo),
      reason_of_cancel: 'Data Entry Mistake',
      reason_for_updation: 'new truck',
    });
    expect(again.message.tripSheetEwayBills).toEqual([{ ewbNo: a }, { ewbNo: b }]);
  });

  it.each([
    ['224', 'a malformed transport document date', { transporter_document_date: '2025-03-05' }],
    [
      '301',
      'an unknown e-way bill',
      { list_of_eway_bills: [{ eway_bill_number: '351999999999' }] },
    ],
  ])('answers %s for %s', async (code, _why, overrides) => {
    const body = { ...consolidatedBody([await generated()]), ...overrides };
    expect((await post('/consolidatedEwayBillsGenerate/', body)).nic_code).toBe(code);
  });
});
