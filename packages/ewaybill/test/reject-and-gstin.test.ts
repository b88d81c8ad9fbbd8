import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EwayBillApiError, ewayBills, type EwayBills } from '../src/index.js';
import { CONSIGNEE, CONSIGNOR, generateBody, startHarness, type Harness } from './helpers.js';

// Reject and the GSTIN directory's success path, against the running mock.
let h: Harness;
let eway: EwayBills;

beforeAll(async () => {
  h = await startHarness();
  eway = ewayBills(h.client);
});
afterAll(() => h.close());

async function expectNic(promise: Promise<unknown>, code: string): Promise<EwayBillApiError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected NIC ${code}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EwayBillApiError);
  expect((error as EwayBillApiError).nicCode).toBe(code);
  return error as EwayBillApiError;
}

describe('look-ups', () => {
  it('getGstinDetails answers the taxpayer with a numeric pincode', async () => {
    const details = await eway.getGstinDetails({ userGstin: CONSIGNOR, gstin: CONSIGNEE });
    expect(details.gstin_of_taxpayer).toBe(CONSIGNEE);
    expect(typeof details.pincode).toBe('number');
  });
});

describe('reject', () => {
  it('the consignee rejects a bill (EWB number as a string)', async () => {
    const { ewayBillNo } = await eway.generate(generateBody());
    const rejected = await ewayBills(h.consigneeClient).reject({
      userGstin: CONSIGNEE,
      eway_bill_number: ewayBillNo,
      data_source: 'erp',
    });
    expect(rejected.ewayBillNo).toBe(ewayBillNo);
  });

  it('answers NIC 341 when the generator rejects its own bill', async () => {
    const { ewayBillNo } = await eway.generate(generateBody());
    await expectNic(eway.reject({ userGstin: CONSIGNOR, eway_bill_number: ewayBillNo }), '341');
  });
});
