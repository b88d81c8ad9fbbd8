import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login } from '../test/helpers.js';
import { DEMO_USERS, startMockServer, type MockServer } from './index.js';
import {
  EXAMPLE_CANCEL_BODY,
  companyNameFor,
  exampleGenerateBody,
  examplePartBBody,
  todayInIndia,
} from './examples.js';

// The example bodies are what tests, samples and the demo send: the mock must take each of them.
let mock: MockServer;
let token: string;
const START = Date.parse('2026-03-31T20:00:00Z'); // 01:30 IST on 1 April: the IST date differs from UTC's

beforeAll(async () => {
  mock = await startMockServer({ startTime: START });
  token = await login(mock);
});
afterAll(async () => {
  await mock.close();
});

describe('example bodies', () => {
  it('dates by India time, not UTC', () => {
    expect(todayInIndia(START)).toBe('01/04/2026');
    expect(exampleGenerateBody('EX/1', undefined, START).document_date).toBe('01/04/2026');
  });

  it('names the demo company owning the GSTIN, else the fallback', () => {
    expect(companyNameFor(DEMO_USERS[1].gstins[0]!)).toBe('Beta Retail LLP');
    expect(companyNameFor('29ZZZZZ9999Z1ZZ', 'Own Co')).toBe('Own Co');
  });

  it.each(DEMO_USERS[0].gstins)('generate, Part-B and cancel succeed for %s', async (gstin) => {
    const now = mock.clock.now();
    const generated = await call(mock, 'POST', '/api/v1/ewayBillsGenerate/', {
      token,
      json: exampleGenerateBody(`EX/${gstin.slice(0, 2)}/1`, gstin, now),
    });
    expect(generated.body.results.code).toBe(200);
    const eway_bill_number = generated.body.results.message.ewayBillNo as number;

    const partB = await call(mock, 'POST', '/api/v1/updateVehicleNumber/', {
      token,
      json: { ...examplePartBBody(gstin, now), userGstin: gstin, eway_bill_number },
    });
    expect(partB.body.results.code).toBe(200);

    const cancelled = await call(mock, 'POST', '/api/v1/ewayBillCancel/', {
      token,
      json: { ...EXAMPLE_CANCEL_BODY, userGstin: gstin, eway_bill_number },
    });
    expect(cancelled.body.results.code).toBe(200);
  });
});
