import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALPHA, call, generateBody, login } from '../test/helpers.js';
import { startMockServer, type MockServer } from './index.js';

let mock: MockServer;
let token: string;
beforeEach(async () => {
  mock = await startMockServer({ startTime: '2025-03-05T11:20:00+05:30' });
  token = await login(mock, ALPHA);
});
afterEach(async () => {
  await mock.close();
});

// https://docs.mastersindia.co/eway/generate-e-way-bill-in-bulk, /get-e-way-bill-in-bulk,
// /generate-e-way-request-in-bulk
describe('bulk generation', () => {
  it('accepts, answers "No records found." until ready, then the per-document array (both id spellings)', async () => {
    const accepted = await call(mock, 'POST', '/api/v1/ewayBillsGenerateInBulk/', {
      token,
      json: { ewayBillList: [generateBody(), generateBody({ supply_type: 'sideways' })] },
    });
    const { requestId, request_status } = accepted.body.results;
    expect(request_status).toBe('pending');
    expect(requestId).toMatch(/^edoc_\d+_[0-9a-f]{12}$/);
    const early = await call(
      mock,
      'GET',
      `/api/v1/getBulkEwayBillsResponse/?request_id=${requestId}`,
      { token },
    );
    expect(early.body.results).toMatchObject({
      code: 204,
      message: 'No records found.',
      requestId,
    });
    mock.clock.advance(2_000);
    for (const key of ['request_id', 'requestId']) {
      const ready = await call(
        mock,
        'GET',
        `/api/v1/getBulkEwayBillsResponse/?${key}=${requestId}`,
        { token },
      );
      expect(ready.body.results).toHaveLength(2);
      expect(ready.body.results[0]).toMatchObject({ status: 'Success', code: 200 });
      expect(ready.body.results[1]).toMatchObject({ code: 204, nic_code: '201' });
    }
    const bad = await call(mock, 'POST', '/api/v1/ewayBillsGenerateInBulk/', {
      token,
      json: { nope: 1 },
    });
    expect(bad.body).toEqual({
      error: 'invalid_request',
      error_description: 'Invalid Json Structure.',
    });
  });

  it('generic bulk request uses request_id and answers "Invalid Action" for another action', async () => {
    const accepted = await call(mock, 'POST', '/api/v1/bulkEwayApiRequest/', {
      token,
      json: { action: 'eway', list: [generateBody()] },
    });
    const id = accepted.body.results.request_id;
    expect(id).toMatch(/^edoc_/);
    const early = await call(mock, 'GET', `/api/v1/bulkEwayApiResponse/?request_id=${id}`, {
      token,
    });
    expect(early.body.results).toMatchObject({ code: 204, request_id: id });
    mock.clock.advance(2_000);
    const ready = await call(mock, 'GET', `/api/v1/bulkEwayApiResponse/?request_id=${id}`, {
      token,
    });
    expect(ready.body.results[0]).toMatchObject({ status: 'Success' });
    const invalid = await call(mock, 'POST', '/api/v1/bulkEwayApiRequest/', {
      token,
      json: { action: 'x', list: [] },
    });
    expect(invalid.body.results).toEqual({
      status: 'No Content',
      message: 'Invalid Action',
      code: 204,
      request_status: 'Not Accepted',
      request_id: '',
    });
  });
});

// https://docs.mastersindia.co/eway/return-status-blocked-and-unblocked
describe('returnStatus and distance', () => {
  it('maps GSTINs to Unblocked, or Fail with the per-GSTIN text', async () => {
    const ok = await call(mock, 'POST', '/api/v1/returnStatus/', {
      token,
      json: {
        user_gstin: '05AAAAA0000A1Z8',
        GSTIN_Status: 'N',
        gstin_list: [{ gstin: '09BBBBB1111B1ZL' }],
      },
    });
    expect(ok.body.results).toEqual({
      message: { '09BBBBB1111B1ZL': 'Unblocked' },
      status: 'Success',
      code: 200,
    });
    const fail = await call(mock, 'POST', '/api/v1/returnStatus/', {
      token,
      json: { user_gstin: '05AAAAA0000A1Z8', gstin_list: [{ gstin: '36ZZZZZ0000Z1Z0' }] },
    });
    expect(fail.body.results).toEqual({
      message: { '36ZZZZZ0000Z1Z0': 'Incorrect user id/User does not exists' },
      status: 'Fail',
      code: 204,
    });
  });

  it('answers results.distance', async () => {
    const res = await call(mock, 'GET', '/api/v1/distance/?fromPincode=248001&toPincode=201301', {
      token,
    });
    expect(res.body.results).toMatchObject({
      distance: expect.any(Number),
      status: 'Success',
      code: 200,
    });
  });
});
