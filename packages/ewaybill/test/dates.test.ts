import { describe, expect, it } from 'vitest';
import { parseIstDateTime } from '../src/index.js';

// Response date-times (docs/ARCHITECTURE.md §13). The two usual shapes are read by character code;
// the same text with two spaces before the time takes the regex path, which is the oracle here.

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const viaRegex = (text: string) => parseIstDateTime(text.replace(' ', '  '));

describe('parseIstDateTime', () => {
  it('reads the three printed formats as IST', () => {
    expect(parseIstDateTime('03/12/2026 10:15:00 AM')?.toISOString()).toBe(
      '2026-12-03T04:45:00.000Z',
    );
    expect(parseIstDateTime('03/12/2026 12:15:00 AM')?.toISOString()).toBe(
      '2026-12-02T18:45:00.000Z',
    );
    expect(parseIstDateTime('03/12/2026 12:15:00 pm')?.toISOString()).toBe(
      '2026-12-03T06:45:00.000Z',
    );
    expect(parseIstDateTime('05/03/2025 23:59:00 ')?.toISOString()).toBe(
      '2025-03-05T18:29:00.000Z',
    );
    expect(parseIstDateTime('2026-12-03 10:00:00')?.toISOString()).toBe('2026-12-03T04:30:00.000Z');
    expect(parseIstDateTime('29/02/2024 01:00:00 PM')?.toISOString()).toBe(
      '2024-02-29T07:30:00.000Z',
    );
  });

  it.each([
    '31/02/2026 10:15:00 AM',
    '29/02/2025 10:15:00 AM',
    '03/12/2026 13:15:00 PM',
    '03/12/2026 00:15:00 AM',
    '05/03/2025 24:00:00',
    '05/03/2025 23:60:00',
    '05/03/2025 23:59:60',
    '00/03/2025 10:00:00',
    '05/13/2025 10:00:00',
    '05/03/2025 10:00:00 XM',
    '',
    'not a date',
  ])('%j is not a date-time (null, never an invalid Date)', (text) => {
    expect(parseIstDateTime(text)).toBeNull();
  });

  it('answers like the regexes for every shape of the usual two formats', () => {
    const texts: string[] = [];
    for (const year of [100, 1900, 2000, 2024, 2025, 2100])
      for (const month of [0, 1, 2, 4, 12, 13])
        for (const day of [0, 1, 28, 29, 30, 31, 32])
          for (const hour of [0, 1, 11, 12, 13, 23, 24])
            for (const [minute, second] of [
              [0, 0],
              [59, 59],
              [60, 0],
              [0, 60],
            ] as const) {
              const base = `${pad(day)}/${pad(month)}/${pad(year, 4)} ${pad(hour)}:${pad(minute)}:${pad(second)}`;
              texts.push(base, `${base} AM`, `${base} pm`, `${base} Pm`, `${base} xm`);
            }
    let dates = 0;
    for (const text of texts) {
      const fast = parseIstDateTime(text);
      expect(fast?.getTime(), text).toBe(viaRegex(text)?.getTime());
      if (fast !== null) dates++;
    }
    expect(dates).toBeGreaterThan(1_000); // the cases are not all rejections
  });
});
