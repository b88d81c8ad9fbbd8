import { DEMO_USERS } from '@mastersfetch/mock-server';
import { describe, expect, it } from 'vitest';
import { sampleCurlLines } from './curl-lines.js';
import { sampleGenerateBody } from './sample-body.js';

describe('sampleCurlLines', () => {
  it('prints one curl line per route against the given base URL', () => {
    const lines = sampleCurlLines('http://127.0.0.1:3001/');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe('curl -s http://127.0.0.1:3001/health; echo');
    expect(lines[1]).toMatch(
      /^EWB=\$\(curl -s -X POST http:\/\/127\.0\.0\.1:3001\/ewaybills -H 'content-type: application\/json' -d '\{/,
    );
    expect(lines[2]).toBe('curl -s http://127.0.0.1:3001/ewaybills/$EWB; echo');
    expect(lines[3]).toContain('-X PATCH http://127.0.0.1:3001/ewaybills/$EWB/vehicle');
    expect(lines[4]).toContain('-X POST http://127.0.0.1:3001/ewaybills/$EWB/cancel');
    // what the shell passes to curl once it has filled in the document number
    const body = /-d '(\{.*\})' \|/
      .exec(lines[1] ?? '')?.[1]
      ?.replace(`'"$(date +%s)"'`, '1700000000');
    expect(JSON.parse(body ?? '')).toMatchObject({
      document_number: 'CURL-1700000000',
      userGstin: DEMO_USERS[0]?.gstins[0],
      supply_type: 'outward',
    });
  });
});

describe('sampleGenerateBody', () => {
  it('follows the consignor GSTIN state and keeps the supply inter-state', () => {
    const alpha = sampleGenerateBody('INV/1', '05AAAAA0000A1Z8');
    expect(alpha).toMatchObject({
      userGstin: '05AAAAA0000A1Z8',
      gstin_of_consignor: '05AAAAA0000A1Z8',
      state_of_consignor: 'UTTARAKHAND',
      pincode_of_consignor: 248001,
      state_of_supply: 'UTTAR PRADESH',
      document_number: 'INV/1',
    });
    const beta = sampleGenerateBody('INV/2', '09BBBBB1111B1ZL');
    expect(beta).toMatchObject({
      state_of_consignor: 'UTTAR PRADESH',
      state_of_supply: 'MAHARASHTRA',
    });
    expect(beta.document_date).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
  });
});
