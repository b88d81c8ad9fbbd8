'use strict';
// The runtime exports each published package must have (a subset: the documented entry points).
const core = [
  'createMastersClient',
  'MemoryTokenStore',
  'MastersError',
  'MastersConfigError',
  'MastersInvalidCredentialsError',
  'MastersTokenError',
  'MastersHttpError',
  'MastersApiError',
  'unwrapResults',
  'MastersValidationError',
  'createHealthCheck',
  'HEALTH_HTTP_STATUS',
];

module.exports = {
  '@mastersfetch/core': core,
  '@mastersfetch/express': [
    'mastersIndia',
    'getMastersFetch',
    'mastersErrorHandler',
    'mastersHealth',
    ...core,
  ],
  '@mastersfetch/koa': ['mastersIndia', 'extendContext', 'mastersErrors', 'mastersHealth', ...core],
  '@mastersfetch/nestjs': [
    'MastersIndiaModule',
    'MastersIndiaService',
    'MastersFetch',
    'InjectMastersFetch',
    'MastersExceptionFilter',
    ...core,
  ],
  '@mastersfetch/redis': ['RedisTokenStore'],
  '@mastersfetch/ewaybill': [
    'ewayBills',
    'EwayBills',
    'EwayBillApiError',
    'EwayBillOutcomeUnknownError',
    'EwayBillPdfError',
    'MastersValidationError',
    'generateRequestSchema',
    'nicCodeInfo',
    'validateRequest',
  ],
  '@mastersfetch/mock-server': ['startMockServer', 'DEMO_USERS'],
};
