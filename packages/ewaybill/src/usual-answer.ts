import { istDateTime } from './dates.js';
import { ewbNumberText, pdfLink } from './schemas/fields.js';
import type { GenerateResponse } from './schemas/responses.js';

// Generate's answer in its usual printed shape, read without zod (issue 22, docs/ARCHITECTURE.md
// §11, "answers normalized"). Measured on Node 20 (issue 22's bench app, scenario 9, and a loop):
// - in place, in the bench app under load: 15 µs → 8 µs per answer (medians of about 10^4
//   requests each, measured when the key check was `Object.keys`; zod walks a payload object and a
//   closure per field, cache-cold in a server);
// - hot, in a loop: 1.51 → 0.95 µs, ratio 0.632 [0.629, 0.637] (median of 40 alternating pairs,
//   95% bootstrap).
// It reads the same six fields with the same normalizers as the schema (`ewbNumberText`,
// `istDateTime`, `pdfLink`) and nothing else.
//
// Contract: the result deep-equals `generateResponseSchema.parse(payload)` (same keys, same
// order) or is `undefined` ("not sure"), and then the schema decides and words the issues. Anything
// unusual (a missing or `null` field, an extra field, another type, a non-plain object) is "not
// sure". It reads each field once (a getter that throws throws, as in zod). test/usual-answer.test.ts checks the contract on the usual shape and on mutations of it.

const FIELDS = new Set(['ewayBillNo', 'ewayBillDate', 'validUpto', 'alert', 'url', 'error']);

/** See the contract above. */
export function readUsualGenerateAnswer(payload: unknown): GenerateResponse | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  if (Object.getPrototypeOf(payload) !== Object.prototype) return undefined;
  // The keys zod's loose object walks (`for...in`: own and inherited enumerable ones) must be the
  // six fields, each once: an extra key, one from a polluted prototype or a non-enumerable field
  // is "not sure".
  let count = 0;
  for (const key in payload) {
    if (!FIELDS.has(key)) return undefined;
    count++;
  }
  if (count !== FIELDS.size) return undefined;
  const { ewayBillNo, ewayBillDate, validUpto, alert, url, error } = payload as Record<
    string,
    unknown
  >;
  const isNumber = typeof ewayBillNo === 'number' && Number.isFinite(ewayBillNo);
  if (!isNumber && typeof ewayBillNo !== 'string') return undefined;
  if (typeof ewayBillDate !== 'string' || typeof validUpto !== 'string') return undefined;
  if (typeof alert !== 'string' || typeof url !== 'string' || typeof error !== 'boolean') {
    return undefined;
  }
  return {
    ewayBillNo: ewbNumberText(ewayBillNo),
    ewayBillDate: istDateTime(ewayBillDate),
    validUpto: istDateTime(validUpto),
    alert,
    url: pdfLink(url),
    error,
  };
}
