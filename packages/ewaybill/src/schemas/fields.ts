import { z } from 'zod';
import { normalizePdfUrl } from '@mastersfetch/core';
import { parseRequestDate, istDateTime, type IstDateTime } from '../dates.js';
import { gstinProblem } from '../gstin.js';

// Field schemas shared by the request and response schemas. Each check cites its source: the
// Masters India page of the operation, docs/ARCHITECTURE.md §13 for the facts shared by every call,
// and "NIC nnn" for the NIC error code the rule prevents.

// Performance (issue 22): every field is one zod type with `.refine` checks whose functions
// answer a valid value without allocating (no `superRefine`, no per-call closures), and the
// wording of a failure is computed only on failure (zod calls `error` then). The schemas are
// built once, at module load.

/** A GSTIN: format and check character (GSTN's published format; NIC rejects an unknown GSTIN). */
export const gstin = z.string().refine((value) => gstinProblem(value) === undefined, {
  error: (issue) => gstinProblem(issue.input),
});

const URP = { allowUrp: true } as const;
/** A consignor/consignee GSTIN or `URP` (unregistered person; https://docs.mastersindia.co/eway/generate-e-way-bill). */
export const gstinOrUrp = z.string().refine((value) => gstinProblem(value, URP) === undefined, {
  error: (issue) => gstinProblem(issue.input, URP),
});

/**
 * `true` when `String(v)` of a number or a string matches `pattern`; a number passes the
 * equivalent integer range test instead (the decimal text of an integer in
 * `[min, max]`, both below 1e21, is plain digits, and no other number prints as digits only).
 */
function digitsTest(pattern: RegExp, min: number, max: number) {
  return (v: number | string): boolean =>
    typeof v === 'number' ? Number.isInteger(v) && v >= min && v <= max : pattern.test(v);
}

/** A request date `dd/mm/yyyy` that exists on the calendar (docs/ARCHITECTURE.md §13 "Dates in requests"). */
export const requestDate = z
  .string()
  .refine(
    (v) => parseRequestDate(v) !== undefined,
    'must be a dd/mm/yyyy date (docs/ARCHITECTURE.md §13)',
  );

/** An optional request date: `''` allowed (Part-A only bodies send `""`, https://docs.mastersindia.co/eway/generate-e-way-bill, its sample). */
export const optionalRequestDate = z
  .string()
  .refine(
    (v) => v === '' || parseRequestDate(v) !== undefined,
    "must be a dd/mm/yyyy date or '' (docs/ARCHITECTURE.md §13)",
  );

/** A 6-digit Indian pincode, number or digit string (https://docs.mastersindia.co/eway/generate-e-way-bill "integer (6 digits)"). */
export const pincode = z
  .union([z.number(), z.string()])
  .refine(
    digitsTest(/^[1-9]\d{5}$/, 100_000, 999_999),
    'must be a 6-digit pincode (https://docs.mastersindia.co/eway/generate-e-way-bill)',
  );

/** A 12-digit e-way bill number, number or string (https://docs.mastersindia.co/eway/cancel-e-way-bill; docs/ARCHITECTURE.md §13). NIC 301/344/395. */
export const ewbNumberInput = z
  .union([z.number(), z.string()])
  .refine(
    digitsTest(/^\d{12}$/, 100_000_000_000, 999_999_999_999),
    'must be a 12-digit e-way bill number (NIC 301)',
  );

/** An HSN code: 2-8 digits, string or number (https://docs.mastersindia.co/eway/generate-e-way-bill, https://docs.mastersindia.co/eway/get-hsn-details). NIC 216. */
export const hsnCodeInput = z
  .union([z.number(), z.string()])
  .refine((v) => /^\d{2,8}$/.test(String(v).trim()), 'must be an HSN code of digits (NIC 216)');

/** A consolidated e-way bill number, number or digit string (https://docs.mastersindia.co/eway/generate-consolidate-e-way-bill: 10 digits). */
export const consolidatedNumberInput = z
  .union([z.number(), z.string()])
  .refine(
    digitsTest(/^\d{1,12}$/, 0, 999_999_999_999),
    'must be a consolidated e-way bill number (digits)',
  );

/** An optional string (free text the pages list without a rule). */
export const optionalString = z.string().optional();

/** A non-empty string (required text field). */
export const text = z.string().trim().min(1, 'required');

/** A finite amount in rupees (https://docs.mastersindia.co/eway/generate-e-way-bill "number"). */
export const amount = z.number().finite();
/** A finite amount >= 0. */
export const nonNegative = z.number().finite().min(0, 'must be >= 0');

/**
 * A label matched case-insensitively (the pages and clients disagree on case, docs/ARCHITECTURE.md §13, and
 * the simulator matches case-insensitively).
 */
