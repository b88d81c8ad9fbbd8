export * from '@mastersfetch/core';
export { mastersIndia } from './middleware.js';
export { getMastersFetch } from './get-masters-fetch.js';
export { mastersErrorHandler } from './error-handler.js';
export { mastersHealth, type MastersHealthHandler } from './health.js';
export type {
  MastersErrorMiddleware,
  MastersIndiaAdapterOptions,
  MastersIndiaMiddleware,
  MastersIndiaOptions,
  MastersNext,
  MastersRequest,
  ResolveCredentials,
} from './types.js';
