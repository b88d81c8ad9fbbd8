import { describe, expect, it } from 'vitest';
import { OPERATIONS, type OperationName } from '../src/index.js';
import { detailsItemSchema } from '../src/schemas/responses.js';

// The write answers share one envelope(message) schema: a success must never turn into an error
// because Masters India added a field or left an optional one out.

const WRITES = (Object.keys(OPERATIONS) as OperationName[]).filter(
  (name) => !OPERATIONS[name].isIdempotent && OPERATIONS[name].payload === undefined,
);

describe('write answers (envelope)', () => {
  it('are the eleven single-bill writes and IRN generate', () => {
    expect(WRITES).toHaveLength(12);
  });

  it.each(WRITES)('%s keeps a field the pages do not show', (name) => {
    const minimal: Record<string, unknown> = {
      ewayBillNo: 351000000001,
      ewbNo: 351000000001,
      EwbNo: 351000000001,
      cEwbNo: 1510000001,
      tripSheetNo: 1510000001,
      groupNo: 1,
      error: false,
      futureField: 'kept',
    };
    const parsed = OPERATIONS[name].response.parse(minimal) as Record<string, unknown>;
    expect(parsed.futureField).toBe('kept');
  });
});

describe('HSN codes in answers', () => {
  // The details print hsn_code as a number (https://docs.mastersindia.co/eway/get-e-way-bill-details):
  // the leading zero of chapters 01-09 is lost there, and HSN codes have an even count of digits.
  const item = detailsItemSchema;

  it.each([
    [7326, '7326'],
    ['7326', '7326'],
    [402, '0402'],
    [40210, '040210'],
    ['04021010', '04021010'],
    [99831400, '99831400'],
    [' 7326 ', '7326'],
    ['', ''],
    ['N/A', 'N/A'],
  ])('%j is read as %j', (printed, expected) => {
    expect(item.parse({ hsn_code: printed }).hsn_code).toBe(expected);
  });
});
