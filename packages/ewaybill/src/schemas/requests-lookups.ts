import { z } from 'zod';
import {
  codeNumber,
  consolidatedNumberInput,
  documentNumber,
  ewbNumberInput,
  gstin,
  hsnCodeInput,
  label,
  optionalRequestDate,
  optionalString,
  pincode,
  requestDate,
  text,
  vehicleNumber,
} from './fields.js';
import { DOCUMENT_TYPES } from './request-labels.js';

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
  hsncode: hsnCodeInput,
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
