import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ewayBills, parseIstDateTime } from '../src/index.js';
import {
  byDocumentResponseSchema,
  ewayBillDetailsSchema,
  otherPartyEntrySchema,
  updateTransporterResponseSchema,
} from '../src/schemas/responses.js';
import { CONSIGNOR, generateBody, startHarness, type Harness } from './helpers.js';
import { json, startRawServer, type RawServer } from './raw-server.js';

// Attack session s10: inputs that broke the date-time reading, the HSN codes of answers and the
// README's "Generate exactly once" section.

describe('parseIstDateTime: years before 0100', () => {
  // The fast path leaves years 0000-0099 to the regexes, whose Date.UTC reads 0-99 as 1900-1999:
  // '01/01/0025 ...' became 1925, and 29/02/0000 (a leap day) became null.
  it.each([
    ['01/01/0025 10:00:00 AM', '0025-01-01T04:30:00.000Z'],
    ['01/01/0099 10:00:00', '0099-01-01T04:30:00.000Z'],
    ['0025-01-01 10:00:00', '0025-01-01T04:30:00.000Z'],
    ['1/1/0050', '0049-12-31T18:30:00.000Z'],
    ['29/02/0000 10:00:00', '0000-02-29T04:30:00.000Z'],
  ])('%s is read in its own year (%s), not 19xx', (text, iso) => {
    expect(parseIstDateTime(text)?.toISOString()).toBe(iso);
  });

  it('still refuses a day that year does not have', () => {
    expect(parseIstDateTime('29/02/0001 10:00:00')).toBeNull();
    expect(parseIstDateTime('29/02/0100 10:00:00')).toBeNull();
  });
});

describe('hsn_code of answers', () => {
  // It was `numeric` (null → null); hsnCodeOut refused null, so a details answer with one item
  // printing `"hsn_code": null` turned the whole success into "unexpected payload".
  it('a null hsn_code does not fail the details or the other-party entry', () => {
    const details = ewayBillDetailsSchema.safeParse({
      eway_bill_number: 123456789012,
      itemList: [{ hsn_code: null }, { hsn_code: 402 }],
    });
    expect(details.success).toBe(true);
    expect(details.data?.itemList?.map((i) => i.hsn_code)).toEqual(['', '0402']);
    const entry = otherPartyEntrySchema.safeParse({
      eway_bill_number: 123456789012,
      hsn_code: null,
    });
    expect(entry.success).toBe(true);
  });

  // 0 is no HSN code (no chapter 00 exists): padding it invented '00'. It stays as printed.
  it('0 is not padded into a chapter 00 that does not exist', () => {
    const details = ewayBillDetailsSchema.parse({
      eway_bill_number: 123456789012,
      itemList: [{ hsn_code: 0 }],
    });
    expect(details.itemList?.[0]?.hsn_code).toBe('0');
  });
});

describe('README "Generate exactly once": a recovered bill', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it("has url '', no error, the look-up's alert and 24-hour validUpto text with the generate's instant", async () => {
    const eway = ewayBills(h.client);
    const body = generateBody();
    h.mock.fault({
      path: '/api/v1/ewayBillsGenerate/',
      method: 'POST',
      after: true,
      dropConnection: true,
      times: 1,
    });
    const bill = await eway.generate(body);
    expect(bill.outcome).toBe('recovered');
    expect(bill.url).toBe('');
    expect('error' in bill).toBe(false);
    // README: "there is no `alert`"; the look-up prints `alert` (the mock prints '').
    expect(bill.alert ?? '').toBe('');
    expect(bill.validUpto.text).toMatch(/^\d\d\/\d\d\/\d{4} \d\d:\d\d:00 $/);
    const details = await eway.getEwayBill({ gstin: CONSIGNOR, eway_bill_number: bill.ewayBillNo });
    expect(bill.validUpto.date?.getTime()).toBe(details.eway_bill_valid_date.date?.getTime());
    expect(bill.ewayBillDate.date?.getTime()).toBe(details.eway_bill_date.date?.getTime());
  });

  // README said "there is no `alert` or `error`": `alert` is the look-up's own (spread from its
  // answer; the mock prints `alert: ''`), so a recovered/existing bill has the key.
  it("an existing bill (NIC 604, return-existing) carries the look-up's alert and url ''", async () => {
    const eway = ewayBills(h.client);
    const body = generateBody();
    const created = await eway.generate(body);
    const existing = await eway.generate(body, { onDuplicate: 'return-existing' });
    expect(existing.outcome).toBe('existing');
    expect(existing.ewayBillNo).toBe(created.ewayBillNo);
    expect(existing.url).toBe('');
    expect(created.url).not.toBe('');
    const lookUp = await eway.findByDocument({
      gstin: CONSIGNOR,
      document_type: body.document_type,
      document_number: body.document_number,
    });
    expect(Object.keys(existing)).toContain('alert');
    expect(existing.alert).toBe(lookUp.alert);
    expect(existing.validUpto.text).toBe(lookUp.validUpto.text);
    expect(existing.validUpto.date?.getTime()).toBe(created.validUpto.date?.getTime());
  });
});

describe('null in an optional text of an answer', () => {
  // The answers' plain optional fields (`str`, `bool` of responses.ts) were `.optional()`, not
  // nullish like dateTime/pdfUrl, so a printed `null` turned a success into "unexpected payload":
  // getEwayBill with `transporter_name: null`, an updateTransporter that did update, and the
  // by-document look-up with `alert: null` (then generate's recovery could never find the bill).
  // A printed null now reads as absent (the output types stay `string | undefined`).
  it('a printed null in an optional text does not fail the answer', () => {
    expect(
      ewayBillDetailsSchema.safeParse({ eway_bill_number: 123456789012, transporter_name: null })
        .success,
    ).toBe(true);
    expect(
      updateTransporterResponseSchema.safeParse({ ewayBillNo: 123456789012, transporterId: null })
        .success,
    ).toBe(true);
    expect(
      byDocumentResponseSchema.safeParse({ ewayBillNo: 123456789012, alert: null }).success,
    ).toBe(true);
  });
});

describe('getBulkRequestResult: odd elements of the results array', () => {
  let server: RawServer | undefined;
  afterAll(async () => {
    await server?.close();
  });

  // bulk-pdf.ts read `element.docNo` outside its try: a `null` (or any non-object) element of
  // `results` threw a raw TypeError ("Cannot read properties of null") instead of a failed item.
  it('a null element is a failed item, not a TypeError', async () => {
    server = await startRawServer((_req, res) =>
      json(res, {
        results: [
          null,
          {
            message: { ewayBillNo: 351000000001, ewayBillDate: '05/03/2025 11:20:00 AM' },
            status: 'Success',
            code: 200,
            docNo: 'A-1',
          },
        ],
      }),
    );
    const result = await ewayBills(server.client).getBulkRequestResult({ request_id: '42' });
    expect(result.status).toBe('done');
    if (result.status !== 'done') return;
    expect(result.items.map((i) => i.status)).toEqual(['failed', 'generated']);
    expect(result.items[0]?.docNo).toBe('');
  });
});
