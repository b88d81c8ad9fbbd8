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
    const value = ALPHABET.indexOf(gstin[i] ?? '0');
    const product = value * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 36) + (product % 36);
  }
  return ALPHABET[(36 - (sum % 36)) % 36] ?? '0';
}

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
  if (options.allowUrp && value.toUpperCase() === 'URP') return undefined;
  const gstin = value.toUpperCase();
  if (!GSTIN_PATTERN.test(gstin)) {
    return `must be a 15-character GSTIN (state code, PAN, entity number, Z, check character)${options.allowUrp ? " or 'URP'" : ''}`;
  }
  const expected = gstinCheckCharacter(gstin);
  if (gstin[14] !== expected) return `GSTIN check character is wrong (expected ${expected})`;
  return undefined;
}
