/**
 * GSTIN shape: 2-digit state code, 10-character PAN (5 letters, 4 digits, 1 letter), entity number,
 * the letter `Z`, and a check character (GSTN's published format; https://docs.mastersindia.co/eway/generate-e-way-bill documents `string(15)`).
 */
export const GSTIN_PATTERN = /^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/;

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * The GSTIN check character (15th) computed from the first 14: GSTN's published Luhn mod 36
 * algorithm (weights alternate 1 and 2; each product contributes quotient + remainder by 36).
 *
 * @param gstin - at least the first 14 characters of a GSTIN, upper case.
 * @returns the expected check character, e.g. `'V'` for `27AAPFU0939F1Z?`.
 */
export function gstinCheckCharacter(gstin: string): string {
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    // ALPHABET.indexOf of the character ('0' past the end): 0-9, A-Z, else -1.
    const c = i < gstin.length ? gstin.charCodeAt(i) : 48;
    const value = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 90 ? c - 55 : -1;
    const product = value * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 36) + (product % 36);
  }
  return ALPHABET[(36 - (sum % 36)) % 36] ?? '0';
}

// The last GSTINs found valid (a string is immutable, so its answer cannot change): a generate
// checks 3 GSTINs, usually 2 distinct ones, and the next request of the same party the same
// ones again. Placeholders are 15 characters long that no GSTIN can be.
const RECENT_VALID: string[] = ['-'.repeat(15), '-'.repeat(15), '-'.repeat(15), '-'.repeat(15)];
let nextSlot = 0;

/**
 * Why `value` is not a valid GSTIN, or `undefined` when it is (format and check character).
 *
 * @param value - the candidate GSTIN.
 * @param options - `allowUrp`: accept `URP` (unregistered person; https://docs.mastersindia.co/eway/generate-e-way-bill consignor/consignee).
 */
export function gstinProblem(
  value: unknown,
  options: { allowUrp?: boolean } = {},
): string | undefined {
  if (typeof value !== 'string') return 'must be a 15-character GSTIN string';
  if (RECENT_VALID.includes(value)) return undefined;
  // Only a 3-character text upper-cases to 'URP' (no code point shortens or maps to U, R or P
  // but u, r and p), so the length test first spares the allocation on every GSTIN.
  if (options.allowUrp && value.length === 3 && value.toUpperCase() === 'URP') return undefined;
  // The pattern has no lower-case letter: a value it matches is its own upper case.
  const matches = GSTIN_PATTERN.test(value);
  const gstin = matches ? value : value.toUpperCase();
  if (!matches && !GSTIN_PATTERN.test(gstin)) {
    return `must be a 15-character GSTIN (state code, PAN, entity number, Z, check character)${options.allowUrp ? " or 'URP'" : ''}`;
  }
  const expected = gstinCheckCharacter(gstin);
  if (gstin[14] !== expected) return `GSTIN check character is wrong (expected ${expected})`;
  RECENT_VALID[nextSlot] = value;
  nextSlot = (nextSlot + 1) % RECENT_VALID.length;
  return undefined;
}
