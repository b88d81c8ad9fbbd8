/**
 * The `getEwayBillData` look-ups beyond a single bill
 * (https://docs.mastersindia.co/eway/get-other-party-ewb, /get-ewb-by-date,
 * /get-ewaybills-rejected-by-others, /get-ewb-by-transporter-1 … -4, /get-transporter-details,
 * /get-hsn-details): the other party's bills, bills by date, bills rejected by others, the four
 * transporter reports, transporter details and HSN details. Each takes its own documented query
 * parameter names.
 */
import { NIC, nic } from './envelopes.js';
import type { EwayBill, EwayBillStore, OperationContext } from './eway-bills.js';
import { type Fields, num, str } from './fields.js';
import { GSTIN_DIRECTORY } from './gstin-directory.js';
import { formatIstDateTime, parseRequestDate } from './ist-time.js';

/**
 * Made-up HSN codes the mock knows; `GetHsnDetailsByHsnCode` answers NIC 216 (Invalid HSN Code,
 * the page's error example) for any other code [inferred: the mock has no full HSN master].
 */
export const HSN_DIRECTORY: ReadonlyMap<string, string> = new Map([
  ['7326', 'Other articles of iron or steel'],
  ['8471', 'Automatic data processing machines and units thereof'],
  ['1006', 'Rice'],
  ['3004', 'Medicaments, packaged for retail sale'],
  ['9403', 'Other furniture and parts thereof'],
]);

/** The IST day `[start, end)` of a `dd/mm/yyyy` query parameter; a bad date finds nothing (418). */
function istDay(query: URLSearchParams, name: string): { startMs: number; endMs: number } {
  const startMs = parseRequestDate(query.get(name));
  // [inferred] The documentation gives no code for a malformed date; the mock answers the pages'
  // 418.
  if (startMs === undefined) nic(NIC.documentNotFound, `${name} must be dd/mm/yyyy`);
  return { startMs, endMs: startMs + 86_400_000 };
}

const within = (ms: number, day: { startMs: number; endMs: number }): boolean =>
  ms >= day.startMs && ms < day.endMs;

/**
 * A list row "like by-date" (`GetEwayBillsByDate`,
 * https://docs.mastersindia.co/eway/get-ewb-by-date).
 */
function byDateRow(bill: EwayBill): Fields {
  const r = bill.request;
  return {
    eway_bill_number: bill.number,
    eway_bill_date: formatIstDateTime(bill.generatedAtMs),
    eway_bill_status: bill.status,
    gstin_of_generator: bill.userGstin,
    document_number: str(r.document_number),
    document_date: str(r.document_date),
    pincode_of_delivery: num(r.pincode_of_consignee) ?? 0,
    state_name_of_delivery: str(r.state_of_supply),
    place_of_delivery: str(r.place_of_consignee),
    eway_bill_valid_date: bill.validUptoMs === null ? '' : formatIstDateTime(bill.validUptoMs),
    extended_times: bill.extendedTimes,
    reject_status: bill.rejectedAtMs === undefined ? 'N' : 'Y',
  };
}

/** A non-empty list, or the given "nothing found" NIC error. */
function listOr(rows: Fields[], empty: readonly [string, string]): Fields[] {
  if (rows.length === 0) nic(empty);
  return rows;
}

/**
 * `GetEwayBillsofOtherParty` (`gstin`, `generated_date`): bills others generated naming this GSTIN
 * as consignor or consignee. NIC 366 for today's date (the page's example); 418 when none.
 */
function otherParty(store: EwayBillStore, query: URLSearchParams, ctx: OperationContext): Fields[] {
  const gstin = store.requireGstin(ctx, query.get('gstin'));
  const day = istDay(query, 'generated_date');
  if (within(ctx.nowMs, day)) nic(NIC.otherPartyToday);
  const rows: Fields[] = [];
  for (const bill of store.all()) {
    const r = bill.request;
    const party = r.gstin_of_consignor === gstin || r.gstin_of_consignee === gstin;
    if (bill.userGstin === gstin || !party || !within(bill.generatedAtMs, day)) continue;
    rows.push({
      eway_bill_number: bill.number,
      eway_bill_date: formatIstDateTime(bill.generatedAtMs),
      generate_mode: 'API',
      userGstin: bill.userGstin,
      document_number: str(r.document_number),
      document_date: str(r.document_date),
      gstin_of_consignor: str(r.gstin_of_consignor),
      legal_name_of_consignor: str(r.legal_name_of_consignor),
      gstin_of_consignee: str(r.gstin_of_consignee),
      legal_name_of_consignee: str(r.legal_name_of_consignee),
      total_invoice_value: num(r.total_invoice_value) ?? 0,
      hsn_code: num((r.itemList as Fields[])[0]?.hsn_code) ?? 0,
      hsn_description: str((r.itemList as Fields[])[0]?.product_description),
      eway_bill_status: bill.status,
      reject_status: bill.rejectedAtMs === undefined ? 'N' : 'Y',
    });
  }
  return listOr(rows, NIC.documentNotFound);
}

/** `GetEwayBillsByDate` (`gstin`, `generated_date`): the caller's own bills of that IST day; 418 when none. */
function byDate(store: EwayBillStore, query: URLSearchParams, ctx: OperationContext): Fields[] {
  const gstin = store.requireGstin(ctx, query.get('gstin'));
  const day = istDay(query, 'generated_date');
  const rows = [...store.all()]
    .filter((bill) => bill.userGstin === gstin && within(bill.generatedAtMs, day))
    .map(byDateRow);
  return listOr(rows, NIC.documentNotFound);
}

