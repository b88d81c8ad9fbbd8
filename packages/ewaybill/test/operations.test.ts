import { MastersValidationError } from '@mastersfetch/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EwayBillApiError, ewayBills, type EwayBills } from '../src/index.js';
import { CONSIGNOR, extendBody, generateBody, startHarness, type Harness } from './helpers.js';

// Operations the mock on this branch already speaks (generate, cancel, Part-B, extend and the
// GetEwayBill / GetGSTINDetails / by-consignor look-ups), success and error paths, through the typed API.

let h: Harness;
let eway: EwayBills;

beforeAll(async () => {
  h = await startHarness();
  eway = ewayBills(h.client);
});
afterAll(() => h.close());
const calls = (path: string): number => h.mock.stats().byPath[path] ?? 0;

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

describe('generate', () => {
  it('answers a normalized bill: 12-digit string number, parsed IST date-times, PDF url with scheme', async () => {
    const before = calls('/api/v1/ewayBillsGenerate/');
    const bill = await eway.generate(generateBody());
    expect(bill.outcome).toBe('created');
    expect(bill.ewayBillNo).toMatch(/^\d{12}$/);
    expect(bill.ewayBillDate.text).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2} [AP]M$/);
    expect(bill.ewayBillDate.date).toBeInstanceOf(Date);
    expect(Math.abs(bill.ewayBillDate.date!.getTime() - Date.now())).toBeLessThan(120_000);
    expect(bill.url).toMatch(/^https?:\/\//);
    expect(calls('/api/v1/ewayBillsGenerate/')).toBe(before + 1);
  });

  it('throws EwayBillApiError with the NIC catalogue entry on 604 and sends the POST once', async () => {
    const body = generateBody();
    const before = calls('/api/v1/ewayBillsGenerate/');
    await eway.generate(body);
    const error = await expectNic(eway.generate(body), '604');
    expect(error.nic).toMatchObject({ code: '604', isRetryable: false, field: 'document_number' });
    expect(calls('/api/v1/ewayBillsGenerate/')).toBe(before + 2);
  });

  it("returns the existing bill on 604 with onDuplicate: 'return-existing'", async () => {
    const body = generateBody();
    const before = calls('/api/v1/ewayBillsGenerate/');
    const first = await eway.generate(body);
    const again = await eway.generate(body, { onDuplicate: 'return-existing' });
    expect(again).toMatchObject({ outcome: 'existing', ewayBillNo: first.ewayBillNo });
    expect(calls('/api/v1/ewayBillsGenerate/')).toBe(before + 2);
  });
});

describe('cancel', () => {
  it('cancels and answers the EWB number as a 12-digit string', async () => {
    const { ewayBillNo } = await eway.generate(generateBody());
    const cancelled = await eway.cancel({
      userGstin: CONSIGNOR,
      eway_bill_number: Number(ewayBillNo),
      reason_of_cancel: 'Data Entry mistake',
      cancel_remark: 'Wrong quantity keyed',
      data_source: 'erp',
    });
    expect(cancelled.ewayBillNo).toBe(ewayBillNo);
    expect(cancelled.cancelDate.date).toBeInstanceOf(Date);
  });

  it('answers NIC 312 for a bill already cancelled, without retrying the write', async () => {
    const { ewayBillNo } = await eway.generate(generateBody());
    const body = {
      userGstin: CONSIGNOR,
      eway_bill_number: ewayBillNo,
      reason_of_cancel: 'Duplicate',
      cancel_remark: 'dup',
    };
    const before = calls('/api/v1/ewayBillCancel/');
    await eway.cancel(body);
    await expectNic(eway.cancel(body), '312');
    expect(calls('/api/v1/ewayBillCancel/')).toBe(before + 2);
  });
});

