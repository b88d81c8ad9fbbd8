import { describe, expect, it } from 'vitest';
import { generateResponseSchema } from '../src/schemas/responses.js';
import { readUsualGenerateAnswer } from '../src/usual-answer.js';
import { REFERENCE_GENERATE_ANSWER } from './helpers.js';

// The contract of src/usual-answer.ts: generate's answer read without zod is exactly what the schema
// makes of it (same values, same keys in the same order), or `undefined` and the schema decides.

const USUAL = REFERENCE_GENERATE_ANSWER;

type Field = keyof typeof USUAL;
const FIELDS = Object.keys(USUAL) as Field[];

/** Values a printed field can take, usual and not. */
const VALUES: unknown[] = [
  undefined,
  null,
  '',
  '   ',
  0,
  -1,
  351000000001,
  12.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '351000000001',
  ' 51000000001 ',
  '9',
  true,
  false,
  {},
  [],
  '05/03/2025 11:20:00 AM',
  '05/03/2025 23:20:00',
  '2025-03-05 11:20:00',
  '31/02/2025 11:20:00 AM',
  '05/03/2025 13:20:00 PM',
  ' 05/03/2025 11:20:00 AM ',
  '05/03/0025 11:20:00 AM',
  'https://sandb-api.mastersindia.co/api/v1/detailPrintPdf/1/',
  '//sandb-api.mastersindia.co/api/v1/detailPrintPdf/1/',
  ' sandb-api.mastersindia.co/x ',
  'Validity is 1 day',
];

function mutations(): unknown[] {
  const out: unknown[] = [];
  for (const field of FIELDS) {
    for (const value of VALUES) {
      const answer: Record<string, unknown> = { ...USUAL, [field]: value };
      if (value === undefined) delete answer[field];
      out.push(answer);
    }
  }
  // The same fields in another order, an extra field, and objects that are not plain.
  out.push(Object.fromEntries([...FIELDS].reverse().map((field) => [field, USUAL[field]])));
  out.push({ ...USUAL, requestId: 'ERP1741153800_SIM/24-25/0001' });
  out.push(Object.assign(Object.create(null) as object, USUAL));
  out.push(Object.assign(new (class Answer {})(), USUAL));
  out.push([USUAL], null, undefined, 'ok', 351000000001);
  return out;
}

/** Checks the contract on `answer`; true when the usual path answered. */
function checkContract(answer: unknown): boolean {
  const usual = readUsualGenerateAnswer(answer);
  if (usual === undefined) return false;
  const parsed = generateResponseSchema.safeParse(answer);
  expect(parsed.success).toBe(true);
  expect(usual).toStrictEqual(parsed.data);
  expect(Object.keys(usual)).toEqual(Object.keys(parsed.data!));
  return true;
}

describe('generate answer read without zod (src/usual-answer.ts)', () => {
  it("reads the reference's answer as the schema does", () => {
    expect(checkContract(USUAL)).toBe(true);
    expect(readUsualGenerateAnswer(USUAL)).toMatchObject({
      ewayBillNo: '351000000001',
      url: 'https://sandb-api.mastersindia.co/api/v1/detailPrintPdf/SIMPDF0001/',
    });
  });

  it('on every mutation, answers as the schema does or leaves it to the schema', () => {
    const answers = mutations();
    const taken = answers.filter(checkContract).length;
    // The usual shapes (each field's other printed forms) take the fast path; the rest do not.
    expect(taken).toBeGreaterThan(40);
    expect(taken).toBeLessThan(answers.length);
  });

  it('leaves a missing field, a printed null, an extra field and a non-plain object to the schema', () => {
    for (const field of FIELDS) {
      const missing: Record<string, unknown> = { ...USUAL };
      delete missing[field];
      expect(readUsualGenerateAnswer(missing)).toBeUndefined();
      expect(readUsualGenerateAnswer({ ...USUAL, [field]: null })).toBeUndefined();
    }
    expect(readUsualGenerateAnswer({ ...USUAL, requestId: 'x' })).toBeUndefined();
    expect(readUsualGenerateAnswer(Object.assign(Object.create(null) as object, USUAL))).toBe(
      undefined,
    );
    expect(readUsualGenerateAnswer({ ...USUAL, ewayBillNo: Number.NaN })).toBeUndefined();
  });
});
