import { z } from 'zod';
import {
  amount,
  codeNumber,
  consolidatedNumberInput,
  documentNumber,
  ewbNumberInput,
  gstin,
  gstinOrUrp,
  label,
  nonNegative,
  optionalRequestDate,
  pincode,
  requestDate,
  text,
  vehicleNumber,
} from './fields.js';

// Request schemas of every operation (each cites its operation's Masters India page). They check shapes, required fields,
// formats and enumerations; the cross-field and date rules live in ../rules.ts. Unknown fields
// are not rejected (Masters India accepts bookkeeping fields the pages do not list), and the body
// is sent as the caller wrote it.

const optionalString = z.string().optional();
const distanceKm = z.union([z.number(), z.string()]).refine((v) => {
  const s = String(v).trim();
  return s === '' || (/^\d+$/.test(s) && Number(s) <= 4000);
}, 'must be 0-4000 km (https://docs.mastersindia.co/eway/generate-e-way-bill; NIC 221)');

/** Document types of https://docs.mastersindia.co/eway/generate-e-way-bill. */
export const DOCUMENT_TYPES = [
  'Tax Invoice',
  'Bill of Supply',
  'Bill of Entry',
  'Delivery Challan',
  'Credit Note',
  'Others',
] as const;
/** Transport modes of https://docs.mastersindia.co/eway/generate-e-way-bill (labels) and https://docs.mastersindia.co/eway/update-part-b (codes 1-5). */
export const TRANSPORT_MODES = ['Road', 'Rail', 'Air', 'Ship', 'In Transit'] as const;
/** Cancellation reasons of https://docs.mastersindia.co/eway/cancel-e-way-bill (NIC codes 1-4). */
export const CANCEL_REASONS = [
  'Duplicate',
  'Order Cancelled',
  'Data Entry mistake',
  'Others',
] as const;
/** Vehicle update reasons of https://docs.mastersindia.co/eway/update-part-b. */
export const VEHICLE_UPDATE_REASONS = [
  'Due to Break Down',
  'Due to Transhipment',
  'Others',
  'First Time',
] as const;
/** Extension reasons of https://docs.mastersindia.co/eway/extend-validity-of-e-way-bill. */
export const EXTEND_REASONS = [
  'Natural Calamity',
  'Law and Order Situation',
  'Transshipment',
  'Accident',
  'Others',
] as const;

