import { NIC, gstinNotMapped, nic, successEnvelope } from './envelopes.js';
import { GSTIN_DIRECTORY, GSTIN_PATTERN, type TaxpayerRecord } from './gstin-directory.js';
import { endOfIstDay, formatIstDateTime, isValidRequestDate } from './ist-time.js';

/** Who is calling and when, as the e-way operations need it. */
export interface OperationContext {
  /** Whether the caller may act for this GSTIN (mapped to the login, or `acceptAnyUser`). */
  mayActFor(gstin: string): boolean;
  /** Server clock, epoch ms. */
  nowMs: number;
  /** Base URL of the mock, used for PDF links. */
  baseUrl: string;
}

type Fields = Record<string, unknown>;

interface VehicleEntry {
  update_mode: string;
  vehicle_number: string;
  place_of_consignor: string;
  state_of_consignor: string;
  tripshtNo: number;
  userGstin: string;
  vehicle_number_update_date: string;
  transportation_mode: string;
  transporter_document_number: string;
  transporter_document_date: string | null;
  group_number: string;
}

interface EwayBill {
  number: number;
  userGstin: string;
  request: Fields;
  generatedAtMs: number;
  distanceKm: number;
  validUptoMs: number | null;
  status: 'Active' | 'Cancelled';
  cancelledAtMs?: number;
  extendedTimes: number;
  vehicles: VehicleEntry[];
  pdfId: string;
  /**
   * Cached `GetEwayBill` response body, dropped on every change to the bill.
   */
  detailsResponse?: string;
}

const FIRST_EWB_NUMBER = 351_000_000_001;
const SUPPLY_TYPES = new Set(['outward', 'inward']);
const DOCUMENT_TYPES = new Set([
  'tax invoice',
  'bill of supply',
  'bill of entry',
  'delivery challan',
  'credit note',
  'others',
]);
const TRANSPORT_MODES: Record<string, string> = {
  road: 'Road',
  rail: 'Rail',
  air: 'Air',
  ship: 'Ship',
  'in transit': 'In Transit',
  '1': 'Road',
  '2': 'Rail',
  '3': 'Air',
  '4': 'Ship',
  '5': 'In Transit',
};
const TRANSACTION_TYPES: Record<string, string> = {
  '1': 'Regular',
  '2': 'Bill To - Ship To',
  '3': 'Bill/Dispatch From',
  '4': 'Combination of 2 and 3',
};
const VEHICLE_PATTERN = /^[A-Z0-9]{4,15}$/i;
const DOCUMENT_NUMBER_PATTERN = /^[A-Za-z0-9/-]{1,16}$/;
/** NIC's rule for regular cargo: one day of validity per 200 km (or part of it). */
const KM_PER_VALIDITY_DAY = 200;

const str = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
const num = (value: unknown): number | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return undefined;
};
const isPincode = (value: unknown): boolean => {
  const n = num(value);
  return n !== undefined && Number.isInteger(n) && n >= 100_000 && n <= 999_999;
};
const isGstinOrUrp = (value: unknown): boolean =>
  typeof value === 'string' && (value === 'URP' || GSTIN_PATTERN.test(value));
const validityDays = (distanceKm: number): number =>
  Math.max(1, Math.ceil(distanceKm / KM_PER_VALIDITY_DAY));

/**
 * In-memory e-way bills and the operations of reference §3.2–§3.5 and §3.13, with NIC errors thrown
 * as {@link NicError} (the server turns them into HTTP 200 + `results.code` 204).
 */
export class EwayBillStore {
  private readonly bills = new Map<number, EwayBill>();
  /** `<userGstin>|<document_number>` → EWB number, for NIC 604 and the by-consignor look-up. */
  private readonly byDocument = new Map<string, number>();
  private nextNumber = FIRST_EWB_NUMBER;

  clear(): void {
    this.bills.clear();
    this.byDocument.clear();
    this.nextNumber = FIRST_EWB_NUMBER;
  }

