export type * from './types.js';
export {
  MastersError,
  MastersConfigError,
  MastersInvalidCredentialsError,
  MastersTokenError,
  MastersHttpError,
  MastersApiError,
  MastersClientClosedError,
  MastersValidationError,
  isMastersError,
} from './errors.js';
export type {
  SanitizedCause,
  MastersErrorOptions,
  MastersConfigErrorOptions,
  MastersInvalidCredentialsErrorOptions,
  MastersTokenErrorOptions,
  MastersHttpErrorOptions,
  MastersApiErrorOptions,
  MastersValidationErrorOptions,
  MastersValidationIssue,
} from './errors.js';
export { unwrapResults, normalizePdfUrl } from './unwrap.js';
export { redactResponseError, redactResponseText } from './http/response-credentials.js';
export { mastersErrorResponse } from './error-response.js';
export type { MastersErrorResponse } from './error-response.js';
export { MemoryTokenStore } from './store/memory.js';
export type { MemoryTokenStoreOptions } from './store/memory.js';
export { createMastersClient } from './client.js';
export { MASTERS_CLIENT_OPTION_KEYS, assertKnownOptions } from './options.js';
export { RETRY_POLICY } from './http/retry.js';
export { withClientDisconnect } from './client-disconnect.js';
export type { ClientResponse } from './client-disconnect.js';
export { bindRequests, isMastersClient } from './adapter/bind-requests.js';
export { mastersFetchIdentity } from './identity.js';
export type { MastersFetchIdentity } from './identity.js';
export type {
  AdapterOptions,
  BindSource,
  RequestBinding,
  ResolveCredentials,
} from './adapter/bind-requests.js';
export * from './health.js';
export { createTracing } from './observe/tracing.js';
export type { Tracing, TracingOptions, SpanHandle } from './observe/tracing.js';
export { MASTERSFETCH_CHANNELS } from './observe/channels.js';
export type {
  AuthMode,
  RenewReason,
  ErrorSummary,
  LoginPayload,
  RenewPayload,
  StorePayload,
  RequestPayload,
  UnauthorizedReplayPayload,
} from './observe/channels.js';
export { LOG_LEVEL_ENV } from './observe/log-level.js';
