export { loadSampleConfig, type LoadSampleConfigOptions, type SampleConfig } from './config.js';
export { resolveTenant, type ResolvedTenant } from './tenants.js';
export {
  cancelAnswer,
  cancelRequest,
  detailsQuery,
  generateRequest,
  generatedAnswer,
  partBAnswer,
  partBRequest,
  type CancelledEwayBill,
  type GeneratedEwayBill,
  type PartBUpdate,
} from './eway-bill-routes.js';
export { SampleRequestError, type SampleRequestErrorCode } from './sample-request-error.js';
export { sampleErrorResponse, type SampleErrorResponse } from './error-response.js';
export { healthBody, type HealthBody } from './health.js';
export { listeningLine, startErrorMessage } from './listening.js';
export { sampleCurlLines } from './curl-lines.js';
export { loadSampleEnvFile, type LoadSampleEnvFileOptions } from './env-file.js';
export { onParentExit } from './parent-exit.js';
