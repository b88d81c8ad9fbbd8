import { z } from 'zod';
import { dateTime, ewbNumberOut, hsnCodeOut, numeric, pdfUrl } from './fields.js';

// Response schemas: the `results.message` payload of each operation (each cites its operation's Masters India page),
// normalized: EWB numbers are 12-digit strings, date-times `{ text, date }`, PDF links have a
// scheme, numeric strings are numbers. Objects are loose (fields the pages do not show are kept)
// and most fields optional: a success must never turn into an error because a field is missing.

/**
 * An optional field of an answer: absent or a printed `null` reads as absent (`undefined`), so a
 * success never turns into an error because the API printed `null` for a value it had none of.
 */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === null ? undefined : value), schema.optional());
}

const str = optional(z.string());
const num = numeric.optional();
const bool = optional(z.boolean());
/** A number the API prints as a string or a number (trip sheet, group), read as a string. */
const numberText = z.union([z.string(), z.number()]).transform((v) => String(v));

/**
 * The success payload (`results.message`) of a write: the operation's `message` fields plus the
 * API's `error: false` flag; loose, so fields the pages do not show are kept.
 */
function envelope<Message extends z.ZodRawShape>(message: Message) {
  return z.looseObject(message).extend({ error: bool });
}

/** Generate (https://docs.mastersindia.co/eway/generate-e-way-bill) and each element of a bulk result. */
export const generateResponseSchema = envelope({
  ewayBillNo: ewbNumberOut,
  ewayBillDate: dateTime,
  validUpto: dateTime,
  alert: str,
  url: pdfUrl,
});

/** Cancel (https://docs.mastersindia.co/eway/cancel-e-way-bill). */
export const cancelResponseSchema = envelope({
  ewayBillNo: ewbNumberOut,
  cancelDate: dateTime,
});

/** Update Part-B (https://docs.mastersindia.co/eway/update-part-b). */
export const updatePartBResponseSchema = envelope({
  vehUpdDate: dateTime,
  validUpto: dateTime,
  url: pdfUrl,
});

/** Extend validity (https://docs.mastersindia.co/eway/extend-validity-of-e-way-bill). */
export const extendValidityResponseSchema = envelope({
  ewayBillNo: ewbNumberOut,
  updatedDate: dateTime,
  validUpto: dateTime,
  url: pdfUrl,
});

/** Update transporter (https://docs.mastersindia.co/eway/update-transporter). */
export const updateTransporterResponseSchema = envelope({
  ewayBillNo: ewbNumberOut,
  transporterId: str,
  transUpdateDate: dateTime,
  url: pdfUrl,
});

/** Reject (https://docs.mastersindia.co/eway/reject-e-way-bill). */
export const rejectResponseSchema = envelope({
  ewayBillNo: ewbNumberOut,
  ewbRejectedDate: dateTime,
});

/** Generate consolidated (https://docs.mastersindia.co/eway/generate-consolidate-e-way-bill): `cEwbNo` stays a string of digits (10 digits). */
export const generateConsolidatedResponseSchema = envelope({
  cEwbNo: numberText,
  cEwbDate: dateTime,
  url: pdfUrl,
});

/** Regenerate consolidated (https://docs.mastersindia.co/eway/regenerate-consolidate-e-way-bill). */
export const regenerateConsolidatedResponseSchema = envelope({
  tripSheetNo: numberText,
  tripSheetEwayBills: optional(z.array(z.looseObject({ ewbNo: ewbNumberOut }))),
});

/** Initiate multi-vehicle (https://docs.mastersindia.co/eway/initiate-multi-vehicle). */
export const initiateMultiVehicleResponseSchema = envelope({
  ewbNo: ewbNumberOut,
  groupNo: numberText,
  createdDate: dateTime,
});

/** Add multi-vehicle (https://docs.mastersindia.co/eway/add-multi-vehicles). */
export const addMultiVehicleResponseSchema = envelope({
  ewbNo: ewbNumberOut,
  groupNo: numberText,
  vehAddedDate: dateTime,
});

/** Change multi-vehicle (https://docs.mastersindia.co/eway/change-multi-vehicles). */
export const changeMultiVehicleResponseSchema = envelope({
  ewbNo: ewbNumberOut,
  groupNo: numberText,
  vehUpdDate: dateTime,
});

/** Return status (https://docs.mastersindia.co/eway/return-status-blocked-and-unblocked): GSTIN → `"Blocked"` / `"Unblocked"` (or a per-GSTIN text). */
export const returnStatusResponseSchema = z.record(z.string(), z.unknown());

/** Bulk accepted (https://docs.mastersindia.co/eway/generate-e-way-bill-in-bulk): `requestId` or `request_id` (docs/ARCHITECTURE.md §13), read into `requestId`. */
export const bulkAcceptedResponseSchema = z
  .looseObject({
    requestId: str,
    request_id: str,
    request_status: str,
    message: z.unknown().optional(),
  })
  .transform((v) => ({ ...v, requestId: v.requestId ?? v.request_id ?? '' }));

