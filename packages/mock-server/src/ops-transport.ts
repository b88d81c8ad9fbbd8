/**
 * Transporter-side writes: update transporter, reject, consolidated e-way bills and the trip-sheet
 * look-up (https://docs.mastersindia.co/eway/update-transporter, /reject-e-way-bill,
 * /generate-consolidate-e-way-bill, /regenerate-consolidate-e-way-bill, /get-consolidated-ewb).
 */
import { NIC, nic } from './envelopes.js';
import type { EwayBillStore, OperationContext } from './eway-bills.js';
import { type Fields, num, str, TRANSPORT_MODES, VEHICLE_PATTERN } from './fields.js';
import { GSTIN_PATTERN } from './gstin-directory.js';
import { formatIstDateTime } from './ist-time.js';
import { checkTransportDocumentDate, REJECT_WINDOW_MS, validityLapsed } from './rules.js';

// cEwbNo: 10 digits (https://docs.mastersindia.co/eway/generate-consolidate-e-way-bill)
const FIRST_TRIP_SHEET_NUMBER = 1_510_000_001;

/**
 * `POST /api/v1/transporterIdUpdate/` (https://docs.mastersindia.co/eway/update-transporter): 222
 * invalid id, 338 Part-B by transporter.
 */
export function updateTransporter(
  store: EwayBillStore,
  fields: Fields,
  ctx: OperationContext,
): Fields {
  const userGstin = store.requireGstin(ctx, fields.userGstin);
  const bill = store.findBill(fields.eway_bill_number);
  if (bill.userGstin !== userGstin || bill.status === 'Cancelled') nic(NIC.notYoursOrCancelled);
  const transporterId = str(fields.transporter_id).toUpperCase();
  if (!GSTIN_PATTERN.test(transporterId)) nic(NIC.transporterId);
  const current = str(bill.request.transporter_id);
  // NIC 338: the current transporter has already entered Part-B.
  if (current !== '' && bill.vehicles.some((vehicle) => vehicle.userGstin === current)) {
    nic(NIC.transporterPartB);
  }
  bill.request = {
    ...bill.request,
    transporter_id: transporterId,
    transporter_name: str(fields.transporter_name),
  };
  bill.transporterAssignedAtMs = ctx.nowMs;
  bill.detailsResponse = undefined;
  return {
    ewayBillNo: String(bill.number),
    transporterId,
    transUpdateDate: formatIstDateTime(ctx.nowMs),
    error: false,
    url: store.pdfUrl(ctx, bill),
  };
}

/**
 * `POST /api/v1/ewayBillReject/` (https://docs.mastersindia.co/eway/reject-e-way-bill): 344 invalid
 * number, 341 own bill, 342 not the other party, 343 cancelled, 345 validity lapsed, 346 after 72
 * hours.
 */
export function reject(store: EwayBillStore, fields: Fields, ctx: OperationContext): Fields {
  const userGstin = store.requireGstin(ctx, fields.userGstin);
  const bill = store.findBill(fields.eway_bill_number, NIC.rejectNumber);
  if (bill.userGstin === userGstin) nic(NIC.rejectOwn);
  const parties = [str(bill.request.gstin_of_consignor), str(bill.request.gstin_of_consignee)];
  if (!parties.includes(userGstin)) nic(NIC.rejectNotParty);
  // [inferred] An already rejected bill answers 343 like a cancelled one.
  if (bill.status === 'Cancelled' || bill.rejectedAtMs !== undefined) nic(NIC.rejectCancelled);
  if (validityLapsed(bill.validUptoMs, ctx.nowMs)) nic(NIC.rejectLapsed);
  if (ctx.nowMs - bill.generatedAtMs > REJECT_WINDOW_MS) nic(NIC.rejectWindow);
  bill.rejectedAtMs = ctx.nowMs;
  bill.detailsResponse = undefined;
  return {
    ewayBillNo: String(bill.number),
    ewbRejectedDate: formatIstDateTime(ctx.nowMs),
    error: false,
  };
}

function transportFields(fields: Fields): { vehicle: string; mode: string } {
  const vehicle = str(fields.vehicle_number).toUpperCase();
  if (!VEHICLE_PATTERN.test(vehicle)) nic(NIC.vehicleFormat, 'vehicle_number');
  const mode = TRANSPORT_MODES[str(fields.mode_of_transport).toLowerCase()];
  if (mode === undefined || mode === 'In Transit') nic(NIC.transMode, 'mode_of_transport');
  checkTransportDocumentDate(fields.transporter_document_date, undefined); // NIC 224
  return { vehicle, mode };
}

