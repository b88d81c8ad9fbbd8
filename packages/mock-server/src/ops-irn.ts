/**
 * IRN-based e-way endpoints of the e-invoicing gitbook
 * (https://docs.mastersindia.co/einvoicing/generate-e-way-bill-by-irn and
 * https://docs.mastersindia.co/einvoicing/get-e-waybill-details-by-irn), with their own envelope:
 * success adds `errorMessage: ""` and `InfoDtls: ""`; failure is `{ message: "", errorMessage:
 * "<code>: <text>", InfoDtls: "", status: "Failed", code: 204 }`.
 */
import { NIC, NicError, nic } from './envelopes.js';
import type { EwayBillStore, OperationContext } from './eway-bills.js';
import { type Fields, num, str, validityDays, VEHICLE_PATTERN } from './fields.js';
import { endOfIstDay, formatIstIso } from './ist-time.js';

/**
 * e-invoice codes of the IRN pages
 * (https://docs.mastersindia.co/einvoicing/generate-e-way-bill-by-irn).
 */
export const IRN_ERRORS = {
  notActive: ['2302', 'IRN is not active'],
  notFound: ['4005', 'EWB details are not found'],
  // [inferred] The documentation gives no answer for a second generate on the same IRN; NIC's
  // e-invoice list uses 4002 for it.
  duplicate: ['4002', 'EwayBill is already generated for this IRN'],
} as const satisfies Record<string, readonly [string, string]>;

/**
 * [inferred] The mock has no e-invoices: any IRN of 64 hexadecimal characters (the IRN format, a
 * SHA-256 hash) counts as an active e-invoice of `user_gstin`; anything else answers 2302.
 */
const IRN_PATTERN = /^[0-9a-f]{64}$/i;

/** Run an IRN operation, turning NIC errors into the IRN failure envelope. */
function irnEnvelope(run: () => Fields): unknown {
  try {
    return {
      results: { message: run(), errorMessage: '', InfoDtls: '', status: 'Success', code: 200 },
    };
  } catch (error) {
    if (!(error instanceof NicError)) throw error;
    return {
      results: {
        message: '',
        errorMessage: error.message,
        InfoDtls: '',
        status: 'Failed',
        code: 204,
      },
    };
  }
}

/**
 * `POST /api/v1/gen-ewb-by-irn/`: 2302 for an IRN that is not active, 4002 for a second generate
 * on it [inferred]; NIC e-way field codes (220 mode, 221 distance, 225 vehicle) for Part-B fields
 * [inferred: the IRP passes NIC's codes through].
 */
export function generateByIrn(store: EwayBillStore, body: Fields, ctx: OperationContext): unknown {
  return irnEnvelope(() => {
    const genGstin = store.requireGstin(ctx, body.user_gstin);
    const irn = str(body.irn).toLowerCase();
    if (!IRN_PATTERN.test(irn)) nic(IRN_ERRORS.notActive);
    if (store.irnBills.has(irn)) nic(IRN_ERRORS.duplicate);
    const mode = str(body.transportation_mode);
    if (mode !== '' && !['1', '2', '3', '4'].includes(mode)) nic(NIC.transMode);
    const distance = num(body.distance);
    if (distance === undefined || distance < 0 || distance > 4000) nic(NIC.distance);
    const vehicle = str(body.vehicle_number).toUpperCase();
    if (vehicle !== '' && !VEHICLE_PATTERN.test(vehicle)) nic(NIC.vehicleFormat);
    const ewbNo = store.takeNumber();
    const record = {
      ewbNo,
      genGstin,
      generatedAtMs: ctx.nowMs,
      validUptoMs: endOfIstDay(ctx.nowMs, validityDays(distance)),
    };
    store.irnBills.set(irn, record);
    return {
      EwbNo: ewbNo,
      EwbDt: formatIstIso(record.generatedAtMs),
      EwbValidTill: formatIstIso(record.validUptoMs),
      Remarks: null,
      // [inferred] Made-up links on the mock's host, scheme-less like the e-way PDF links.
      QRCodeUrl: `${ctx.baseUrl}/api/v1/einvoice/qr/${irn}/`,
      EinvoicePdf: `${ctx.baseUrl}/api/v1/einvoice/pdf/${irn}/`,
      EwaybillPdf: `${ctx.baseUrl}/api/v1/detailPrintPdf/IRN${ewbNo}/`,
    };
  });
}

/** `GET /api/v1/get-ewb-byirn/?user_gstin=&irn=`: 4005 when no e-way bill was generated for it. */
export function getByIrn(
  store: EwayBillStore,
  query: URLSearchParams,
  ctx: OperationContext,
): unknown {
  return irnEnvelope(() => {
    const gstin = store.requireGstin(ctx, query.get('user_gstin'));
    const record = store.irnBills.get(str(query.get('irn')).toLowerCase());
    if (record === undefined || record.genGstin !== gstin) nic(IRN_ERRORS.notFound);
    return {
      EwbNo: record.ewbNo,
      Status: 'ACT',
      GenGstin: record.genGstin,
      EwbDt: formatIstIso(record.generatedAtMs),
      EwbValidTill: formatIstIso(record.validUptoMs),
      Alert: '',
    };
  });
}
