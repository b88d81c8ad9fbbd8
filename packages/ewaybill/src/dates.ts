/** India Standard Time is UTC+05:30 all year (no daylight saving). */
const IST_OFFSET_MS = 330 * 60_000;
const DAY_MS = 86_400_000;

/**
 * A date-time as the API printed it (IST) and as a `Date` (`null` when the text is empty or not a
 * date-time). docs/ARCHITECTURE.md §13: `dd/mm/yyyy hh:mm:ss AM/PM` on most calls,
 * `dd/mm/yyyy HH:MM:SS ` (24-hour, trailing space) on the by-consignor look-up, `yyyy-mm-dd HH:MM:SS`
 * on the IRN calls; all IST.
 */
export interface IstDateTime {
  /** The text exactly as printed by the API. */
  text: string;
  /** The instant, read as IST (+05:30); `null` for `''` or an unreadable text. */
  date: Date | null;
}

/** Days of each month of a common year (January first). */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** The number of the decimal digits `text[from..to)`, or -1 when one of them is not `0-9`. */
function digitsAt(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Reads a request date `dd/mm/yyyy` (docs/ARCHITECTURE.md §13) as the epoch ms of its IST midnight, or
 * `undefined` when it is not that format or not a calendar date (31/02/2025). Years before 0100
 * are refused (`Date.UTC` reads 0-99 as 1900-1999, so no such date ever round-tripped).
 */
export function parseRequestDate(value: unknown): number | undefined {
  // Hot path of every request (3 reads per generate): char codes, no regex match or Date object.
  if (typeof value !== 'string' || value.length !== 10) return undefined;
  if (value.charCodeAt(2) !== 47 || value.charCodeAt(5) !== 47) return undefined; // '/'
  const day = digitsAt(value, 0, 2);
  const month = digitsAt(value, 3, 5);
  const year = digitsAt(value, 6, 10);
  if (day < 1 || month < 1 || month > 12 || year < 100) return undefined;
  const isLeap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const monthDays = month === 2 && isLeap ? 29 : MONTH_DAYS[month - 1]!;
  if (day > monthDays) return undefined;
  return Date.UTC(year, month - 1, day) - IST_OFFSET_MS;
}

/** The IST calendar day (epoch ms of its IST midnight) containing `epochMs`. */
export function istDayStart(epochMs: number): number {
  return Math.floor((epochMs + IST_OFFSET_MS) / DAY_MS) * DAY_MS - IST_OFFSET_MS;
}

/** Whole IST calendar days from `fromMs` to `toMs` (both IST midnights or any instants). */
export function istDaysBetween(fromMs: number, toMs: number): number {
  return Math.round((istDayStart(toMs) - istDayStart(fromMs)) / DAY_MS);
}

/** Formats an epoch instant as the request date `dd/mm/yyyy` of its IST day. */
export function formatRequestDate(epochMs: number): string {
  const d = new Date(epochMs + IST_OFFSET_MS);
  const dd = String(d.getUTCDate()).padStart(2, '0');
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}/${mm}/${d.getUTCFullYear()}`;
}

const DMY_TIME =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;
const YMD_TIME = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Parses a response date-time (any of the formats of docs/ARCHITECTURE.md §13, trimmed) as IST.
 *
 * @returns the instant, or `null` for `''`, `null` or an unreadable text.
 */
export function parseIstDateTime(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  let year: number, month: number, day: number, hour: number, minute: number, second: number;
  let m = DMY_TIME.exec(text);
  if (m) {
    [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
    hour = Number(m[4] ?? 0);
    minute = Number(m[5] ?? 0);
    second = Number(m[6] ?? 0);
    const meridiem = m[7]?.toUpperCase();
    if (meridiem !== undefined) {
      if (hour < 1 || hour > 12) return null;
      if (meridiem === 'AM' && hour === 12) hour = 0;
      if (meridiem === 'PM' && hour !== 12) hour += 12;
    }
  } else {
    m = YMD_TIME.exec(text);
    if (!m) return null;
    [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    hour = Number(m[4] ?? 0);
    minute = Number(m[5] ?? 0);
    second = Number(m[6] ?? 0);
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(utc).getUTCDate() !== day) return null;
  return new Date(utc - IST_OFFSET_MS);
}

/** `{ text, date }` for a printed date-time; `null`/missing become `{ text: '', date: null }`. */
export function istDateTime(value: unknown): IstDateTime {
  const text = typeof value === 'string' ? value : '';
  return { text, date: parseIstDateTime(text) };
}