/** One line of `itemList` (https://docs.mastersindia.co/eway/generate-e-way-bill). */
export const itemSchema = z.object({
  product_name: optionalString,
  product_description: optionalString,
  /** HSN code: digits, string or number (https://docs.mastersindia.co/eway/generate-e-way-bill, docs/ARCHITECTURE.md §13). NIC 216. */
  hsn_code: z
    .union([z.number(), z.string()])
    .refine((v) => /^\d{2,8}$/.test(String(v).trim()), 'must be an HSN code of digits (NIC 216)'),
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

/** `POST /api/v1/ewayBillCancel/` (https://docs.mastersindia.co/eway/cancel-e-way-bill). */
export const cancelRequestSchema = z.object({
  userGstin: gstin,
  eway_bill_number: ewbNumberInput,
  reason_of_cancel: label(CANCEL_REASONS, 'https://docs.mastersindia.co/eway/cancel-e-way-bill'),
  cancel_remark: optionalString,
  data_source: optionalString,
});

/** `POST /api/v1/updateVehicleNumber/` (https://docs.mastersindia.co/eway/update-part-b). */
export const updatePartBRequestSchema = z.object({
  userGstin: gstin,
  eway_bill_number: ewbNumberInput,
  vehicle_number: z.union([z.literal(''), vehicleNumber]).optional(),
  vehicle_type: z
    .union([
      z.literal(''),
      label(['Regular', 'ODC', 'R', 'O'], 'https://docs.mastersindia.co/eway/update-part-b'),
    ])
    .optional(),
  place_of_consignor: text,
  state_of_consignor: text,
  reason_code_for_vehicle_updation: label(
    VEHICLE_UPDATE_REASONS,
    'https://docs.mastersindia.co/eway/update-part-b',
  ),
  reason_for_vehicle_updation: optionalString,
  transporter_document_number: optionalString,
  transporter_document_date: optionalRequestDate.optional(),
  /** 1 Road, 2 Rail, 3 Air, 4 Ship (https://docs.mastersindia.co/eway/update-part-b). */
  mode_of_transport: codeNumber(1, 4, 'https://docs.mastersindia.co/eway/update-part-b'),
  data_source: optionalString,
});

/** `POST /api/v1/ewayBillValidityExtend/` (https://docs.mastersindia.co/eway/extend-validity-of-e-way-bill). */
export const extendValidityRequestSchema = z.object({
  userGstin: gstin,
  eway_bill_number: ewbNumberInput,
  vehicle_number: z.union([z.literal(''), vehicleNumber]).optional(),
  place_of_consignor: text,
  state_of_consignor: text,
  /** km, must not exceed the original distance (NIC 390). */
  remaining_distance: z.union([z.number(), z.string()]).refine((v) => {
    const s = String(v).trim();
    return /^\d+$/.test(s) && Number(s) > 0;
  }, 'must be a whole number of km > 0 (NIC 389)'),
  transporter_document_number: optionalString,
  transporter_document_date: optionalRequestDate.optional(),
  /** 1-4 as https://docs.mastersindia.co/eway/update-part-b, 5 = in transit (https://docs.mastersindia.co/eway/extend-validity-of-e-way-bill). */
  mode_of_transport: codeNumber(
    1,
    5,
    'https://docs.mastersindia.co/eway/extend-validity-of-e-way-bill',
  ),
  extend_validity_reason: label(
    EXTEND_REASONS,
    'https://docs.mastersindia.co/eway/extend-validity-of-e-way-bill',
  ),
  extend_remarks: optionalString,
  consignment_status: label(
    ['M', 'T'],
    'https://docs.mastersindia.co/eway/extend-validity-of-e-way-bill',
  ),
  from_pincode: pincode,
  transit_type: z
    .union([
      z.literal(''),
      label(['R', 'W', 'O'], 'https://docs.mastersindia.co/eway/extend-validity-of-e-way-bill'),
    ])
    .optional(),
  address_line1: optionalString,
  address_line2: optionalString,
  address_line3: optionalString,
  data_source: optionalString,
});

/** `POST /api/v1/transporterIdUpdate/` (https://docs.mastersindia.co/eway/update-transporter). */
export const updateTransporterRequestSchema = z.object({
  userGstin: gstin,
  eway_bill_number: ewbNumberInput,
  /** Transporter GSTIN or TRANSIN: 15 letters and digits (NIC 222). */
  transporter_id: z
    .string()
    .regex(/^[A-Za-z0-9]{15}$/, 'must be a 15-character GSTIN or TRANSIN (NIC 222)'),
  transporter_name: optionalString,
  data_source: optionalString,
});

/** `POST /api/v1/ewayBillReject/` (https://docs.mastersindia.co/eway/reject-e-way-bill). */
export const rejectRequestSchema = z.object({
  userGstin: gstin,
  eway_bill_number: ewbNumberInput,
  data_source: optionalString,
});

/** `POST /api/v1/consolidatedEwayBillsGenerate/` (https://docs.mastersindia.co/eway/generate-consolidate-e-way-bill). */
export const generateConsolidatedRequestSchema = z.object({
  userGstin: gstin,
  place_of_consignor: text,
  state_of_consignor: text,
  vehicle_number: z.union([z.literal(''), vehicleNumber]).optional(),
  mode_of_transport: codeNumber(
    1,
    4,
    'https://docs.mastersindia.co/eway/generate-consolidate-e-way-bill',
  ),
  transporter_document_number: z.union([z.string(), z.number()]).optional(),
  transporter_document_date: optionalRequestDate.optional(),
  data_source: optionalString,
  /** Objects, not bare strings (https://docs.mastersindia.co/eway/generate-consolidate-e-way-bill: bare strings fail "at least 12 characters"). */
  list_of_eway_bills: z
    .array(z.object({ eway_bill_number: ewbNumberInput }))
    .min(
      1,
      'at least one e-way bill (https://docs.mastersindia.co/eway/generate-consolidate-e-way-bill)',
    ),
});

/** `POST /api/v1/consolidatedEwayBillsRegenerate/` (https://docs.mastersindia.co/eway/regenerate-consolidate-e-way-bill). */
export const regenerateConsolidatedRequestSchema = z.object({
  userGstin: gstin,
  consolidated_eway_bill_number: consolidatedNumberInput,
  place_of_consignor: text,
  state_of_consignor: text,
  vehicle_number: z.union([z.literal(''), vehicleNumber]).optional(),
  mode_of_transport: codeNumber(
    1,
    4,
    'https://docs.mastersindia.co/eway/regenerate-consolidate-e-way-bill',
  ),
  transporter_document_number: z.union([z.string(), z.number()]).optional(),
  transporter_document_date: optionalRequestDate.optional(),
  reason_of_cancel: text,
  reason_for_updation: optionalString,
  data_source: optionalString,
});

/** `POST /api/v1/multiVehicleMovement/` (https://docs.mastersindia.co/eway/initiate-multi-vehicle). */
export const initiateMultiVehicleRequestSchema = z.object({
  userGstin: gstin,
  eway_bill_number: ewbNumberInput,
  reason_code_for_vehicle_updation: label(
    VEHICLE_UPDATE_REASONS,
    'https://docs.mastersindia.co/eway/initiate-multi-vehicle',
  ),
  reason_for_vehicle_updation: optionalString,
  place_of_consignor: text,
  state_of_consignor: text,
  place_of_consignee: text,
  state_of_consignee: text,
  mode_of_transport: codeNumber(1, 4, 'https://docs.mastersindia.co/eway/initiate-multi-vehicle'),
  total_quantity: z.number().finite().positive('must be > 0'),
  /** UQC; must match an item unit (NIC 399). */
  unit_code: text,
  data_source: optionalString,
});

/** Group number: string or number, not empty or zero (NIC 406). */
const groupNumber = z
  .union([z.number(), z.string()])
  .refine(
    (v) => /^\d+$/.test(String(v).trim()) && Number(v) > 0,
    'must be a group number > 0 (NIC 406)',
  );

/** `POST /api/v1/addvehiclesDetailsforMultiVehicle/` (https://docs.mastersindia.co/eway/add-multi-vehicles). */
export const addMultiVehicleRequestSchema = z.object({
  userGstin: gstin,
  eway_bill_number: ewbNumberInput,
  group_number: groupNumber,
  vehicle_number: vehicleNumber,
  transporter_document_number: optionalString,
  transporter_document_date: optionalRequestDate.optional(),
  quantity: z.number().finite().positive('must be > 0'),
  data_source: optionalString,
});

/** `POST /api/v1/changeVehiclesDetailsforMultiVehicle/` (https://docs.mastersindia.co/eway/change-multi-vehicles). */
export const changeMultiVehicleRequestSchema = z.object({
  userGstin: gstin,
  eway_bill_number: ewbNumberInput,
  group_number: groupNumber,
  old_vehicle_number: vehicleNumber,
  new_vehicle_number: vehicleNumber,
  old_transporter_document_number: optionalString,
  new_transporter_document_number: optionalString,
  place_of_consignor: text,
  state_of_consignor: text,
  reason_code_for_vehicle_updation: label(
    VEHICLE_UPDATE_REASONS,
    'https://docs.mastersindia.co/eway/initiate-multi-vehicle',
  ),
  reason_for_vehicle_updation: optionalString,
  data_source: optionalString,
});

/** `POST /api/v1/returnStatus/` (https://docs.mastersindia.co/eway/return-status-blocked-and-unblocked; note `user_gstin` in snake case). */
export const returnStatusRequestSchema = z.object({
  user_gstin: gstin,
  GSTIN_Status: optionalString,
  gstin_list: z
    .array(z.object({ gstin }))
    .min(
      1,
      'at least one GSTIN (https://docs.mastersindia.co/eway/return-status-blocked-and-unblocked)',
    ),
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

// Look-ups: `GET /api/v1/getEwayBillData/?action=...` (docs/ARCHITECTURE.md §13); the action is added by the client.
export const getEwayBillRequestSchema = z.object({ gstin, eway_bill_number: ewbNumberInput });
export const byDateRequestSchema = z.object({ gstin, generated_date: requestDate });
export const getTripSheetRequestSchema = z.object({
  gstin,
  consolidated_eway_bill_number: consolidatedNumberInput,
});
export const getGstinDetailsRequestSchema = z.object({ userGstin: gstin, gstin });
export const getTransporterDetailsRequestSchema = z.object({
  userGstin: gstin,
  transporter_gstin: z
    .string()
    .regex(/^[A-Za-z0-9]{15}$/, 'must be a 15-character GSTIN or TRANSIN'),
});
export const getHsnDetailsRequestSchema = z.object({
  userGstin: gstin,
  hsncode: z
    .union([z.number(), z.string()])
    .refine((v) => /^\d{2,8}$/.test(String(v).trim()), 'must be an HSN code of digits (NIC 216)'),
});
export const findByDocumentRequestSchema = z.object({
  gstin,
  document_type: label(DOCUMENT_TYPES, 'https://docs.mastersindia.co/eway/generate-e-way-bill'),
  document_number: documentNumber,
});
/** State code: 1-2 digits (docs/ARCHITECTURE.md §13 sample `5`). */
const stateCode = z
  .union([z.number(), z.string()])
  .refine(
    (v) => /^\d{1,2}$/.test(String(v).trim()),
    'must be a numeric state code (docs/ARCHITECTURE.md §13)',
  );
export const transporterByStateRequestSchema = z.object({
  gstin,
  generated_date: requestDate,
  state_code: stateCode,
});
export const transporterByGstinRequestSchema = z.object({
  gstin,
  eway_bill_generator_gstin: gstin,
  generated_date: requestDate,
});
export const transporterAssignedDateRequestSchema = z.object({
  gstin,
  assigned_date: requestDate,
  state_code: stateCode,
});

const address = {
  address1: optionalString,
  address2: optionalString,
  location: optionalString,
  pincode: pincode.optional(),
  state_code: z.union([z.number(), z.string()]).optional(),
};

/** `POST /api/v1/gen-ewb-by-irn/` (https://docs.mastersindia.co/einvoicing/generate-e-way-bill-by-irn; `user_gstin` in snake case). */
export const generateByIrnRequestSchema = z.object({
  user_gstin: gstin,
  irn: text,
  transporter_id: optionalString,
  transportation_mode: z
    .union([
      z.literal(''),
      codeNumber(1, 4, 'https://docs.mastersindia.co/einvoicing/generate-e-way-bill-by-irn'),
    ])
    .optional(),
  transporter_document_number: optionalString,
  transporter_document_date: optionalRequestDate.optional(),
  vehicle_number: z.union([z.literal(''), vehicleNumber]).optional(),
  distance: z.number().int().min(0).max(4000, 'must be 0-4000 km (NIC 221)').optional(),
  vehicle_type: z
    .union([
      z.literal(''),
      label(
        ['R', 'O', 'Regular', 'ODC'],
        'https://docs.mastersindia.co/einvoicing/generate-e-way-bill-by-irn',
      ),
    ])
    .optional(),
  transporter_name: optionalString,
  data_source: optionalString,
  dispatch_details: z.object({ company_name: optionalString, ...address }).optional(),
  ship_details: z.object(address).optional(),
});

/** `GET /api/v1/get-ewb-byirn/` (https://docs.mastersindia.co/einvoicing/get-e-waybill-details-by-irn). */
export const getByIrnRequestSchema = z.object({ user_gstin: gstin, irn: text });

/** `GET /api/v1/distance/` (docs/ARCHITECTURE.md §13). */
export const distanceRequestSchema = z.object({ fromPincode: pincode, toPincode: pincode });

export type GenerateRequest = z.input<typeof generateRequestSchema>;
export type EwayBillItem = z.input<typeof itemSchema>;
export type CancelRequest = z.input<typeof cancelRequestSchema>;
export type UpdatePartBRequest = z.input<typeof updatePartBRequestSchema>;
export type ExtendValidityRequest = z.input<typeof extendValidityRequestSchema>;
export type UpdateTransporterRequest = z.input<typeof updateTransporterRequestSchema>;
export type RejectRequest = z.input<typeof rejectRequestSchema>;
export type GenerateConsolidatedRequest = z.input<typeof generateConsolidatedRequestSchema>;
export type RegenerateConsolidatedRequest = z.input<typeof regenerateConsolidatedRequestSchema>;
export type InitiateMultiVehicleRequest = z.input<typeof initiateMultiVehicleRequestSchema>;
export type AddMultiVehicleRequest = z.input<typeof addMultiVehicleRequestSchema>;
export type ChangeMultiVehicleRequest = z.input<typeof changeMultiVehicleRequestSchema>;
export type ReturnStatusRequest = z.input<typeof returnStatusRequestSchema>;
export type GenerateBulkRequest = z.input<typeof generateBulkRequestSchema>;
export type BulkRequest = z.input<typeof bulkRequestSchema>;
export type BulkResultRequest = z.input<typeof bulkResultRequestSchema>;
export type GetEwayBillRequest = z.input<typeof getEwayBillRequestSchema>;
export type ByDateRequest = z.input<typeof byDateRequestSchema>;
export type GetTripSheetRequest = z.input<typeof getTripSheetRequestSchema>;
export type GetGstinDetailsRequest = z.input<typeof getGstinDetailsRequestSchema>;
export type GetTransporterDetailsRequest = z.input<typeof getTransporterDetailsRequestSchema>;
export type GetHsnDetailsRequest = z.input<typeof getHsnDetailsRequestSchema>;
export type FindByDocumentRequest = z.input<typeof findByDocumentRequestSchema>;
export type TransporterByStateRequest = z.input<typeof transporterByStateRequestSchema>;
export type TransporterByGstinRequest = z.input<typeof transporterByGstinRequestSchema>;
export type TransporterAssignedDateRequest = z.input<typeof transporterAssignedDateRequestSchema>;
export type GenerateByIrnRequest = z.input<typeof generateByIrnRequestSchema>;
export type GetByIrnRequest = z.input<typeof getByIrnRequestSchema>;
export type DistanceRequest = z.input<typeof distanceRequestSchema>;