describe('updatePartB', () => {
  it('updates the vehicle and answers parsed dates and a PDF url', async () => {
    const { ewayBillNo } = await eway.generate(generateBody());
    const updated = await eway.updatePartB({
      userGstin: CONSIGNOR,
      eway_bill_number: ewayBillNo,
      vehicle_number: 'UK07CD5678',
      vehicle_type: 'Regular',
      place_of_consignor: 'Haridwar',
      state_of_consignor: 'UTTARAKHAND',
      reason_code_for_vehicle_updation: 'Due to Break Down',
      reason_for_vehicle_updation: 'Axle failure',
      transporter_document_number: 'LR-7781',
      transporter_document_date: generateBody().document_date,
      mode_of_transport: 1,
      data_source: 'erp',
    });
    expect(updated.vehUpdDate.date).toBeInstanceOf(Date);
    expect(updated.validUpto.date).toBeInstanceOf(Date);
    expect(updated.url).toMatch(/^https?:\/\//);
  });

  it('answers NIC 301 for an unknown EWB number', async () => {
    await expectNic(
      eway.updatePartB({
        userGstin: CONSIGNOR,
        eway_bill_number: '399999999999',
        vehicle_number: 'UK07CD5678',
        place_of_consignor: 'Haridwar',
        state_of_consignor: 'UTTARAKHAND',
        reason_code_for_vehicle_updation: 'Due to Break Down',
        mode_of_transport: 1,
      }),
      '301',
    );
  });
});

describe('extendValidity', () => {
  it('answers NIC 301 for an unknown EWB number (a typed NIC error, the write sent once)', async () => {
    const before = calls('/api/v1/ewayBillValidityExtend/');
    await expectNic(eway.extendValidity(extendBody(399999999999)), '301');
    expect(calls('/api/v1/ewayBillValidityExtend/')).toBe(before + 1);
  });
});

describe('look-ups', () => {
  it('getEwayBill answers the details normalized (numbers, dates, 12-digit string)', async () => {
    const body = generateBody();
    const { ewayBillNo } = await eway.generate(body);
    const details = await eway.getEwayBill({ gstin: CONSIGNOR, eway_bill_number: ewayBillNo });
    expect(details.eway_bill_number).toBe(ewayBillNo);
    expect(details.document_number).toBe(body.document_number);
    expect(details.eway_bill_date.date).toBeInstanceOf(Date);
    expect(details.total_invoice_value).toBe(11800);
    expect(typeof details.pincode_of_consignor).toBe('number');
  });

  it('getEwayBill answers NIC 357 for an unknown bill, retrying nothing', async () => {
    const before = calls('/api/v1/getEwayBillData/');
    const error = await expectNic(
      eway.getEwayBill({ gstin: CONSIGNOR, eway_bill_number: '399999999999' }),
      '357',
    );
    expect(error.nic?.isRetryable).toBe(false);
    expect(calls('/api/v1/getEwayBillData/')).toBe(before + 1);
  });

  it('findByDocument answers the bill of a document, and NIC 418 for an unknown one', async () => {
    const body = generateBody();
    const { ewayBillNo } = await eway.generate(body);
    const found = await eway.findByDocument({
      gstin: CONSIGNOR,
      document_type: 'Tax Invoice',
      document_number: body.document_number,
    });
    expect(found.ewayBillNo).toBe(ewayBillNo);
    await expectNic(
      eway.findByDocument({
        gstin: CONSIGNOR,
        document_type: 'Tax Invoice',
        document_number: 'NONE-1',
      }),
      '418',
    );
  });

  it('getGstinDetails answers NIC 325 for a GSTIN the directory does not know', async () => {
    const error = await expectNic(
      eway.getGstinDetails({ userGstin: CONSIGNOR, gstin: '27AAPFU0939F1ZV' }),
      '325',
    );
    expect(error.nic?.isFixableByRequest).toBe(false);
  });

  it('rejects a look-up with a malformed GSTIN locally, before any request', async () => {
    const before = h.mock.stats().apiCalls;
    await expect(
      eway.getGstinDetails({ userGstin: CONSIGNOR, gstin: 'NOT-A-GSTIN' }),
    ).rejects.toBeInstanceOf(MastersValidationError);
    expect(h.mock.stats().apiCalls).toBe(before);
  });
});
