import { createMastersClient, type MastersClient } from '@mastersfetch/core';
import { startMockServer, type MockServer } from '@mastersfetch/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EwayBillApiError,
  EwayBillOutcomeUnknownError,
  ewayBills,
  formatRequestDate,
  type EwayBills,
} from '../src/index.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { CONSIGNOR, generateBody, USERS } from './helpers.js';

const GENERATE = '/api/v1/ewayBillsGenerate/';

let mock: MockServer;
let proxy: FaultProxy;
let client: MastersClient;
let eway: EwayBills;
let directClient: MastersClient;

beforeAll(async () => {
  mock = await startMockServer({ users: USERS.map((u) => ({ ...u, gstins: [...u.gstins] })) });
  proxy = await startFaultProxy(mock.url);
  client = createMastersClient({
    baseUrl: proxy.url,
    credentials: { username: USERS[0].username, password: USERS[0].password },
  });
  eway = ewayBills(client);
  await client.warmUp();
  directClient = createMastersClient({
    baseUrl: mock.url,
    credentials: { username: USERS[0].username, password: USERS[0].password },
  });
});
afterAll(async () => {
  await client.close();
  await directClient.close();
  await proxy.close();
  await mock.close();
});

const generatesAtMock = (): number => mock.stats().byPath[GENERATE] ?? 0;

/**
 * The numbers of every bill the mock holds for a document, asked directly (not through the proxy):
 * today's bills of the consignor (`GetEwayBillsByDate`; NIC 418 = none), filtered by document.
 */
async function billsAtMock(documentNumber: string): Promise<string[]> {
  const rows = await ewayBills(directClient)
    .getEwayBillsByDate({ gstin: CONSIGNOR, generated_date: formatRequestDate(Date.now()) })
    .catch((error: unknown) => {
      if (error instanceof EwayBillApiError && error.nicCode === '418') return [];
      throw error;
    });
  return rows
    .filter((row) => row.document_number === documentNumber)
    .map((row) => row.eway_bill_number);
}

describe('generate exactly once', () => {
  it('returns the bill when the connection drops after the bill was created, without a second POST', async () => {
    const body = generateBody();
    const before = generatesAtMock();
    proxy.once(GENERATE, { kind: 'drop-after' });
    const bill = await eway.generate(body);
    expect(bill.outcome).toBe('recovered');
    expect(bill.ewayBillNo).toMatch(/^\d{12}$/);
    expect(generatesAtMock()).toBe(before + 1);
    expect(await billsAtMock(body.document_number)).toEqual([bill.ewayBillNo]);
  });

  it('returns the bill when the answer comes after the injected timeout', async () => {
    const body = generateBody();
    const before = generatesAtMock();
    proxy.once(GENERATE, { kind: 'delay-after', delayMs: 600 });
    const bill = await eway.generate(body, { timeoutMs: 150 });
    expect(bill.outcome).toBe('recovered');
    expect(generatesAtMock()).toBe(before + 1);
    expect(await billsAtMock(body.document_number)).toEqual([bill.ewayBillNo]);
  });

  it('answers "unknown, look again" (never "not created") when the look-up beats the commit', async () => {
    const body = generateBody();
    const before = generatesAtMock();
    proxy.once(GENERATE, { kind: 'commit-after-lookup' });
    const error = await eway.generate(body).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EwayBillOutcomeUnknownError);
    const unknown = error as EwayBillOutcomeUnknownError;
    expect(unknown.document).toEqual({
      userGstin: CONSIGNOR,
      documentType: 'Tax Invoice',
      documentNumber: body.document_number,
    });
    expect(unknown.message).toMatch(/outcome is unknown/);
    expect(unknown.message).not.toMatch(/not created/);
    await proxy.committed();
    const found = (await unknown.lookAgain()) as { ewayBillNo: string } | undefined;
    expect(found?.ewayBillNo).toMatch(/^\d{12}$/);
    expect(generatesAtMock()).toBe(before + 1);
    expect(await billsAtMock(body.document_number)).toEqual([found?.ewayBillNo]);
  });

  it('never repeats the POST: a plain failure of the generate is one request at the mock', async () => {
    const body = generateBody();
    const before = generatesAtMock();
    const fault = mock.fault({ path: GENERATE, status: 503, body: { detail: 'down' }, times: 1 });
    const error = await eway.generate(body).then(
      () => undefined,
      (e: unknown) => e,
    );
    fault.remove();
    // The mock's fault acts before the handler: nothing was created, the look-up finds nothing.
    expect(error).toBeInstanceOf(EwayBillOutcomeUnknownError);
    expect(generatesAtMock()).toBe(before + 1);
    expect(await billsAtMock(body.document_number)).toEqual([]);
  });

  it("with the mock's after-handler fault: a dropped connection after creation returns the bill", async () => {
    const body = generateBody();
    const before = generatesAtMock();
    const direct = ewayBills(directClient);
    mock.fault({ path: GENERATE, method: 'POST', after: true, dropConnection: true, times: 1 });
    const bill = await direct.generate(body);
    expect(bill.outcome).toBe('recovered');
    expect(generatesAtMock()).toBe(before + 1);
    expect(await billsAtMock(body.document_number)).toEqual([bill.ewayBillNo]);
  });

  it("with the mock's after-handler fault: an answer later than the timeout returns the bill", async () => {
    const body = generateBody();
    const before = generatesAtMock();
    const direct = ewayBills(directClient);
    mock.fault({ path: GENERATE, method: 'POST', after: true, delayMs: 600, times: 1 });
    const bill = await direct.generate(body, { timeoutMs: 150 });
    expect(bill.outcome).toBe('recovered');
    expect(generatesAtMock()).toBe(before + 1);
    expect(await billsAtMock(body.document_number)).toEqual([bill.ewayBillNo]);
  });

  it("with the mock's after-handler fault: a 502 HTML answer after creation returns the bill", async () => {
    const body = generateBody();
    const before = generatesAtMock();
    const direct = ewayBills(directClient);
    const fault = mock.fault({
      path: GENERATE,
      after: true,
      status: 502,
      body: '<html>Bad Gateway</html>',
      times: 1,
    });
    const bill = await direct.generate(body);
    fault.remove();
    expect(bill.outcome).toBe('recovered');
    expect(generatesAtMock()).toBe(before + 1);
    expect(await billsAtMock(body.document_number)).toEqual([bill.ewayBillNo]);
  });
});