  private pdfUrl(ctx: OperationContext, bill: EwayBill): string {
    return `${ctx.baseUrl}/api/v1/detailPrintPdf/${bill.pdfId}/`;
  }

  private requireGstin(ctx: OperationContext, gstin: unknown): string {
    const value = str(gstin);
    if (value === '' || !ctx.mayActFor(value)) gstinNotMapped(value);
    return value;
  }

  private findBill(value: unknown): EwayBill {
    const n = num(value);
    if (n === undefined || !Number.isInteger(n) || String(n).length !== 12) nic(NIC.ewbNumber);
    const bill = this.bills.get(n);
    if (!bill) nic(NIC.ewbNumber);
    return bill;
  }

  /** `POST /api/v1/ewayBillsGenerate/` (reference §3.2). */
  generate(fields: Fields, ctx: OperationContext): { message: Fields; requestId: string } {
    const userGstin = this.requireGstin(ctx, fields.userGstin);
    validateGenerate(fields);
    const documentNumber = str(fields.document_number);
    const documentKey = `${userGstin}|${documentNumber.toUpperCase()}`;
    if (this.byDocument.has(documentKey)) nic(NIC.duplicate);

    const distanceKm = num(fields.transportation_distance) ?? 0;
    const vehicleNumber = str(fields.vehicle_number).toUpperCase();
    const transportDocument = str(fields.transporter_document_number);
    // Without a vehicle or transport document the bill is "Part-A only": no validity yet.
    const hasPartB = vehicleNumber !== '' || transportDocument !== '';
    const number = this.nextNumber++;
    const bill: EwayBill = {
      number,
      userGstin,
      request: fields,
      generatedAtMs: ctx.nowMs,
      distanceKm,
      validUptoMs: hasPartB ? endOfIstDay(ctx.nowMs, validityDays(distanceKm)) : null,
      status: 'Active',
      extendedTimes: 0,
      vehicles: [],
      pdfId: `SIMPDF${String(number - FIRST_EWB_NUMBER + 1).padStart(6, '0')}`,
    };
    if (hasPartB) {
      bill.vehicles.unshift({
        update_mode: 'API',
        vehicle_number: vehicleNumber,
        place_of_consignor: str(fields.place_of_consignor),
        state_of_consignor: str(fields.state_of_consignor),
        tripshtNo: 0,
        userGstin,
        vehicle_number_update_date: formatIstDateTime(ctx.nowMs),
        transportation_mode:
          TRANSPORT_MODES[str(fields.transportation_mode).toLowerCase()] ?? 'Road',
        transporter_document_number: transportDocument,
        transporter_document_date: str(fields.transporter_document_date) || null,
        group_number: '0',
      });
    }
    this.bills.set(number, bill);
    this.byDocument.set(documentKey, number);
    return {
      message: {
        ewayBillNo: number,
        ewayBillDate: formatIstDateTime(bill.generatedAtMs),
        validUpto: bill.validUptoMs === null ? '' : formatIstDateTime(bill.validUptoMs),
        alert: '',
        error: false,
        url: this.pdfUrl(ctx, bill),
      },
      requestId: `ERP${Math.floor(ctx.nowMs / 1000)}_${documentNumber}`,
    };
  }

  /** `POST /api/v1/ewayBillCancel/` (reference §3.3). */
  cancel(fields: Fields, ctx: OperationContext): Fields {
    const userGstin = this.requireGstin(ctx, fields.userGstin);
    const bill = this.findBill(fields.eway_bill_number);
    // NIC allows only the generator to cancel, once (NIC 312).
    if (bill.userGstin !== userGstin || bill.status === 'Cancelled') nic(NIC.notYoursOrCancelled);
    bill.status = 'Cancelled';
    bill.cancelledAtMs = ctx.nowMs;
    bill.detailsResponse = undefined;
    return {
      ewayBillNo: String(bill.number),
      cancelDate: formatIstDateTime(ctx.nowMs),
      error: false,
    };
  }

