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
  if (year < 100 || !isCalendarDay(year, month, day)) return undefined;
  return Date.UTC(year, month - 1, day) - IST_OFFSET_MS;
}

/** Whether `day`/`month`/`year` exists on the (proleptic Gregorian) calendar. */
function isCalendarDay(year: number, month: number, day: number): boolean {
  if (day < 1 || month < 1 || month > 12) return false;
  const isLeap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && isLeap ? 29 : MONTH_DAYS[month - 1]!);
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
  const usual = usualDateTimeMs(text);
  if (usual !== undefined) return Number.isNaN(usual) ? null : new Date(usual - IST_OFFSET_MS);
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
  const utc = wallClockMs(year, month, day, hour, minute, second);
  if (new Date(utc).getUTCDate() !== day) return null;
  return new Date(utc - IST_OFFSET_MS);
}

/**
 * The two shapes every write and look-up prints, read by character code: `dd/mm/yyyy hh:mm:ss AM`
 * (22 characters, 12-hour) and `dd/mm/yyyy HH:MM:SS` (19, 24-hour, the by-consignor look-up's once
 * trimmed). Returns the wall-clock ms read as UTC, `NaN` when the text has that shape but is not a
 * date-time (31/02, 13 PM), or `undefined` when it has another shape (the regexes decide).
 *
 * Same answers as the regexes (test/dates.test.ts compares them). Measured on the generate answer's
 * `ewayBillDate` and `validUpto` (issue 22's bench, scenario 9): 1.22 → 0.41 µs per date-time
 * (Node 20, 10^6 calls after warm-up); with `nullish` for the optional fields (./schemas/fields.ts)
 * the whole answer parses in 1.9 µs instead of 4.1.
 */
function usualDateTimeMs(text: string): number | undefined {
  const length = text.length;
  if (length !== 22 && length !== 19) return undefined;
  if (text.charCodeAt(2) !== 47 || text.charCodeAt(5) !== 47) return undefined; // '/'
  if (text.charCodeAt(10) !== 32) return undefined; // ' '
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined; // ':'
  const day = digitsAt(text, 0, 2);
  const month = digitsAt(text, 3, 5);
  const year = digitsAt(text, 6, 10);
  let hour = digitsAt(text, 11, 13);
  const minute = digitsAt(text, 14, 16);
  const second = digitsAt(text, 17, 19);
  if (day < 0 || month < 0 || year < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  if (length === 22) {
    if (text.charCodeAt(19) !== 32) return undefined;
    const meridiem = text.charCodeAt(20) | 0x20; // lower case
    if ((meridiem !== 97 && meridiem !== 112) || (text.charCodeAt(21) | 0x20) !== 109) {
      return undefined; // not am/pm
    }
    if (hour < 1 || hour > 12) return NaN;
    if (hour === 12) hour = 0;
    if (meridiem === 112) hour += 12; // pm
  }
  if (hour > 23 || minute > 59 || second > 59 || !isCalendarDay(year, month, day)) return NaN;
  return wallClockMs(year, month, day, hour, minute, second);
}

/**
 * `Date.UTC` of a wall-clock time, in its own year also for years 0-99 (which `Date.UTC` alone
 * reads as 1900-1999: `01/01/0025` would become 1925).
 */
function wallClockMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): number {
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

/** `{ text, date }` for a printed date-time; `null`/missing become `{ text: '', date: null }`. */
export function istDateTime(value: unknown): IstDateTime {
  const text = typeof value === 'string' ? value : '';
  return { text, date: parseIstDateTime(text) };
}