/** Vehicle entry of `VehiclListDetails` (sic, https://docs.mastersindia.co/eway/get-e-way-bill-details). */
export const vehicleEntrySchema = z.looseObject({
  update_mode: str,
  vehicle_number: str,
  place_of_consignor: str,
  state_of_consignor: str,
  tripshtNo: num,
  userGstin: str,
  vehicle_number_update_date: dateTime,
  transportation_mode: str,
  transporter_document_number: optional(z.union([z.string(), z.number()])),
  transporter_document_date: z.union([z.string(), z.null()]).optional(),
  group_number: optional(numberText),
});

/** `itemList` of the details (https://docs.mastersindia.co/eway/get-e-way-bill-details): `hsn_code` printed as a number, read as a digit string. */
export const detailsItemSchema = z.looseObject({
  item_number: num,
  product_id: num,
  product_name: str,
  product_description: str,
  hsn_code: hsnCodeOut.optional(),
  quantity: num,
  unit_of_product: str,
  cgst_rate: num,
  sgst_rate: num,
  igst_rate: num,
  cess_rate: num,
  cessNonAdvol: num,
  taxable_amount: num,
});

/** `GetEwayBill` (https://docs.mastersindia.co/eway/get-e-way-bill-details). */
export const ewayBillDetailsSchema = z.looseObject({
  eway_bill_number: ewbNumberOut,
  eway_bill_date: dateTime,
  generate_mode: str,
  userGstin: str,
  supply_type: str,
  sub_supply_type: str,
  document_type: str,
  document_number: str,
  document_date: str,
  gstin_of_consignor: str,
  legal_name_of_consignor: str,
  address1_of_consignor: str,
  address2_of_consignor: str,
  place_of_consignor: str,
  pincode_of_consignor: num,
  state_of_consignor: str,
  gstin_of_consignee: str,
  legal_name_of_consignee: str,
  address1_of_consignee: str,
  address2_of_consignee: str,
  place_of_consignee: str,
  pincode_of_consignee: num,
  state_of_supply: str,
  taxable_amount: num,
  total_invoice_value: num,
  cgst_amount: num,
  sgst_amount: num,
  igst_amount: num,
  cess_amount: num,
  transporter_id: str,
  transporter_name: str,
  eway_bill_status: str,
  transportation_distance: num,
  number_of_valid_days: num,
  eway_bill_valid_date: dateTime,
  extended_times: num,
  reject_status: str,
  vehicle_type: str,
  actual_from_state_name: str,
  actual_to_state_name: str,
  transaction_type: optional(z.union([z.string(), z.number()])),
  other_value: num,
  cess_nonadvol_value: num,
  itemList: optional(z.array(detailsItemSchema)),
  VehiclListDetails: optional(z.array(vehicleEntrySchema)),
});

/** One row of the date-based lists (https://docs.mastersindia.co/eway/get-ewb-by-date, /get-ewaybills-rejected-by-others, /get-ewb-by-transporter-1 to -4). */
export const ewayBillListEntrySchema = z.looseObject({
  eway_bill_number: ewbNumberOut,
  eway_bill_date: dateTime,
  eway_bill_status: str,
  gstin_of_generator: str,
  document_number: str,
  document_date: str,
  pincode_of_delivery: num,
  state_name_of_delivery: str,
  place_of_delivery: str,
  eway_bill_valid_date: dateTime,
  extended_times: num,
  reject_status: str,
  reject_date: dateTime,
});
export const ewayBillListSchema = z.array(ewayBillListEntrySchema);

/** `GetEwayBillsofOtherParty` (https://docs.mastersindia.co/eway/get-other-party-ewb). */
export const otherPartyEntrySchema = z.looseObject({
  eway_bill_number: ewbNumberOut,
  eway_bill_date: dateTime,
  generate_mode: str,
  userGstin: str,
  document_number: str,
  document_date: str,
  gstin_of_consignor: str,
  legal_name_of_consignor: str,
  gstin_of_consignee: str,
  legal_name_of_consignee: str,
  total_invoice_value: num,
  hsn_code: hsnCodeOut.optional(),
  hsn_description: str,
  eway_bill_status: str,
  reject_status: str,
});
export const otherPartyListSchema = z.array(otherPartyEntrySchema);

/** `GetTripSheet` (https://docs.mastersindia.co/eway/get-consolidated-ewb). */
export const tripSheetSchema = z.looseObject({
  trip_sheet_number: optional(numberText),
  from_place: str,
  state_of_consignor: str,
  vehicle_number: str,
  transportation_mode: str,
  transporter_document_number: optional(z.union([z.string(), z.number()])),
  transporter_document_date: z.union([z.string(), z.null()]).optional(),
  userGstin: str,
  entered_date: dateTime,
  tripSheetEwbBills: optional(
    z.array(
      z.looseObject({
        eway_bill_number: ewbNumberOut,
        eway_bill_date: dateTime,
        userGstin: str,
        document_number: str,
        document_date: str,
        gstin_of_consignor: str,
        legal_name_of_consignor: str,
        gstin_of_consignee: str,
        legal_name_of_consignee: str,
        total_invoice_value: num,
        eway_bill_valid_date: dateTime,
      }),
    ),
  ),
});