export function label(values: readonly string[], source: string) {
  const allowed = new Set(values.map((v) => v.toLowerCase()));
  // The labels as printed match without the trim and lower-case copies (each is its own trimmed
  // lower-case form's source, so accepting it here accepts nothing new).
  const exact = new Set(values.filter((v) => allowed.has(v.trim().toLowerCase())));
  return z
    .string()
    .refine(
      (v) => exact.has(v) || allowed.has(v.trim().toLowerCase()),
      `must be one of ${values.map((v) => `'${v}'`).join(', ')} (${source})`,
    );
}

/** An integer code `from..to`, number or digit string (e.g. `mode_of_transport`, https://docs.mastersindia.co/eway/update-part-b, https://docs.mastersindia.co/eway/extend-validity-of-e-way-bill). */
export function codeNumber(from: number, to: number, source: string) {
  return z.union([z.number(), z.string()]).refine((v) => {
    // A number: `String(v)` is digits only for an integer >= 0 (or -0, read back as 0).
    if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v >= from && v <= to;
    const s = v.trim();
    return /^\d+$/.test(s) && Number(s) >= from && Number(s) <= to;
  }, `must be ${from}-${to} (${source})`);
}

/** Document number: at most 16 characters of `A-Z a-z 0-9 / -` (https://docs.mastersindia.co/eway/generate-e-way-bill). */
export const documentNumber = z
  .string()
  .regex(
    /^[A-Za-z0-9/-]{1,16}$/,
    'must be 1-16 characters of A-Z a-z 0-9 / - (https://docs.mastersindia.co/eway/generate-e-way-bill)',
  );

/** Vehicle number: letters and digits only, 4-15 characters (NIC 225 vehicle format). */
export const vehicleNumber = z
  .string()
  .regex(/^[A-Za-z0-9]{4,15}$/, 'must be 4-15 letters and digits, no spaces (NIC 225)');

// ---------------------------------------------------------------------------------------------
// Response normalizers (docs/ARCHITECTURE.md §13)

/** An EWB number as printed (number or string) → a 12-digit string (docs/ARCHITECTURE.md §13). */
export function ewbNumberText(printed: number | string): string {
  return String(printed).trim().padStart(12, '0');
}

/** An EWB number from a response (number or string) → always a 12-digit string (docs/ARCHITECTURE.md §13). */
export const ewbNumberOut = z.union([z.number(), z.string()]).transform(ewbNumberText);

/** A number the API may print as a string; `''`/`null` become `null` (docs/ARCHITECTURE.md §13). */
export const numeric = z.union([z.number(), z.string(), z.null()]).transform((v): number | null => {
  if (v === null) return null;
  if (typeof v === 'number') return v;
  const t = v.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
});

/**
 * An HSN code from a response, number or string → always a digit string. HSN codes have 2, 4, 6 or
 * 8 digits (chapter, heading, sub-heading, tariff item; CBIC's GST rate schedules), and the API prints
 * them as numbers in the details (https://docs.mastersindia.co/eway/get-e-way-bill-details, its
 * sample `"hsn_code": 7326`) and other-party lists, which drops the
 * leading zero of chapters 01-09 (`0402` arrives as `402`): an odd count of digits gets it back.
 * Anything else is kept as printed; `null` becomes `''` (it was read as `null` before, and must not
 * turn a success into an "unexpected payload").
 */
export const hsnCodeOut = z.union([z.number(), z.string(), z.null()]).transform((v): string => {
  if (v === null) return '';
  const text = String(v).trim();
  // A lost zero leaves a number that starts 1-9; `0` (no code; no chapter 00 exists) stays as is.
  return /^[1-9]\d{0,6}$/.test(text) && text.length % 2 === 1 ? `0${text}` : text;
});

// The optional text fields of answers are `z.string().nullish()`, not a union with `z.null()`: the
// same values, and a generate answer parses in 1.9 µs instead of 4.1 with the date-time reading of
// ../dates.ts (Node 20, 10^6 calls after warm-up).

/** A printed IST date-time → `{ text, date }` (docs/ARCHITECTURE.md §13); `null` → `{ text: '', date: null }`. */
export const dateTime = z
  .string()
  .nullish()
  .transform((v): IstDateTime => istDateTime(v));

/**
 * A printed PDF link → with a scheme (production links have none, docs/ARCHITECTURE.md §13); `null`
 * → `''`. Core's rule (`normalizePdfUrl`: `https://` for a scheme-less link, `''` for a scheme other
 * than `http`/`https` such as `javascript://`), after the leading slashes a scheme-less link may carry.
 */
export function pdfLink(printed: string | null | undefined): string {
  return normalizePdfUrl((printed ?? '').trim().replace(/^\/+/, ''));
}

/** A PDF link → always with a scheme (production links have none, docs/ARCHITECTURE.md §13). */
export const pdfUrl = z.string().nullish().transform(pdfLink);
