import { NIC, nic } from './envelopes.js';
import {
  DOCUMENT_NUMBER_PATTERN,
  DOCUMENT_TYPES,
  type Fields,
  isGstinOrUrp,
  isPincode,
  num,
  str,
  SUPPLY_TYPES,
  TRANSPORT_MODES,
  VEHICLE_PATTERN,
} from './fields.js';
import { isValidRequestDate, parseRequestDate } from './ist-time.js';

/**
 * Field rules of generate (https://docs.mastersindia.co/eway/generate-e-way-bill and the NIC codes
 * of docs/ARCHITECTURE.md §13: 201–237, 620).
 */
export function validateGenerate(fields: Fields): void {
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

const HOUR_MS = 3_600_000;
/**
 * NIC allows an extension only from 8 h before to 8 h after expiry
 * (https://docs.mastersindia.co/eway/extend-validity-of-e-way-bill, NIC 382).
 */
export const EXTENSION_WINDOW_MS = 8 * HOUR_MS;
/** A document may be at most 180 days old on generate (docs/ARCHITECTURE.md §13, NIC 820). */
export const MAX_DOCUMENT_AGE_DAYS = 180;
/**
 * The other party may reject within 72 hours of generation
 * (https://docs.mastersindia.co/eway/reject-e-way-bill, NIC 346).
 */
export const REJECT_WINDOW_MS = 72 * HOUR_MS;
/**
 * [inferred] Cancellation is allowed within 24 h of generation
 * (https://docs.mastersindia.co/eway/cancel-e-way-bill); later → NIC 315.
 */
export const CANCEL_WINDOW_MS = 24 * HOUR_MS;

/**
 * [inferred] Accepted `reason_of_cancel` values: the labels of
 * https://docs.mastersindia.co/eway/cancel-e-way-bill (case-insensitive) and their NIC codes 1–4.
 */
export const CANCEL_REASONS = new Set([
  'duplicate',
  'order cancelled',
  'data entry mistake',
  'others',
  '1',
  '2',
  '3',
  '4',
]);

/** NIC 820 (docs/ARCHITECTURE.md §13): the document date may not be older than 180 days. */
export function checkDocumentAge(documentDateMs: number, nowMs: number): void {
  if (nowMs - documentDateMs > MAX_DOCUMENT_AGE_DAYS * 86_400_000) nic(NIC.documentTooOld);
}

/**
 * NIC 362 (https://docs.mastersindia.co/eway/update-part-b): the transport document may not predate
 * the invoice.
 */
export function checkTransportDocumentDate(
  transportDocumentDate: unknown,
  documentDate: unknown,
): void {
  if (transportDocumentDate === undefined || transportDocumentDate === '') return;
  const transportMs = parseRequestDate(transportDocumentDate);
  if (transportMs === undefined) nic(NIC.transportDocDate);
  const documentMs = parseRequestDate(documentDate);
  if (documentMs !== undefined && transportMs < documentMs) nic(NIC.transportBeforeDocument);
}

/** True once the bill's validity has lapsed (docs/ARCHITECTURE.md §13: NIC 311 / 315 / 345). */
export function validityLapsed(validUptoMs: number | null, nowMs: number): boolean {
  return validUptoMs !== null && nowMs > validUptoMs;
}

/**
 * NIC 382 (https://docs.mastersindia.co/eway/extend-validity-of-e-way-bill,
 * docs/ARCHITECTURE.md §13): extension only within ±8 h of expiry.
 */
export function checkExtensionWindow(validUptoMs: number, nowMs: number): void {
  if (Math.abs(nowMs - validUptoMs) > EXTENSION_WINDOW_MS) nic(NIC.extendWindow);
}

/**
 * Extension field combinations of https://docs.mastersindia.co/eway/extend-validity-of-e-way-bill:
 * `consignment_status` `M` (moving) with modes 1–4 and an empty `transit_type`; `T` (in transit)
 * with mode 5, `transit_type` R/W/O and the current location (`address_line1`, `from_pincode`).
 */
export function checkExtensionMode(fields: Fields): void {
  const mode = str(fields.mode_of_transport).trim();
  const status = str(fields.consignment_status).trim().toUpperCase();
  const transitType = str(fields.transit_type).trim().toUpperCase();
  if (!['1', '2', '3', '4', '5'].includes(mode)) nic(NIC.transMode, 'mode_of_transport');
  if (status === 'M') {
    if (mode === '5') nic(NIC.extendConsignment);
    if (transitType !== '') nic(NIC.extendTransitType);
    return;
  }
  if (status !== 'T' || mode !== '5') nic(NIC.extendConsignment);
  if (!['R', 'W', 'O'].includes(transitType)) nic(NIC.extendTransitType);
  if (str(fields.address_line1).trim() === '' || !isPincode(fields.from_pincode)) {
    nic(NIC.extendAddress);
  }
}
