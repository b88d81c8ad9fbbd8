/** India Standard Time is UTC+05:30 all year; the API renders its date-times in it (reference ambiguity 20). */
const IST_OFFSET_MS = 330 * 60_000;
const DAY_MS = 86_400_000;

const pad = (value: number): string => String(value).padStart(2, '0');

/** `dd/mm/yyyy hh:mm:ss AM/PM` in IST, the API's response date-time format (reference §3.0). */
export function formatIstDateTime(epochMs: number): string {
  const d = new Date(epochMs + IST_OFFSET_MS);
  const hours24 = d.getUTCHours();
  const hours12 = hours24 % 12 === 0 ? 12 : hours24 % 12;
  return (
    `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ` +
    `${pad(hours12)}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${hours24 < 12 ? 'AM' : 'PM'}`
  );
}

/** 23:59:00 IST of the day `days` calendar days after the IST day of `epochMs`. */
export function endOfIstDay(epochMs: number, days: number): number {
  const istMidnight = Math.floor((epochMs + IST_OFFSET_MS) / DAY_MS) * DAY_MS;
  return istMidnight + days * DAY_MS + 23 * 3_600_000 + 59 * 60_000 - IST_OFFSET_MS;
}

/** True for a real calendar date written `dd/mm/yyyy` (request date format, reference §3.0). */
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
