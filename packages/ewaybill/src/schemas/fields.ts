import { z } from 'zod';
import { parseRequestDate, istDateTime, type IstDateTime } from '../dates.js';
import { gstinProblem } from '../gstin.js';

// Field schemas shared by the request and response schemas. Each check cites its source: "§n" is a
// section of the reference (/work/shared/reference/masters-india-eway-api.md, compiled from the
// Masters India pages), "NIC nnn" the NIC error code the rule prevents (reference §4.2).

/** A GSTIN: format and check character (GSTN's published format; NIC rejects an unknown GSTIN). */
export const gstin = z.string().superRefine((value, ctx) => {
  const problem = gstinProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A consignor/consignee GSTIN or `URP` (unregistered person; §3.2). */
export const gstinOrUrp = z.string().superRefine((value, ctx) => {
  const problem = gstinProblem(value, { allowUrp: true });
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A request date `dd/mm/yyyy` that exists on the calendar (§3.0 "Dates in requests"). */
export const requestDate = z
  .string()
  .refine((v) => parseRequestDate(v) !== undefined, 'must be a dd/mm/yyyy date (§3.0)');

/** An optional request date: `''` allowed (Part-A only bodies send `""`, §3.2 sample). */
export const optionalRequestDate = z
  .string()
  .refine(
    (v) => v === '' || parseRequestDate(v) !== undefined,
    "must be a dd/mm/yyyy date or '' (§3.0)",
  );

/** A 6-digit Indian pincode, number or digit string (§3.2 "integer (6 digits)"). */
export const pincode = z
  .union([z.number(), z.string()])
  .refine((v) => /^[1-9]\d{5}$/.test(String(v)), 'must be a 6-digit pincode (§3.2)');

/** A 12-digit e-way bill number, number or string (§3.3; §5 item 14). NIC 301/344/395. */
export const ewbNumberInput = z
  .union([z.number(), z.string()])
  .refine((v) => /^\d{12}$/.test(String(v)), 'must be a 12-digit e-way bill number (NIC 301)');

/** A consolidated e-way bill number, number or digit string (§3.8: 10 digits). */
export const consolidatedNumberInput = z
  .union([z.number(), z.string()])
  .refine((v) => /^\d{1,12}$/.test(String(v)), 'must be a consolidated e-way bill number (digits)');

/** A non-empty string (required text field). */
export const text = z.string().trim().min(1, 'required');

/** A finite amount in rupees (§3.2 "number"). */
export const amount = z.number().finite();
/** A finite amount >= 0. */
export const nonNegative = z.number().finite().min(0, 'must be >= 0');

/**
 * A label matched case-insensitively (the pages and clients disagree on case, §5 item 16-17, and
 * the simulator matches case-insensitively).
 */
export function label(values: readonly string[], source: string) {
  const allowed = new Set(values.map((v) => v.toLowerCase()));
  return z
    .string()
    .refine(
      (v) => allowed.has(v.trim().toLowerCase()),
      `must be one of ${values.map((v) => `'${v}'`).join(', ')} (${source})`,
    );
}

/** An integer code `from..to`, number or digit string (e.g. `mode_of_transport`, §3.4/§3.5). */
export function codeNumber(from: number, to: number, source: string) {
  return z.union([z.number(), z.string()]).refine((v) => {
    const s = String(v).trim();
    return /^\d+$/.test(s) && Number(s) >= from && Number(s) <= to;
  }, `must be ${from}-${to} (${source})`);
}

/** Document number: at most 16 characters of `A-Z a-z 0-9 / -` (§3.2 [code]). */
export const documentNumber = z
  .string()
  .regex(/^[A-Za-z0-9/-]{1,16}$/, 'must be 1-16 characters of A-Z a-z 0-9 / - (§3.2)');

/** Vehicle number: letters and digits only, 4-15 characters (NIC 225 vehicle format). */
export const vehicleNumber = z
  .string()
  .regex(/^[A-Za-z0-9]{4,15}$/, 'must be 4-15 letters and digits, no spaces (NIC 225)');

// ---------------------------------------------------------------------------------------------
// Response normalizers (§3.0, §5 items 14, 15, 20, 21)

/** An EWB number from a response (number or string) → always a 12-digit string (§5 item 14). */
export const ewbNumberOut = z
  .union([z.number(), z.string()])
  .transform((v) => String(v).trim().padStart(12, '0'));

/** A number the API may print as a string; `''`/`null` become `null` (§5 items 14, 21). */
export const numeric = z.union([z.number(), z.string(), z.null()]).transform((v): number | null => {
  if (v === null) return null;
  if (typeof v === 'number') return v;
  const t = v.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
});

/** A printed IST date-time → `{ text, date }` (§5 item 20); `null` → `{ text: '', date: null }`. */
export const dateTime = z
  .union([z.string(), z.null()])
  .optional()
  .transform((v): IstDateTime => istDateTime(v));

/** A PDF link → always with a scheme (production links have none, §3.0 and §5 item 15). */
export const pdfUrl = z
  .union([z.string(), z.null()])
  .optional()
  .transform((v): string => {
    const t = (v ?? '').trim();
    if (t === '') return '';
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(t) ? t : `https://${t.replace(/^\/+/, '')}`;
  });
