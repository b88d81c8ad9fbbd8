import type { z } from 'zod';
import type {
  generateRequestSchema,
  itemSchema,
  generateBulkRequestSchema,
  bulkRequestSchema,
  bulkResultRequestSchema,
} from './requests-generate.js';
import type {
  cancelRequestSchema,
  updatePartBRequestSchema,
  extendValidityRequestSchema,
  updateTransporterRequestSchema,
  rejectRequestSchema,
  generateConsolidatedRequestSchema,
  regenerateConsolidatedRequestSchema,
  initiateMultiVehicleRequestSchema,
  addMultiVehicleRequestSchema,
  changeMultiVehicleRequestSchema,
  returnStatusRequestSchema,
} from './requests-updates.js';
import type {
  getEwayBillRequestSchema,
  byDateRequestSchema,
  getTripSheetRequestSchema,
  getGstinDetailsRequestSchema,
  getTransporterDetailsRequestSchema,
  getHsnDetailsRequestSchema,
  findByDocumentRequestSchema,
  transporterByStateRequestSchema,
  transporterByGstinRequestSchema,
  transporterAssignedDateRequestSchema,
  generateByIrnRequestSchema,
  getByIrnRequestSchema,
  distanceRequestSchema,
} from './requests-lookups.js';

// Request schemas of every operation (each cites its operation's Masters India page). They check shapes, required fields,
// formats and enumerations; the cross-field and date rules live in ../rules.ts. Unknown fields
// are not rejected (Masters India accepts bookkeeping fields the pages do not list), and the body
// is sent as the caller wrote it. The schemas live by operation group:
// requests-generate.ts, requests-updates.ts, requests-lookups.ts; the enumerations in request-labels.ts.

export * from './request-labels.js';
export * from './requests-generate.js';
export * from './requests-updates.js';
export * from './requests-lookups.js';

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
