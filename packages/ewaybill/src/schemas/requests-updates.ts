import { z } from 'zod';
import {
  codeNumber,
  consolidatedNumberInput,
  ewbNumberInput,
  gstin,
  label,
  optionalRequestDate,
  optionalString,
  pincode,
  text,
  vehicleNumber,
} from './fields.js';
import { CANCEL_REASONS, VEHICLE_UPDATE_REASONS, EXTEND_REASONS } from './request-labels.js';

// The writes on an existing e-way bill: cancel, Part-B, extend, transporter, reject, consolidated and
// multi-vehicle bills, and the return-status query (each cites its Masters India page).

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
