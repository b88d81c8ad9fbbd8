import { describe, expect, it } from 'vitest';
import { endOfIstDay, formatIstDateTime, isValidRequestDate } from './ist-time.js';

describe('IST time helpers', () => {
  it('formats dd/mm/yyyy hh:mm:ss AM/PM in IST', () => {
    expect(formatIstDateTime(Date.UTC(2025, 2, 5, 5, 50, 0))).toBe('05/03/2025 11:20:00 AM');
    expect(formatIstDateTime(Date.UTC(2025, 2, 5, 18, 30, 0))).toBe('06/03/2025 12:00:00 AM');
    expect(formatIstDateTime(Date.UTC(2025, 2, 5, 6, 30, 5))).toBe('05/03/2025 12:00:05 PM');
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