  /** `POST /api/v1/updateVehicleNumber/` — Part-B (reference §3.4). */
  updateVehicle(fields: Fields, ctx: OperationContext): Fields {
    const userGstin = this.requireGstin(ctx, fields.userGstin);
    const bill = this.findBill(fields.eway_bill_number);
    if (bill.status === 'Cancelled') nic(NIC.notYoursOrCancelled);
    const vehicleNumber = str(fields.vehicle_number).toUpperCase();
    if (!VEHICLE_PATTERN.test(vehicleNumber)) nic(NIC.vehicleFormat);
    const mode = TRANSPORT_MODES[str(fields.mode_of_transport ?? '1').toLowerCase()];
    if (mode === undefined) nic(NIC.transMode);
    const documentDate = fields.transporter_document_date;
    if (documentDate !== undefined && documentDate !== '' && !isValidRequestDate(documentDate)) {
      nic(['224', 'Invalid Transaction Date']);
    }
    bill.vehicles.unshift({
      update_mode: 'API',
      vehicle_number: vehicleNumber,
      place_of_consignor: str(fields.place_of_consignor),
      state_of_consignor: str(fields.state_of_consignor),
      tripshtNo: 0,
      userGstin,
      vehicle_number_update_date: formatIstDateTime(ctx.nowMs),
      transportation_mode: mode,
      transporter_document_number: str(fields.transporter_document_number),
      transporter_document_date: str(documentDate) || null,
      group_number: '0',
    });
    // The first Part-B starts the validity clock; later vehicle changes keep it.
    bill.validUptoMs ??= endOfIstDay(ctx.nowMs, validityDays(bill.distanceKm));
    bill.detailsResponse = undefined;
    return {
      vehUpdDate: formatIstDateTime(ctx.nowMs),
      validUpto: formatIstDateTime(bill.validUptoMs),
      error: false,
      url: this.pdfUrl(ctx, bill),
    };
  }

  /** `POST /api/v1/ewayBillValidityExtend/` (reference §3.5). The ±8 h window (NIC 382) is not enforced. */
  extendValidity(fields: Fields, ctx: OperationContext): Fields {
    this.requireGstin(ctx, fields.userGstin);
    const bill = this.findBill(fields.eway_bill_number);
    if (bill.status === 'Cancelled') nic(NIC.extendCancelled);
    const remaining = num(fields.remaining_distance);
    if (remaining === undefined || remaining < 0) nic(NIC.distance);
    if (bill.distanceKm > 0 && remaining > bill.distanceKm) nic(NIC.remainingDistance);
    const base = Math.max(ctx.nowMs, bill.validUptoMs ?? ctx.nowMs);
    bill.validUptoMs = endOfIstDay(base, validityDays(remaining));
    bill.extendedTimes += 1;
    bill.detailsResponse = undefined;
    return {
      ewayBillNo: String(bill.number),
      updatedDate: formatIstDateTime(ctx.nowMs),
      validUpto: formatIstDateTime(bill.validUptoMs),
      error: false,
      url: this.pdfUrl(ctx, bill),
    };
  }

  /**
   * `GET getEwayBillData/?action=GetEwayBill` (reference §3.13): the whole success-envelope body,
   * cached until the bill changes. Visible to the generator, consignor, consignee and transporter.
   */
  detailsResponse(query: URLSearchParams, ctx: OperationContext): string {
    const gstin = this.requireGstin(ctx, query.get('gstin'));
    const n = num(query.get('eway_bill_number'));
    const bill = n === undefined ? undefined : this.bills.get(n);
    if (!bill) nic(NIC.ewbNotFound);
    const request = bill.request;
    const parties = [
      bill.userGstin,
      request.gstin_of_consignor,
      request.gstin_of_consignee,
      request.transporter_id,
    ];
    if (!parties.includes(gstin)) nic(NIC.ewbNotFound);
    bill.detailsResponse ??= JSON.stringify(successEnvelope(details(bill)));
    return bill.detailsResponse;
  }