/** `GetGSTINDetails` (https://docs.mastersindia.co/eway/get-gstin-details): `pincode` printed as a string, read as a number. */
export const gstinDetailsSchema = z.looseObject({
  gstin_of_taxpayer: str,
  trade_name: str,
  legal_name_of_business: str,
  address1: str,
  address2: str,
  state_name: str,
  pincode: num,
  taxpayer_type: str,
  status: str,
  block_status: str,
});

/** `GetTransporterDetails` (https://docs.mastersindia.co/eway/get-transporter-details). */
export const transporterDetailsSchema = z.looseObject({
  gstin_of_taxpayer: str,
  trade_name: str,
  legal_name_of_business: str,
  address1: str,
  address2: str,
  state_name: str,
  pincode: num,
});

/** `GetHsnDetailsByHsnCode` (https://docs.mastersindia.co/eway/get-hsn-details). */
export const hsnDetailsSchema = z.looseObject({
  hsn_code: hsnCodeOut.optional(),
  hsn_description: str,
});

/** `GetEwayBillGeneratedByConsigner` (https://docs.mastersindia.co/eway/get-ewb-by-consignor). */
export const byDocumentResponseSchema = z.looseObject({
  ewayBillNo: ewbNumberOut,
  ewayBillDate: dateTime,
  validUpto: dateTime,
  alert: str,
});

/** Generate by IRN (https://docs.mastersindia.co/einvoicing/generate-e-way-bill-by-irn): `EwbDt` / `EwbValidTill` as `yyyy-mm-dd HH:MM:SS`. */
export const generateByIrnResponseSchema = z.looseObject({
  EwbNo: ewbNumberOut,
  EwbDt: dateTime,
  EwbValidTill: dateTime,
  Remarks: z.unknown().optional(),
  QRCodeUrl: pdfUrl,
  EinvoicePdf: pdfUrl,
  EwaybillPdf: pdfUrl,
});

/** Get by IRN (https://docs.mastersindia.co/einvoicing/get-e-waybill-details-by-irn). */
export const getByIrnResponseSchema = z.looseObject({
  EwbNo: ewbNumberOut,
  Status: str,
  GenGstin: str,
  EwbDt: dateTime,
  EwbValidTill: dateTime,
  Alert: str,
});

/** Distance (docs/ARCHITECTURE.md §13): `results.distance` in km. */
export const distanceResponseSchema = z.looseObject({ distance: numeric });

export type GenerateResponse = z.output<typeof generateResponseSchema>;
export type CancelResponse = z.output<typeof cancelResponseSchema>;
export type UpdatePartBResponse = z.output<typeof updatePartBResponseSchema>;
export type ExtendValidityResponse = z.output<typeof extendValidityResponseSchema>;
export type UpdateTransporterResponse = z.output<typeof updateTransporterResponseSchema>;
export type RejectResponse = z.output<typeof rejectResponseSchema>;
export type GenerateConsolidatedResponse = z.output<typeof generateConsolidatedResponseSchema>;
export type RegenerateConsolidatedResponse = z.output<typeof regenerateConsolidatedResponseSchema>;
export type InitiateMultiVehicleResponse = z.output<typeof initiateMultiVehicleResponseSchema>;
export type AddMultiVehicleResponse = z.output<typeof addMultiVehicleResponseSchema>;
export type ChangeMultiVehicleResponse = z.output<typeof changeMultiVehicleResponseSchema>;
export type ReturnStatusResponse = z.output<typeof returnStatusResponseSchema>;
export type BulkAcceptedResponse = z.output<typeof bulkAcceptedResponseSchema>;
export type EwayBillDetails = z.output<typeof ewayBillDetailsSchema>;
export type EwayBillListEntry = z.output<typeof ewayBillListEntrySchema>;
export type OtherPartyEntry = z.output<typeof otherPartyEntrySchema>;
export type TripSheet = z.output<typeof tripSheetSchema>;
export type GstinDetails = z.output<typeof gstinDetailsSchema>;
export type TransporterDetails = z.output<typeof transporterDetailsSchema>;
export type HsnDetails = z.output<typeof hsnDetailsSchema>;
export type ByDocumentResponse = z.output<typeof byDocumentResponseSchema>;
export type GenerateByIrnResponse = z.output<typeof generateByIrnResponseSchema>;
export type GetByIrnResponse = z.output<typeof getByIrnResponseSchema>;
export type DistanceResponse = z.output<typeof distanceResponseSchema>;
