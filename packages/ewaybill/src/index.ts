export { ewayBills, EwayBills } from './ewaybills.js';
export type {
  EwayBillsOptions,
  CallOptions,
  GenerateOptions,
  GenerateOutcome,
  GenerateResult,
  BulkResult,
  BulkResultItem,
  PollOptions,
} from './ewaybills.js';
export { EwayBillApiError, EwayBillOutcomeUnknownError, EwayBillPdfError } from './errors.js';
export type { EwayBillApiErrorOptions, GeneratedDocumentRef } from './errors.js';
export { nicCodeInfo, NIC_CODES, RETRY_ONCE_CODES, BACKOFF_CODES } from './nic-codes.js';
export type { NicCodeInfo } from './nic-codes.js';
export { OPERATIONS } from './operations.js';
export type {
  OperationDefinition,
  OperationName,
  OperationRequest,
  OperationResponse,
} from './operations.js';
export { validateRequest, findRequestIssues } from './validate.js';
export { gstinCheckCharacter, gstinProblem, GSTIN_PATTERN } from './gstin.js';
export { parseIstDateTime, parseRequestDate, formatRequestDate } from './dates.js';
export type { IstDateTime } from './dates.js';
export { systemClock } from './clock.js';
export type { EwayBillClock } from './clock.js';
export { resolveMastersFetch } from './source.js';
export type { MastersFetchSource } from './source.js';
export * from './schemas/requests.js';
export * from './schemas/responses.js';
export { MastersValidationError } from '@mastersfetch/core';
export type { MastersValidationIssue } from '@mastersfetch/core';
