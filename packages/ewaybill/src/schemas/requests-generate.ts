import { z } from 'zod';
import {
  amount,
  codeNumber,
  documentNumber,
  gstin,
  hsnCodeInput,
  gstinOrUrp,
  label,
  nonNegative,
  optionalRequestDate,
  optionalString,
  pincode,
  requestDate,
  text,
  vehicleNumber,
} from './fields.js';
import { DOCUMENT_TYPES, TRANSPORT_MODES } from './request-labels.js';

// Generate and the bulk generates (https://docs.mastersindia.co/eway/generate-e-way-bill, /generate-e-way-bill-in-bulk, /generate-e-way-request-in-bulk).

const distanceKm = z.union([z.number(), z.string()]).refine((v) => {
  const s = String(v).trim();
  return s === '' || (/^\d+$/.test(s) && Number(s) <= 4000);
}, 'must be 0-4000 km (https://docs.mastersindia.co/eway/generate-e-way-bill; NIC 221)');

/** One line of `itemList` (https://docs.mastersindia.co/eway/generate-e-way-bill). */
export const itemSchema = z.object({
  product_name: optionalString,
  product_description: optionalString,
  hsn_code: hsnCodeInput,
  quantity: nonNegative.optional(),
  unit_of_product: optionalString,
  cgst_rate: nonNegative.optional(),
  sgst_rate: nonNegative.optional(),
  igst_rate: nonNegative.optional(),
  cess_rate: nonNegative.optional(),
  cessNonAdvol: nonNegative.optional(),
  /** Bulk samples spell it `cessAdvol` (https://docs.mastersindia.co/eway/generate-e-way-bill-in-bulk). */
  cessAdvol: nonNegative.optional(),
  taxable_amount: nonNegative.optional(),
});

/** `POST /api/v1/ewayBillsGenerate/` (https://docs.mastersindia.co/eway/generate-e-way-bill). */
export const generateRequestSchema = z.object({
  userGstin: gstin,
  supply_type: label(
    ['outward', 'inward'],
    'https://docs.mastersindia.co/eway/generate-e-way-bill',
  ),
  sub_supply_type: text,
  sub_supply_description: optionalString,
  document_type: label(DOCUMENT_TYPES, 'https://docs.mastersindia.co/eway/generate-e-way-bill'),
  document_number: documentNumber,
  document_date: requestDate,
  gstin_of_consignor: gstinOrUrp,
  legal_name_of_consignor: optionalString,
  address1_of_consignor: optionalString,
  address2_of_consignor: optionalString,
  place_of_consignor: optionalString,
  pincode_of_consignor: pincode,
  state_of_consignor: text,
  actual_from_state_name: optionalString,
  gstin_of_consignee: gstinOrUrp,
  legal_name_of_consignee: optionalString,
  address1_of_consignee: optionalString,
  address2_of_consignee: optionalString,
  place_of_consignee: optionalString,
  pincode_of_consignee: pincode,
  state_of_supply: text,
  actual_to_state_name: optionalString,
  /** 1 Regular, 2 Bill To-Ship To, 3 Bill From-Dispatch From, 4 combination (https://docs.mastersindia.co/eway/generate-e-way-bill). */
  transaction_type: codeNumber(
    1,
    4,
    'https://docs.mastersindia.co/eway/generate-e-way-bill',
  ).optional(),
  other_value: amount.optional(),
  total_invoice_value: nonNegative,
  taxable_amount: nonNegative,
  cgst_amount: nonNegative.optional(),
  sgst_amount: nonNegative.optional(),
  igst_amount: nonNegative.optional(),
  cess_amount: nonNegative.optional(),
  cess_nonadvol_value: nonNegative.optional(),
  transporter_id: optionalString,
  transporter_name: optionalString,
  transporter_document_number: optionalString,
  transporter_document_date: optionalRequestDate.optional(),
  /** `''` = Part-A only (https://docs.mastersindia.co/eway/generate-e-way-bill). NIC 220. */
  transportation_mode: z
    .union([
      z.literal(''),
      label(
        [...TRANSPORT_MODES, '1', '2', '3', '4', '5'],
        'https://docs.mastersindia.co/eway/generate-e-way-bill; NIC 220',
      ),
    ])
    .optional(),
  transportation_distance: distanceKm.optional(),
  vehicle_number: z.union([z.literal(''), vehicleNumber]).optional(),
  vehicle_type: z
    .union([
      z.literal(''),
      label(['Regular', 'ODC', 'R', 'O'], 'https://docs.mastersindia.co/eway/generate-e-way-bill'),
    ])
    .optional(),
  generate_status: z.number().optional(),
  data_source: optionalString,
  user_ref: optionalString,
  location_code: optionalString,
  eway_bill_status: optionalString,
  auto_print: optionalString,
  email: optionalString,
  delete_record: optionalString,
  /** 1-250 lines (https://docs.mastersindia.co/eway/generate-e-way-bill). */
  itemList: z
    .array(itemSchema)
    .min(1, 'at least one item (https://docs.mastersindia.co/eway/generate-e-way-bill)')
    .max(250, 'at most 250 items (https://docs.mastersindia.co/eway/generate-e-way-bill)'),
});

/** `POST /api/v1/ewayBillsGenerateInBulk/` (https://docs.mastersindia.co/eway/generate-e-way-bill-in-bulk). */
export const generateBulkRequestSchema = z.object({
  ewayBillList: z
    .array(generateRequestSchema)
    .min(
      1,
      'at least one e-way bill (https://docs.mastersindia.co/eway/generate-e-way-bill-in-bulk)',
    ),
});

/** `POST /api/v1/bulkEwayApiRequest/` (https://docs.mastersindia.co/eway/generate-e-way-request-in-bulk). */
export const bulkRequestSchema = z.object({
  action: z.literal('eway', {
    error: "must be 'eway' (https://docs.mastersindia.co/eway/generate-e-way-request-in-bulk)",
  }),
  list: z
    .array(generateRequestSchema)
    .min(
      1,
      'at least one e-way bill (https://docs.mastersindia.co/eway/generate-e-way-request-in-bulk)',
    ),
});

/** `GET getBulkEwayBillsResponse/` and `bulkEwayApiResponse/` (https://docs.mastersindia.co/eway/get-e-way-bill-in-bulk, /get-e-way-response-in-bulk). */
export const bulkResultRequestSchema = z.object({ request_id: text });
