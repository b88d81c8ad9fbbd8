export { startMockServer, TOKEN_AUTH_PATH } from './server.js';
export { DEMO_USERS } from './demo-users.js';
export type {
  MockApiKey,
  MockClock,
  MockFaultHandle,
  MockFaultRule,
  MockRequestRecord,
  MockServer,
  MockServerOptions,
  MockStats,
  MockUser,
} from './types.js';
export {
  EXAMPLE_CANCEL_BODY,
  companyNameFor,
  exampleGenerateBody,
  examplePartBBody,
  todayInIndia,
} from './examples.js';
