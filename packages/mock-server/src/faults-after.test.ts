import { afterEach, describe, expect, it } from 'vitest';
import { call, generateBody, login } from '../test/helpers.js';
import { startMockServer, type MockServer } from './index.js';

const GENERATE = '/api/v1/ewayBillsGenerate/';
const BY_CONSIGNOR = (documentNumber: string) =>
  `/api/v1/getEwayBillData/?action=GetEwayBillGeneratedByConsigner&gstin=05AAAAA0000A1Z5&document_type=INV&document_number=${encodeURIComponent(documentNumber)}`;

let mock: MockServer;
afterEach(async () => {
  await mock?.close();
});

describe('faults after the handler (after: true)', () => {
  it('generates the bill, then drops the connection; a retry then hits 604 for the same document', async () => {
    mock = await startMockServer({ startTime: '2025-03-05T10:00:00+05:30' });
    const token = await login(mock);
    const body = generateBody();
    mock.fault({ path: GENERATE, method: 'POST', after: true, dropConnection: true, times: 1 });
    await expect(call(mock, 'POST', GENERATE, { token, json: body })).rejects.toThrow();
    expect(mock.requests().at(-1)).toMatchObject({ path: GENERATE, status: 0, handledStatus: 200 });
    // The operation took effect: the bill exists.
    const lookUp = await call(mock, 'GET', BY_CONSIGNOR(body.document_number as string), { token });
    expect(lookUp.body.results.status).toBe('Success');
    const retry = await call(mock, 'POST', GENERATE, { token, json: body });
    expect(retry.body.results.nic_code).toBe('604');
  });

  it('generates the bill, then delays the answer past a client timeout', async () => {
    mock = await startMockServer({ startTime: '2025-03-05T10:00:00+05:30' });
    const token = await login(mock);
    const body = generateBody();
    mock.fault({ path: GENERATE, method: 'POST', after: true, delayMs: 400, times: 1 });
    await expect(
      fetch(`${mock.url}${GENERATE}`, {
        method: 'POST',
        headers: { authorization: `JWT ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(100),
      }),
    ).rejects.toThrow();
    const lookUp = await call(mock, 'GET', BY_CONSIGNOR(body.document_number as string), { token });
    expect(lookUp.body.results.status).toBe('Success');
  });

  it('replaces the answer with status/body after the operation took effect', async () => {
    mock = await startMockServer({ startTime: '2025-03-05T10:00:00+05:30' });
    const token = await login(mock);
    const body = generateBody();
    mock.fault({ path: GENERATE, after: true, status: 502, body: '<html>Bad Gateway</html>' });
    const res = await call(mock, 'POST', GENERATE, { token, json: body });
    expect(res.status).toBe(502);
    expect(mock.requests().at(-1)).toMatchObject({ status: 502, handledStatus: 200 });
    const retry = await call(mock, 'POST', GENERATE, { token, json: body });
    expect(retry.status).toBe(502);
  });

  it('a before-fault (default) prevents the operation', async () => {
    mock = await startMockServer({ startTime: '2025-03-05T10:00:00+05:30' });
    const token = await login(mock);
    const body = generateBody();
    mock.fault({ path: GENERATE, dropConnection: true, times: 1 });
    await expect(call(mock, 'POST', GENERATE, { token, json: body })).rejects.toThrow();
    const res = await call(mock, 'POST', GENERATE, { token, json: body });
    expect(res.body.results.status).toBe('Success');
  });
});
