export * from '@mastersfetch/core';
export { MastersIndiaModule } from './masters-india.module.js';
export {
  MASTERS_INDIA_OPTIONS,
  type MastersIndiaModuleOptions,
  type MastersIndiaModuleExtras,
  type MastersIndiaModuleRootOptions,
  type MastersIndiaModuleAsyncOptions,
  type MastersIndiaOptionsFactory,
} from './masters-india.module-definition.js';
export { MastersIndiaService } from './masters-india.service.js';
export { MastersFetch } from './masters-fetch.decorator.js';
export { InjectMastersFetch } from './inject-masters-fetch.decorator.js';
export { MastersFetchMiddleware } from './masters-fetch.middleware.js';
export { MastersExceptionFilter } from './masters-exception.filter.js';
export {
  MASTERS_FETCH,
  MASTERS_INDIA_CLIENT,
  MASTERS_INDIA_SERVICE_KEY,
} from './masters-india.constants.js';