  /** `GET getEwayBillData/?action=GetEwayBillGeneratedByConsigner` (reference §3.13). */
  byConsigner(query: URLSearchParams, ctx: OperationContext): Fields {
    const gstin = this.requireGstin(ctx, query.get('gstin'));
    const number = this.byDocument.get(
      `${gstin}|${str(query.get('document_number')).toUpperCase()}`,
    );
    const bill = number === undefined ? undefined : this.bills.get(number);
    if (!bill) nic(NIC.documentNotFound);
    return {
      ewayBillNo: bill.number,
      ewayBillDate: formatIstDateTime(bill.generatedAtMs),
      validUpto: bill.validUptoMs === null ? '' : formatIstDateTime(bill.validUptoMs),
      alert: '',
    };
  }

  /** `GET getEwayBillData/?action=GetGSTINDetails` (reference §3.13); unknown GSTIN → NIC 325. */
  gstinDetails(query: URLSearchParams, ctx: OperationContext): TaxpayerRecord {
    this.requireGstin(ctx, query.get('userGstin'));
    const record = GSTIN_DIRECTORY.get(str(query.get('gstin')).toUpperCase());
    if (!record) nic(NIC.noData);
    return record;
  }
}

function validateGenerate(fields: Fields): void {
  if (!SUPPLY_TYPES.has(str(fields.supply_type).toLowerCase())) nic(NIC.supplyType, 'supply_type');
  if (str(fields.sub_supply_type).trim() === '') nic(NIC.subSupplyType, 'sub_supply_type');
  if (!DOCUMENT_TYPES.has(str(fields.document_type).toLowerCase())) {
    nic(NIC.documentType, 'document_type');
  }
  if (!DOCUMENT_NUMBER_PATTERN.test(str(fields.document_number))) {
    nic(NIC.documentNumber, 'document_number');
  }
  if (!isValidRequestDate(fields.document_date)) nic(NIC.documentDate, 'document_date');
  if (!isGstinOrUrp(fields.gstin_of_consignor)) nic(NIC.consignorGstin, 'gstin_of_consignor');
  if (!isPincode(fields.pincode_of_consignor)) nic(NIC.consignorPincode, 'pincode_of_consignor');
  if (str(fields.state_of_consignor).trim() === '') nic(NIC.consignorState, 'state_of_consignor');
  if (!isGstinOrUrp(fields.gstin_of_consignee)) nic(NIC.consigneeGstin, 'gstin_of_consignee');
  if (!isPincode(fields.pincode_of_consignee)) nic(NIC.consigneePincode, 'pincode_of_consignee');
  if (str(fields.state_of_supply).trim() === '') nic(NIC.consigneeState, 'state_of_supply');
  const mode = str(fields.transportation_mode);
  if (mode !== '' && TRANSPORT_MODES[mode.toLowerCase()] === undefined) {
    nic(NIC.transMode, 'transportation_mode');
  }
  if (fields.transportation_distance !== undefined && fields.transportation_distance !== '') {
    const distance = num(fields.transportation_distance);
    if (distance === undefined || distance < 0 || distance > 4000) {
      nic(NIC.distance, 'transportation_distance');
    }
  }
  const vehicle = str(fields.vehicle_number);
  if (vehicle !== '' && !VEHICLE_PATTERN.test(vehicle)) nic(NIC.vehicleFormat, 'vehicle_number');
  const items = fields.itemList;
  if (!Array.isArray(items) || items.length === 0 || items.length > 250) {
    nic(NIC.hsn, 'itemList must hold 1 to 250 items');
  }
  for (const item of items as unknown[]) {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as Fields;
    if (!/^\d{4,8}$/.test(str(entry.hsn_code))) nic(NIC.hsn, 'itemList.hsn_code');
    if (num(entry.quantity) === undefined) nic(NIC.uqc, 'itemList.quantity');
  }
  const total = num(fields.total_invoice_value);
  const taxable = num(fields.taxable_amount);
  if (total === undefined || taxable === undefined) {
    nic(NIC.totals, 'total_invoice_value and taxable_amount are required');
  }
  const taxes = ['cgst_amount', 'sgst_amount', 'igst_amount', 'cess_amount', 'cess_nonadvol_value']
    .map((name) => num(fields[name]) ?? 0)
    .reduce((sum, value) => sum + value, 0);
  // NIC tolerates rounding of up to one rupee.
  if (total + 1 < taxable + taxes) nic(NIC.totals);
}