/**
 * `POST /api/v1/consolidatedEwayBillsGenerate/`
 * (https://docs.mastersindia.co/eway/generate-consolidate-e-way-bill). `list_of_eway_bills` holds
 * objects `{ eway_bill_number }`; every bill must exist and be active (NIC 301 / 312).
 */
export function generateConsolidated(
  store: EwayBillStore,
  fields: Fields,
  ctx: OperationContext,
): Fields {
  const userGstin = store.requireGstin(ctx, fields.userGstin);
  transportFields(fields);
  const list = fields.list_of_eway_bills;
  if (!Array.isArray(list) || list.length === 0) nic(NIC.ewbNumber, 'list_of_eway_bills');
  const billNumbers = list.map((entry: unknown) => {
    const value =
      typeof entry === 'object' && entry !== null ? (entry as Fields).eway_bill_number : entry;
    const bill = store.findBill(value);
    if (bill.status === 'Cancelled' || validityLapsed(bill.validUptoMs, ctx.nowMs)) {
      nic(NIC.notYoursOrCancelled, String(bill.number));
    }
    return bill.number;
  });
  const number = FIRST_TRIP_SHEET_NUMBER + store.tripSheets.size;
  store.tripSheets.set(number, {
    number,
    userGstin,
    request: fields,
    createdAtMs: ctx.nowMs,
    billNumbers,
  });
  return {
    cEwbNo: String(number),
    cEwbDate: formatIstDateTime(ctx.nowMs),
    error: false,
    url: `${ctx.baseUrl}/api/v1/consolidatePrintPdf/${number}`,
  };
}

/**
 * `POST /api/v1/consolidatedEwayBillsRegenerate/`
 * (https://docs.mastersindia.co/eway/regenerate-consolidate-e-way-bill); unknown number → NIC 325
 * [inferred].
 */
export function regenerateConsolidated(
  store: EwayBillStore,
  fields: Fields,
  ctx: OperationContext,
): Fields {
  const userGstin = store.requireGstin(ctx, fields.userGstin);
  const sheet = store.tripSheets.get(num(fields.consolidated_eway_bill_number) ?? -1);
  if (sheet === undefined || sheet.userGstin !== userGstin) nic(NIC.noData);
  transportFields(fields);
  const number = FIRST_TRIP_SHEET_NUMBER + store.tripSheets.size;
  store.tripSheets.set(number, {
    ...sheet,
    number,
    request: { ...sheet.request, ...fields },
    createdAtMs: ctx.nowMs,
  });
  return {
    tripSheetNo: number,
    tripSheetEwayBills: sheet.billNumbers.map((ewbNo) => ({ ewbNo })),
    error: false,
  };
}

/**
 * `getEwayBillData?action=GetTripSheet` (https://docs.mastersindia.co/eway/get-consolidated-ewb);
 * unknown → NIC 325.
 */
export function tripSheet(
  store: EwayBillStore,
  query: URLSearchParams,
  ctx: OperationContext,
): Fields {
  store.requireGstin(ctx, query.get('gstin'));
  const sheet = store.tripSheets.get(num(query.get('consolidated_eway_bill_number')) ?? -1);
  if (sheet === undefined) nic(NIC.noData);
  const r = sheet.request;
  return {
    trip_sheet_number: sheet.number,
    from_place: str(r.place_of_consignor),
    state_of_consignor: str(r.state_of_consignor),
    vehicle_number: str(r.vehicle_number).toUpperCase(),
    transportation_mode: TRANSPORT_MODES[str(r.mode_of_transport).toLowerCase()] ?? 'Road',
    transporter_document_number: str(r.transporter_document_number),
    transporter_document_date: str(r.transporter_document_date),
    userGstin: sheet.userGstin,
    entered_date: formatIstDateTime(sheet.createdAtMs),
    tripSheetEwbBills: sheet.billNumbers.map((n) => {
      const bill = store.findBill(n);
      const b = bill.request;
      return {
        eway_bill_number: bill.number,
        eway_bill_date: formatIstDateTime(bill.generatedAtMs),
        userGstin: bill.userGstin,
        document_number: str(b.document_number),
        document_date: str(b.document_date),
        gstin_of_consignor: str(b.gstin_of_consignor),
        legal_name_of_consignor: str(b.legal_name_of_consignor),
        gstin_of_consignee: str(b.gstin_of_consignee),
        legal_name_of_consignee: str(b.legal_name_of_consignee),
        total_invoice_value: num(b.total_invoice_value) ?? 0,
        eway_bill_valid_date: bill.validUptoMs === null ? '' : formatIstDateTime(bill.validUptoMs),
      };
    }),
  };
}
