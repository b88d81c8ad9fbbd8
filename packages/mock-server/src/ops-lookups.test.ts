import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALPHA, BETA, call, GAMMA, generateBody, login } from '../test/helpers.js';
import { startMockServer, type MockServer } from './index.js';

/** The sample date of our made-up examples: 05/03/2025 11:20 IST. */
const SAMPLE_TIME = '2025-03-05T11:20:00+05:30';
const V1 = '/api/v1';
const ALPHA_GSTIN = '05AAAAA0000A1Z8';
const BETA_GSTIN = '09BBBBB1111B1ZL';
const GAMMA_GSTIN = '05CCCCC2222C1ZE';

let mock: MockServer;
let alpha: string;
beforeEach(async () => {
  mock = await startMockServer({ startTime: SAMPLE_TIME });
  alpha = await login(mock, ALPHA);
});
afterEach(async () => {
  await mock.close();
});

async function lookUp(token: string, action: string, params: Record<string, string>) {
  const query = new URLSearchParams({ action, ...params });
  const res = await call(mock, 'GET', `${V1}/getEwayBillData/?${query}`, { token });
  expect(res.status).toBe(200);
  return res.body.results;
}
async function generated(overrides: Record<string, unknown> = {}): Promise<number> {
  const res = await call(mock, 'POST', `${V1}/ewayBillsGenerate/`, {
    token: alpha,
    json: generateBody(overrides),
  });
  expect(res.body.results.code).toBe(200);
  return res.body.results.message.ewayBillNo as number;
}
const numbers = (results: { message: { eway_bill_number: number }[] }) =>
  results.message.map((row) => row.eway_bill_number);

