import type { MockClock } from './types.js';

/**
 * The mock's controllable clock: real time shifted by a settable offset, so it keeps ticking
 * between `set()` / `advance()` calls. Everything the mock prints or checks reads it (JWT
 * `iat`/`exp`, the `Date` header, e-way bill validity and every time window); the
 * `clockOffsetMs` option is applied on top of it by the server.
 */
export class ControllableClock implements MockClock {
  private shiftMs = 0;

  constructor(start?: Date | string | number) {
    if (start !== undefined) this.set(start);
  }

  now(): number {
    return Date.now() + this.shiftMs;
  }

  /** True once `set()`/`advance()` (or a start time) moved the clock away from real time. */
  get shifted(): boolean {
    return this.shiftMs !== 0;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new TypeError('clock.advance(): `ms` must be a finite number');
    this.shiftMs += ms;
  }

  set(date: Date | string | number): void {
    const target = toEpochMs(date);
    this.shiftMs = target - Date.now();
  }

  reset(): void {
    this.shiftMs = 0;
  }
}

function toEpochMs(date: Date | string | number): number {
  const ms =
    date instanceof Date ? date.getTime() : typeof date === 'number' ? date : Date.parse(date);
  if (!Number.isFinite(ms)) {
    throw new TypeError('clock.set(): `date` must be a valid Date, ISO-8601 string or epoch ms');
  }
  return ms;
}
