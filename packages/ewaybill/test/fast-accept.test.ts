import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileAcceptor } from '../src/fast-accept.js';
import { OPERATIONS, type OperationName } from '../src/index.js';
import { CONSIGNOR, generateBody } from './helpers.js';

// The contract of src/fast-accept.ts (issue 22): the compiled accept path says `true` only when
// the schema itself accepts; `false` sends the body through zod, which decides.

const VALUES: unknown[] = [
  undefined,
  null,
  '',
  ' ',
  'x',
  'URP',
  0,
  -0,
  1,
  5,
  -1,
  1.5,
  NaN,
  Infinity,
  1e21,
  100000,
  999999,
  '012345',
  351000000001,
  35100000000,
  '351000000001',
  4001,
  '4000',
  'far',
  true,
  {},
  [],
  'Road',
  ' road ',
  'Teleport',
  '1',
  '6',
  '05/03/2025',
  '29/02/2025',
  '01/01/0099',
  CONSIGNOR,
  '05aaaaa0000a1z8',
  '05AAAAA0000A1Z5',
  'INV 1',
  'A'.repeat(17),
  'UK07AB1234',
  '\ud800',
];

function bodiesOf(op: OperationName, valid: Record<string, unknown>): unknown[] {
  const shape = (OPERATIONS[op].request as unknown as z.ZodObject).shape;
  const keys = new Set([...Object.keys(shape), ...Object.keys(valid)]);
  const out: unknown[] = [valid, ...VALUES];
  for (const key of keys) for (const v of VALUES) out.push({ ...valid, [key]: v });
  return out;
}

describe('the compiled accept path', () => {
  const generate = generateBody() as unknown as Record<string, unknown>;
  const item = (generate.itemList as Record<string, unknown>[])[0]!;

  it('answers the reference generate body itself (the fast path is taken: a zod line other than VERIFIED_ZOD fails here until re-verified)', () => {
    expect(compileAcceptor(OPERATIONS.generate.request)(generate)).toBe(true);
  });

  it.each(Object.keys(OPERATIONS) as OperationName[])(
    'accepts nothing %s rejects, over every field set to every test value',
    (op) => {
      const schema = OPERATIONS[op].request;
      const accept = compileAcceptor(schema);
      const valid = op === 'generate' ? generate : { gstin: CONSIGNOR, userGstin: CONSIGNOR };
      const bodies = bodiesOf(op, valid);
      if (op === 'generate') {
        for (const key of Object.keys(item)) {
          for (const v of VALUES) bodies.push({ ...generate, itemList: [{ ...item, [key]: v }] });
        }
      }
      let accepted = 0;
      for (const body of bodies) {
        if (!accept(body)) continue;
        accepted++;
        expect(schema.safeParse(body).success, JSON.stringify(body)).toBe(true);
      }
      if (op === 'generate') expect(accepted).toBeGreaterThan(50);
    },
  );

  it('leaves to zod what it does not model (a transform, an object-level refine)', () => {
    const transformed = z.object({ a: z.string().transform((s) => s.length) });
    const refined = z.object({ a: z.string() }).refine((o) => o.a === 'yes');
    expect(compileAcceptor(transformed)({ a: 'x' })).toBe(true);
    expect(compileAcceptor(refined)({ a: 'no' })).toBe(false);
    expect(compileAcceptor(refined)({ a: 'yes' })).toBe(true);
  });
});