// https://docs.mastersindia.co/eway/get-ewb-by-date, /get-other-party-ewb,
// /get-ewaybills-rejected-by-others
describe('getEwayBillData date look-ups', () => {
  it('GetEwayBillsByDate lists the caller’s bills of the IST day; 418 for another day or a bad date', async () => {
    const number = await generated();
    const found = await lookUp(alpha, 'GetEwayBillsByDate', {
      gstin: ALPHA_GSTIN,
      generated_date: '05/03/2025',
    });
    expect(found.status).toBe('Success');
    expect(found.message).toEqual([
      {
        eway_bill_number: number,
        eway_bill_date: '05/03/2025 11:20:00 AM',
        eway_bill_status: 'Active',
        gstin_of_generator: ALPHA_GSTIN,
        document_number: expect.stringMatching(/^SIM\//),
        document_date: '05/03/2025',
        pincode_of_delivery: 201301,
        state_name_of_delivery: 'UTTAR PRADESH',
        place_of_delivery: 'Noida',
        eway_bill_valid_date: '07/03/2025 11:59:00 PM',
        extended_times: 0,
        reject_status: 'N',
      },
    ]);
    for (const generated_date of ['06/03/2025', '2025-03-05']) {
      const none = await lookUp(alpha, 'GetEwayBillsByDate', {
        gstin: ALPHA_GSTIN,
        generated_date,
      });
      expect(none).toMatchObject({ code: 204, nic_code: '418' });
    }
    const notMapped = await lookUp(alpha, 'GetEwayBillsByDate', {
      gstin: BETA_GSTIN,
      generated_date: '05/03/2025',
    });
    expect(notMapped.message).toMatch(/not mapped with logged-in user/);
  });

  it('GetEwayBillsofOtherParty: NIC 366 for today, the other party’s bills for an earlier day, 418 when none', async () => {
    const number = await generated();
    const beta = await login(mock, BETA);
    const params = { gstin: BETA_GSTIN, generated_date: '05/03/2025' };
    expect(await lookUp(beta, 'GetEwayBillsofOtherParty', params)).toMatchObject({
      code: 204,
      nic_code: '366',
    });
    mock.clock.set('2025-03-06T00:30:00+05:30');
    const found = await lookUp(beta, 'GetEwayBillsofOtherParty', params);
    expect(numbers(found)).toEqual([number]);
    expect(found.message[0]).toMatchObject({
      userGstin: ALPHA_GSTIN,
      gstin_of_consignee: BETA_GSTIN,
      hsn_code: 7326,
      generate_mode: 'API',
      reject_status: 'N',
    });
    const own = await lookUp(alpha, 'GetEwayBillsofOtherParty', {
      gstin: ALPHA_GSTIN,
      generated_date: '05/03/2025',
    });
    expect(own.nic_code).toBe('418');
  });

  it('GetEwayBillsRejectedByOthers lists rejected bills with reject_date and "" for empty numbers', async () => {
    const number = await generated();
    const params = { gstin: ALPHA_GSTIN, generated_date: '05/03/2025' };
    expect((await lookUp(alpha, 'GetEwayBillsRejectedByOthers', params)).nic_code).toBe('418');
    mock.clock.set('2025-03-06T00:30:00+05:30');
    const beta = await login(mock, BETA);
    const rejected = await call(mock, 'POST', `${V1}/ewayBillReject/`, {
      token: beta,
      json: { userGstin: BETA_GSTIN, eway_bill_number: number },
    });
    expect(rejected.body.results.code).toBe(200);
    const found = await lookUp(alpha, 'GetEwayBillsRejectedByOthers', params);
    expect(numbers(found)).toEqual([number]);
    expect(found.message[0]).toMatchObject({
      reject_status: 'Y',
      reject_date: '06/03/2025 12:30:00 AM',
      extended_times: '',
      pincode_of_delivery: 201301,
    });
  });
});

// https://docs.mastersindia.co/eway/get-ewb-by-transporter-1 … -4
describe('getEwayBillData transporter reports', () => {
  it('answers the four transporter reports with their own parameters, NIC 336 when none', async () => {
    const number = await generated();
    const gamma = await login(mock, GAMMA);
    const day = { gstin: GAMMA_GSTIN, generated_date: '05/03/2025' };
    const report = (action: string, params: Record<string, string>) =>
      lookUp(gamma, action, params);

    expect(numbers(await report('GetEwayBillsForTransporter', day))).toEqual([number]);
    expect(
      (await report('GetEwayBillsForTransporter', { ...day, generated_date: '04/03/2025' }))
        .nic_code,
    ).toBe('336');
    expect(
      numbers(await report('GetEwayBillsForTransporterByState', { ...day, state_code: '5' })),
    ).toEqual([number]);
    expect(
      (await report('GetEwayBillsForTransporterByState', { ...day, state_code: '9' })).nic_code,
    ).toBe('336');
    expect(
      numbers(
        await report('GetEwayBillsForTransporterByGstin', {
          ...day,
          eway_bill_generator_gstin: ALPHA_GSTIN,
        }),
      ),
    ).toEqual([number]);
    expect(
      (
        await report('GetEwayBillsForTransporterByGstin', {
          ...day,
          eway_bill_generator_gstin: BETA_GSTIN,
        })
      ).nic_code,
    ).toBe('336');
    const assigned = { gstin: GAMMA_GSTIN, assigned_date: '05/03/2025', state_code: '5' };
    expect(numbers(await report('GetEwayBillReportByTransporterassignedDate', assigned))).toEqual([
      number,
    ]);

    // A bill handed to Gamma by update transporter on the next day counts on that day.
    const later = await generated({ transporter_id: '', transporter_name: '' });
    mock.clock.set('2025-03-06T09:00:00+05:30');
    const updated = await call(mock, 'POST', `${V1}/transporterIdUpdate/`, {
      token: alpha,
      json: {
        userGstin: ALPHA_GSTIN,
        eway_bill_number: later,
        transporter_id: GAMMA_GSTIN,
        transporter_name: 'Gamma Logistics',
      },
    });
    expect(updated.body.results.code).toBe(200);
    expect(
      numbers(
        await report('GetEwayBillReportByTransporterassignedDate', {
          ...assigned,
          assigned_date: '06/03/2025',
        }),
      ),
    ).toEqual([later]);
    expect(
      (
        await report('GetEwayBillReportByTransporterassignedDate', {
          ...assigned,
          assigned_date: '07/03/2025',
        })
      ).nic_code,
    ).toBe('336');
  });
});

// https://docs.mastersindia.co/eway/get-gstin-details, /get-transporter-details, /get-hsn-details
describe('getEwayBillData master look-ups', () => {
  it('GetTransporterDetails answers the transporter and NIC 325 for an unknown one', async () => {
    const found = await lookUp(alpha, 'GetTransporterDetails', {
      userGstin: ALPHA_GSTIN,
      transporter_gstin: GAMMA_GSTIN,
    });
    expect(found).toEqual({
      message: {
        gstin_of_taxpayer: GAMMA_GSTIN,
        trade_name: 'GAMMA LOGISTICS',
        legal_name_of_business: 'Gamma Logistics',
        address1: '3 Transport Nagar',
        address2: '',
        state_name: 'UTTARAKHAND',
        pincode: '248002',
      },
      status: 'Success',
      code: 200,
    });
    const unknown = await lookUp(alpha, 'GetTransporterDetails', {
      userGstin: ALPHA_GSTIN,
      transporter_gstin: '22ZZZZZ9999Z1ZI',
    });
    expect(unknown).toEqual({
      message: '325: Could not retrieve data',
      status: 'No Content',
      code: 204,
      nic_code: '325',
    });
  });

  it('GetHsnDetailsByHsnCode answers the HSN and NIC 216 for an unknown code', async () => {
    expect(
      (await lookUp(alpha, 'GetHsnDetailsByHsnCode', { userGstin: ALPHA_GSTIN, hsncode: '7326' }))
        .message,
    ).toEqual({ hsn_code: '7326', hsn_description: 'Other articles of iron or steel' });
    expect(
      await lookUp(alpha, 'GetHsnDetailsByHsnCode', { userGstin: ALPHA_GSTIN, hsncode: '0000' }),
    ).toEqual({
      message: '216: Invalid HSN Code',
      status: 'No Content',
      code: 204,
      nic_code: '216',
    });
  });

  it('GetTripSheet answers NIC 325 for an unknown consolidated number', async () => {
    const res = await lookUp(alpha, 'GetTripSheet', {
      gstin: ALPHA_GSTIN,
      consolidated_eway_bill_number: '1519999999',
    });
    expect(res).toMatchObject({
      code: 204,
      nic_code: '325',
      message: '325: Could not retrieve data',
    });
  });
});
