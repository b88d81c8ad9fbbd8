/**
 * India Standard Time is UTC+05:30 all year; the API renders its date-times in it
 * (docs/ARCHITECTURE.md §13).
 */
const IST_OFFSET_MS = 330 * 60_000;
const DAY_MS = 86_400_000;

const pad = (value: number): string => String(value).padStart(2, '0');

/**
 * `dd/mm/yyyy hh:mm:00 AM/PM` in IST, the API's response date-time format
 * (docs/ARCHITECTURE.md §13). NIC prints minute precision: seconds are always `:00` (same
 * section).
 */
export function formatIstDateTime(epochMs: number): string {
  const d = new Date(epochMs + IST_OFFSET_MS);
  const hours24 = d.getUTCHours();
  const hours12 = hours24 % 12 === 0 ? 12 : hours24 % 12;
  return (
    `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ` +
    `${pad(hours12)}:${pad(d.getUTCMinutes())}:00 ${hours24 < 12 ? 'AM' : 'PM'}`
  );
}

/**
 * `dd/mm/yyyy HH:MM:00 ` (24-hour, trailing space) in IST: the `validUpto` of the by-consignor
 * look-up as its doc sample prints it (https://docs.mastersindia.co/eway/get-ewb-by-consignor).
 */
export function formatIstDateTime24(epochMs: number): string {
  const d = new Date(epochMs + IST_OFFSET_MS);
  return (
    `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00 `
  );
}

/**
 * `yyyy-mm-dd HH:MM:00` (24-hour) in IST: the IRN-based e-way dates
 * (https://docs.mastersindia.co/einvoicing/generate-e-way-bill-by-irn).
 */
export function formatIstIso(epochMs: number): string {
  const d = new Date(epochMs + IST_OFFSET_MS);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00`
  );
}

/** Epoch ms of 00:00 IST of a `dd/mm/yyyy` request date, or undefined when it is not one. */
export function parseRequestDate(value: unknown): number | undefined {
  if (!isValidRequestDate(value)) return undefined;
  const [day, month, year] = (value as string).split('/').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day) - IST_OFFSET_MS;
}

/** 23:59:00 IST of the day `days` calendar days after the IST day of `epochMs`. */
export function endOfIstDay(epochMs: number, days: number): number {
  const istMidnight = Math.floor((epochMs + IST_OFFSET_MS) / DAY_MS) * DAY_MS;
  return istMidnight + days * DAY_MS + 23 * 3_600_000 + 59 * 60_000 - IST_OFFSET_MS;
}

/**
 * True for a real calendar date written `dd/mm/yyyy` (request date format,
 * docs/ARCHITECTURE.md §13).
 */
export function isValidRequestDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  if (!match) return false;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}
