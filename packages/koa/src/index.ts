export * from '@mastersfetch/core';
export * from './augment.js';
export { mastersIndia, type MastersIndiaMiddleware } from './middleware.js';
export { extendContext } from './extend-context.js';
export { mastersErrors } from './errors-middleware.js';
export {
  mastersHealth,
  type MastersHealthMiddleware,
  type MastersHealthOptions,
} from './health.js';
export type { MastersKoaAdapterOptions, MastersKoaOptions, ResolveCredentials } from './options.js';