function amount(value: unknown): number {
  return num(value) ?? 0;
}

function details(bill: EwayBill): Fields {
  const r = bill.request;
  const items = (r.itemList as Fields[]).map((item, index) => ({
    item_number: index + 1,
    product_id: 0,
    product_name: str(item.product_name),
    product_description: str(item.product_description),
    hsn_code: amount(item.hsn_code),
    quantity: amount(item.quantity),
    unit_of_product: str(item.unit_of_product),
    cgst_rate: amount(item.cgst_rate),
    sgst_rate: amount(item.sgst_rate),
    igst_rate: amount(item.igst_rate),
    cess_rate: amount(item.cess_rate),
    cessNonAdvol: amount(item.cessNonAdvol),
    taxable_amount: amount(item.taxable_amount),
  }));
  const validDays = bill.validUptoMs === null ? 0 : validityDays(bill.distanceKm);
  return {
    eway_bill_number: bill.number,
    eway_bill_date: formatIstDateTime(bill.generatedAtMs),
    generate_mode: 'API',
    userGstin: bill.userGstin,
    supply_type: str(r.supply_type).toUpperCase(),
    sub_supply_type: str(r.sub_supply_type),
    document_type: str(r.document_type),
    document_number: str(r.document_number),
    document_date: str(r.document_date),
    gstin_of_consignor: str(r.gstin_of_consignor),
    legal_name_of_consignor: str(r.legal_name_of_consignor),
    address1_of_consignor: str(r.address1_of_consignor),
    address2_of_consignor: str(r.address2_of_consignor),
    place_of_consignor: str(r.place_of_consignor),
    pincode_of_consignor: amount(r.pincode_of_consignor),
    state_of_consignor: str(r.state_of_consignor),
    gstin_of_consignee: str(r.gstin_of_consignee),
    legal_name_of_consignee: str(r.legal_name_of_consignee),
    address1_of_consignee: str(r.address1_of_consignee),
    address2_of_consignee: str(r.address2_of_consignee),
    place_of_consignee: str(r.place_of_consignee),
    pincode_of_consignee: amount(r.pincode_of_consignee),
    state_of_supply: str(r.state_of_supply),
    taxable_amount: amount(r.taxable_amount),
    total_invoice_value: amount(r.total_invoice_value),
    cgst_amount: amount(r.cgst_amount),
    sgst_amount: amount(r.sgst_amount),
    igst_amount: amount(r.igst_amount),
    cess_amount: amount(r.cess_amount),
    transporter_id: str(r.transporter_id),
    transporter_name: str(r.transporter_name).toUpperCase(),
    eway_bill_status: bill.status,
    transportation_distance: bill.distanceKm,
    number_of_valid_days: validDays,
    eway_bill_valid_date: bill.validUptoMs === null ? '' : formatIstDateTime(bill.validUptoMs),
    extended_times: bill.extendedTimes,
    reject_status: 'N',
    vehicle_type: bill.vehicles.length === 0 ? '' : str(r.vehicle_type || 'regular').toLowerCase(),
    actual_from_state_name: str(r.actual_from_state_name),
    actual_to_state_name: str(r.actual_to_state_name),
    transaction_type: TRANSACTION_TYPES[str(r.transaction_type || '1')] ?? 'Regular',
    other_value: amount(r.other_value),
    cess_nonadvol_value: amount(r.cess_nonadvol_value),
    itemList: items,
    VehiclListDetails: bill.vehicles,
  };
}
