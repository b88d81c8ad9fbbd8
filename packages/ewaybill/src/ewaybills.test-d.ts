import type { MastersFetch } from '@mastersfetch/core';
import { describe, expectTypeOf, it } from 'vitest';
import {
  ewayBills,
  type CancelResponse,
  type EwayBillDetails,
  type EwayBills,
  type GenerateRequest,
  type GenerateResult,
  type IstDateTime,
  type OperationRequest,
} from './index.js';

declare const fetch: MastersFetch;
declare const body: GenerateRequest;
const eway: EwayBills = ewayBills(fetch);

describe('request types', () => {
  it('pin the generate body', () => {
    expectTypeOf<GenerateRequest['userGstin']>().toEqualTypeOf<string>();
    expectTypeOf<GenerateRequest['pincode_of_consignor']>().toEqualTypeOf<string | number>();
    expectTypeOf<GenerateRequest['total_invoice_value']>().toEqualTypeOf<number>();
    expectTypeOf<GenerateRequest['itemList'][number]['hsn_code']>().toEqualTypeOf<
      string | number
    >();
    expectTypeOf<OperationRequest<'cancel'>['eway_bill_number']>().toEqualTypeOf<string | number>();
    expectTypeOf<OperationRequest<'returnStatus'>>().toHaveProperty('user_gstin');
  });

  it('reject a wrong field name and a missing required field', () => {
    // @ts-expect-error `userGSTIN` is not a field (the API's name is `userGstin`)
    void eway.cancel({ userGSTIN: 'x', eway_bill_number: 1, reason_of_cancel: 'Duplicate' });
    // @ts-expect-error `reason_of_cancel` is required
    void eway.cancel({ userGstin: 'x', eway_bill_number: 1 });
  });
});

describe('response types', () => {
  it('normalize numbers, date-times and the PDF url', () => {
    expectTypeOf(eway.generate(body)).resolves.toEqualTypeOf<GenerateResult>();
    expectTypeOf<GenerateResult['ewayBillNo']>().toEqualTypeOf<string>();
    expectTypeOf<GenerateResult['ewayBillDate']>().toEqualTypeOf<IstDateTime>();
    expectTypeOf<IstDateTime>().toEqualTypeOf<{ text: string; date: Date | null }>();
    expectTypeOf<GenerateResult['url']>().toEqualTypeOf<string>();
    expectTypeOf<GenerateResult['outcome']>().toEqualTypeOf<'created' | 'recovered' | 'existing'>();
    expectTypeOf<CancelResponse['ewayBillNo']>().toEqualTypeOf<string>();
    expectTypeOf<EwayBillDetails['eway_bill_number']>().toEqualTypeOf<string>();
    expectTypeOf<EwayBillDetails['total_invoice_value']>().toEqualTypeOf<
      number | null | undefined
    >();
  });

  it('look-ups answer arrays where the API answers lists', () => {
    expectTypeOf(eway.getEwayBillsByDate).returns.resolves.toBeArray();
    expectTypeOf(eway.getEwayBill).returns.resolves.toEqualTypeOf<EwayBillDetails>();
  });
});
