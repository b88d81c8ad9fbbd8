export * from '@mastersfetch/core';
export * from './augment.js';
export { mastersIndia, type MastersIndiaMiddleware } from './middleware.js';
export { extendContext } from './extend-context.js';
export { mastersErrors } from './errors-middleware.js';
export type { MastersKoaAdapterOptions, MastersKoaOptions, ResolveCredentials } from './options.js';
