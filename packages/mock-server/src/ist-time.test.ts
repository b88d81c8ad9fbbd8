import { describe, expect, it } from 'vitest';
import {
  endOfIstDay,
  formatIstDateTime,
  formatIstDateTime24,
  isValidRequestDate,
} from './ist-time.js';

describe('IST time helpers', () => {
  it('formats dd/mm/yyyy hh:mm:ss AM/PM in IST', () => {
    expect(formatIstDateTime(Date.UTC(2025, 2, 5, 5, 50, 0))).toBe('05/03/2025 11:20:00 AM');
    expect(formatIstDateTime(Date.UTC(2025, 2, 5, 18, 30, 0))).toBe('06/03/2025 12:00:00 AM');
    // Minute precision (docs/ARCHITECTURE.md §13): seconds always print as :00.
    expect(formatIstDateTime(Date.UTC(2025, 2, 5, 6, 30, 5))).toBe('05/03/2025 12:00:00 PM');
  });

  it('formats the by-consignor validUpto in 24-hour time with a trailing space', () => {
    expect(formatIstDateTime24(Date.UTC(2025, 2, 6, 18, 29, 0))).toBe('06/03/2025 23:59:00 ');
  });

  it('ends validity at 11:59 PM IST of the n-th following day', () => {
    expect(formatIstDateTime(endOfIstDay(Date.UTC(2025, 2, 5, 5, 50), 1))).toBe(
      '06/03/2025 11:59:00 PM',
    );
  });

  it('accepts only real dd/mm/yyyy dates', () => {
    expect(isValidRequestDate('05/03/2025')).toBe(true);
    expect(isValidRequestDate('31/02/2025')).toBe(false);
    expect(isValidRequestDate('2025-03-05')).toBe(false);
  });
});