/**
 * `GetEwayBillsRejectedByOthers` (`gstin`, `generated_date`): the caller's bills that the other
 * party rejected, by generation day [inferred], plus `reject_date`; empty numeric fields are `""`
 * (as the documentation shows for this action). 418 when none.
 */
function rejectedByOthers(
  store: EwayBillStore,
  query: URLSearchParams,
  ctx: OperationContext,
): Fields[] {
  const gstin = store.requireGstin(ctx, query.get('gstin'));
  const day = istDay(query, 'generated_date');
  const rows: Fields[] = [];
  for (const bill of store.all()) {
    if (bill.userGstin !== gstin || bill.rejectedAtMs === undefined) continue;
    if (!within(bill.generatedAtMs, day)) continue;
    const row = byDateRow(bill);
    for (const [key, value] of Object.entries(row)) if (value === 0) row[key] = '';
    rows.push({ ...row, reject_date: formatIstDateTime(bill.rejectedAtMs) });
  }
  return listOr(rows, NIC.documentNotFound);
}

/**
 * The state a transporter report filters on: [inferred] the two-digit state code of the
 * generator's GSTIN (the documentation shows `state_code` as e.g. `5` without saying which state).
 */
const stateCode = (bill: EwayBill): number => Number(bill.userGstin.slice(0, 2));

/** The bills assigned to transporter `gstin`, filtered; NIC 336 when none (the pages' example). */
function transporterReport(
  store: EwayBillStore,
  query: URLSearchParams,
  ctx: OperationContext,
  keep: (bill: EwayBill) => boolean,
): Fields[] {
  const gstin = store.requireGstin(ctx, query.get('gstin'));
  const rows = [...store.all()]
    .filter((bill) => str(bill.request.transporter_id) === gstin && keep(bill))
    .map(byDateRow);
  return listOr(rows, NIC.noTransporterData);
}

/** `state_code` as a number; a missing or non-numeric one matches nothing. */
function stateCodeParam(query: URLSearchParams): number {
  return num(query.get('state_code')) ?? Number.NaN;
}

/** `GetTransporterDetails` (`userGstin`, `transporter_gstin`); unknown → NIC 325. */
function transporterDetails(
  store: EwayBillStore,
  query: URLSearchParams,
  ctx: OperationContext,
): Fields {
  store.requireGstin(ctx, query.get('userGstin'));
  const record = GSTIN_DIRECTORY.get(str(query.get('transporter_gstin')).toUpperCase());
  if (!record) nic(NIC.noData);
  const { gstin_of_taxpayer, trade_name, legal_name_of_business, address1, address2 } = record;
  return {
    gstin_of_taxpayer,
    trade_name,
    legal_name_of_business,
    address1,
    address2,
    state_name: record.state_name,
    pincode: record.pincode,
  };
}

/** `GetHsnDetailsByHsnCode` (`userGstin`, `hsncode`); unknown → NIC 216. */
function hsnDetails(store: EwayBillStore, query: URLSearchParams, ctx: OperationContext): Fields {
  store.requireGstin(ctx, query.get('userGstin'));
  const code = str(query.get('hsncode')).trim();
  const description = HSN_DIRECTORY.get(code);
  if (description === undefined) nic(NIC.hsn);
  return { hsn_code: code, hsn_description: description };
}

type LookUp = (store: EwayBillStore, query: URLSearchParams, ctx: OperationContext) => unknown;

/**
 * The look-ups of this module by `action` (spellings exact,
 * https://docs.mastersindia.co/eway/llms.txt).
 */
export const LOOK_UPS: Readonly<Record<string, LookUp>> = {
  GetEwayBillsofOtherParty: otherParty,
  GetEwayBillsByDate: byDate,
  GetEwayBillsRejectedByOthers: rejectedByOthers,
  // "transporter 1": `gstin`, `generated_date`, `state_code`.
  GetEwayBillsForTransporterByState: (store, query, ctx) => {
    const day = istDay(query, 'generated_date');
    const state = stateCodeParam(query);
    return transporterReport(
      store,
      query,
      ctx,
      (bill) => within(bill.generatedAtMs, day) && stateCode(bill) === state,
    );
  },
  // "transporter 2": `gstin`, `generated_date`.
  GetEwayBillsForTransporter: (store, query, ctx) => {
    const day = istDay(query, 'generated_date');
    return transporterReport(store, query, ctx, (bill) => within(bill.generatedAtMs, day));
  },
  // "transporter 3": `gstin`, `eway_bill_generator_gstin`, `generated_date`.
  GetEwayBillsForTransporterByGstin: (store, query, ctx) => {
    const day = istDay(query, 'generated_date');
    const generator = str(query.get('eway_bill_generator_gstin')).toUpperCase();
    return transporterReport(
      store,
      query,
      ctx,
      (bill) => within(bill.generatedAtMs, day) && bill.userGstin === generator,
    );
  },
  // "transporter 4": `gstin`, `assigned_date`, `state_code`; assigned = generation or the last
  // update transporter (https://docs.mastersindia.co/eway/update-transporter) [inferred].
  GetEwayBillReportByTransporterassignedDate: (store, query, ctx) => {
    const day = istDay(query, 'assigned_date');
    const state = stateCodeParam(query);
    return transporterReport(
      store,
      query,
      ctx,
      (bill) =>
        within(bill.transporterAssignedAtMs ?? bill.generatedAtMs, day) &&
        stateCode(bill) === state,
    );
  },
  GetTransporterDetails: transporterDetails,
  GetHsnDetailsByHsnCode: hsnDetails,
};
