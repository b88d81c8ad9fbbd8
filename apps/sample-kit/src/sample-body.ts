// The example bodies live in the mock server, the one source for tests, samples, demo and bench.
export {
  EXAMPLE_CANCEL_BODY as SAMPLE_CANCEL_BODY,
  companyNameFor,
  exampleGenerateBody as sampleGenerateBody,
  examplePartBBody as samplePartBBody,
  todayInIndia,
} from '@mastersfetch/mock-server';
