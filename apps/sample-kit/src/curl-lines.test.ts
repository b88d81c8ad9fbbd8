import { DEMO_USERS, exampleGenerateBody } from '@mastersfetch/mock-server';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sampleCurlLines } from './curl-lines.js';

/** What the shell passes to curl as the generate body (it fills in the document number). */
function generateBodyAsTheShellSeesIt(line: string): Record<string, unknown> {
  const word = / -d ('\{.*\}') \| /.exec(line)?.[1];
  expect(word).toBeDefined();
  return JSON.parse(execFileSync('bash', ['-c', `printf %s ${word}`], { encoding: 'utf8' }));
}

describe('sampleCurlLines', () => {
  it('prints one curl line per route against the given base URL', () => {
    const lines = sampleCurlLines('http://127.0.0.1:3001/');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe('curl -s http://127.0.0.1:3001/health; echo');
    expect(lines[1]).toMatch(
      /^EWB=\$\(curl -s -X POST http:\/\/127\.0\.0\.1:3001\/ewaybills -H 'content-type: application\/json' -d '\{/,
    );
    expect(lines[2]).toMatch(
      /^curl -s http:\/\/127\.0\.0\.1:3001\/ewaybills\/"\$\{EWB:\?[^}]+\}"; echo$/,
    );
    expect(lines[3]).toContain('-X PATCH http://127.0.0.1:3001/ewaybills/"${EWB:?');
    expect(lines[4]).toContain('-X POST http://127.0.0.1:3001/ewaybills/"${EWB:?');
  });

  it('leaves userGstin out of the generate body, so the x-gstin tenant (or the default) fills it in', () => {
    const [, generate] = sampleCurlLines('http://127.0.0.1:3001', {
      gstin: DEMO_USERS[1].gstins[0],
    });
    const body = generateBodyAsTheShellSeesIt(generate!);
    expect(body).not.toHaveProperty('userGstin');
    expect(body).toMatchObject({
      gstin_of_consignor: DEMO_USERS[1].gstins[0],
      legal_name_of_consignor: 'Beta Retail LLP',
      supply_type: 'outward',
    });
  });

  it('makes a new document number on every paste (two pastes within one second differ)', () => {
    const [, generate] = sampleCurlLines('http://127.0.0.1:3001');
    const numbers = [1, 2, 3].map(
      () => generateBodyAsTheShellSeesIt(generate!).document_number as string,
    );
    expect(new Set(numbers).size).toBe(3);
    for (const n of numbers) expect(n).toMatch(/^CURL-[A-Za-z0-9/-]{1,11}$/); // NIC: 1-16 characters
  });

  it('stops at the first line that needs $EWB when generate failed, and calls nothing else', () => {
    const lines = sampleCurlLines('http://127.0.0.1:9/'); // nothing listens on the discard port
    const result = spawnSync(
      'bash',
      ['-c', `EWB=\n${lines.slice(2).join('\n')}\necho reached-the-end`],
      {
        encoding: 'utf8',
      },
    );
    expect(result.stderr).toContain('EWB: is empty: the generate line failed');
    expect(result.stdout).not.toContain('reached-the-end');
    expect(result.status).not.toBe(0);
  });
});

describe('exampleGenerateBody (@mastersfetch/mock-server), as the samples and curl lines use it', () => {
  it('names the demo company owning the GSTIN as consignor', () => {
    expect(
      DEMO_USERS.map((u) => exampleGenerateBody('INV/1', u.gstins[0]!).legal_name_of_consignor),
    ).toEqual(['Alpha Widgets Pvt Ltd', 'Beta Retail LLP', 'Gamma Logistics Pvt Ltd']);
    expect(exampleGenerateBody('INV/1', '29AAGCB1286Q1Z4').legal_name_of_consignor).toBe(
      'Sample Consignor Pvt Ltd',
    );
  });

  it('follows the consignor GSTIN state and keeps the supply inter-state', () => {
    const alpha = exampleGenerateBody('INV/1', '05AAAAA0000A1Z8');
    expect(alpha).toMatchObject({
      userGstin: '05AAAAA0000A1Z8',
      gstin_of_consignor: '05AAAAA0000A1Z8',
      state_of_consignor: 'UTTARAKHAND',
      pincode_of_consignor: 248001,
      state_of_supply: 'UTTAR PRADESH',
      document_number: 'INV/1',
    });
    const beta = exampleGenerateBody('INV/2', '09BBBBB1111B1ZL');
    expect(beta).toMatchObject({
      state_of_consignor: 'UTTAR PRADESH',
      state_of_supply: 'MAHARASHTRA',
    });
    expect(beta.document_date).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
  });
});
