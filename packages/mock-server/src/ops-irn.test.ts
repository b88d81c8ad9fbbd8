import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALPHA, BETA, call, login } from '../test/helpers.js';
import { startMockServer, type MockServer } from './index.js';

const V1 = '/api/v1';
const ALPHA_GSTIN = '05AAAAA0000A1Z8';
const IRN = 'a5c12dca80e743321740b001fd70953e8738d109865d28ba4013750f2046f229';

let mock: MockServer;
let alpha: string;
beforeEach(async () => {
  mock = await startMockServer({ startTime: '2025-03-05T11:20:00+05:30' });
  alpha = await login(mock, ALPHA);
});
afterEach(async () => {
  await mock.close();
});

/** The doc body of https://docs.mastersindia.co/einvoicing/generate-e-way-bill-by-irn. */
const irnBody = (overrides: Record<string, unknown> = {}) => ({
  user_gstin: ALPHA_GSTIN,
  irn: IRN,
  transporter_id: '05CCCCC2222C1ZE',
  transportation_mode: '1',
  transporter_document_number: 'LR-1',
  transporter_document_date: '05/03/2025',
  vehicle_number: 'UK07AB1234',
  distance: 210,
  vehicle_type: 'R',
  transporter_name: 'Gamma Logistics',
  data_source: 'erp',
  ...overrides,
});
const failed = (errorMessage: string) => ({
  results: { message: '', errorMessage, InfoDtls: '', status: 'Failed', code: 204 },
});

// https://docs.mastersindia.co/einvoicing/generate-e-way-bill-by-irn, /get-e-waybill-details-by-irn
describe('IRN-based e-way endpoints', () => {
  it('generates from an IRN and gets it back with yyyy-mm-dd HH:MM:SS dates', async () => {
    const res = await call(mock, 'POST', `${V1}/gen-ewb-by-irn/`, {
      token: alpha,
      json: irnBody(),
    });
    expect(res.status).toBe(200);
    expect(res.body.results).toMatchObject({
      status: 'Success',
      code: 200,
      errorMessage: '',
      InfoDtls: '',
      message: {
        EwbNo: 351000000001,
        EwbDt: '2025-03-05 11:20:00',
        EwbValidTill: '2025-03-07 23:59:00',
        EwaybillPdf: expect.stringMatching(/^127\.0\.0\.1:\d+\/api\/v1\/detailPrintPdf\//),
      },
    });
    const got = await call(
      mock,
      'GET',
      `${V1}/get-ewb-byirn/?user_gstin=${ALPHA_GSTIN}&irn=${IRN}`,
      {
        token: alpha,
      },
    );
    expect(got.body).toEqual({
      results: {
        message: {
          EwbNo: 351000000001,
          Status: 'ACT',
          GenGstin: ALPHA_GSTIN,
          EwbDt: '2025-03-05 11:20:00',
          EwbValidTill: '2025-03-07 23:59:00',
          Alert: '',
        },
        errorMessage: '',
        InfoDtls: '',
        status: 'Success',
        code: 200,
      },
    });
  });

  it('answers 2302 for an IRN that is not active, 4002 for a second generate, field codes in errorMessage', async () => {
    const post = async (overrides: Record<string, unknown>) =>
      (
        await call(mock, 'POST', `${V1}/gen-ewb-by-irn/`, {
          token: alpha,
          json: irnBody(overrides),
        })
      ).body;
    expect(await post({ irn: 'not-an-irn' })).toEqual(failed('2302: IRN is not active'));
    expect((await post({ distance: 5000 })).results.errorMessage).toMatch(/^221: /);
    expect((await post({ vehicle_number: 'UK 07' })).results.errorMessage).toMatch(/^225: /);
    expect((await post({ transportation_mode: '7' })).results.errorMessage).toMatch(/^220: /);
    expect((await post({})).results.code).toBe(200);
    expect(await post({})).toEqual(failed('4002: EwayBill is already generated for this IRN'));
    expect((await post({ user_gstin: '09BBBBB1111B1ZL' })).results).toMatchObject({
      status: 'Failed',
      errorMessage: expect.stringMatching(/not mapped with logged-in user/),
    });
  });

  it('get answers 4005 for an IRN without an e-way bill or of another GSTIN', async () => {
    await call(mock, 'POST', `${V1}/gen-ewb-by-irn/`, { token: alpha, json: irnBody() });
    const other = 'b'.repeat(64);
    const none = await call(
      mock,
      'GET',
      `${V1}/get-ewb-byirn/?user_gstin=${ALPHA_GSTIN}&irn=${other}`,
      {
        token: alpha,
      },
    );
    expect(none.body).toEqual(failed('4005: EWB details are not found'));
    const beta = await login(mock, BETA);
    const foreign = await call(
      mock,
      'GET',
      `${V1}/get-ewb-byirn/?user_gstin=09BBBBB1111B1ZL&irn=${IRN}`,
      { token: beta },
    );
    expect(foreign.body).toEqual(failed('4005: EWB details are not found'));
  });
});
