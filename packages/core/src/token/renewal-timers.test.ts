import { describe, expect, it } from 'vitest';
import { RenewalTimers } from './renewal-timers.js';

/** Resolves when a timer armed now for `delayMs` fires: timers armed earlier for less fire first. */
function sentinel(timers: RenewalTimers<string>, delayMs: number): Promise<void> {
  return new Promise((resolve) => timers.arm('sentinel', delayMs, resolve));
}

describe('RenewalTimers', () => {
  it('keeps one timer per key: re-arming replaces the earlier one', async () => {
    const timers = new RenewalTimers<string>();
    const fired: string[] = [];
    timers.arm('a', 1, () => fired.push('first'));
    timers.arm('a', 1, () => fired.push('second'));
    expect(timers.size).toBe(1);
    await sentinel(timers, 10);
    expect(fired).toEqual(['second']);
    expect(timers.size).toBe(0);
  });

  it('fires nothing after disarm() or clear()', async () => {
    const timers = new RenewalTimers<string>();
    const fired: string[] = [];
    timers.arm('a', 1, () => fired.push('a'));
    timers.arm('b', 1, () => fired.push('b'));
    timers.arm('c', 1, () => fired.push('c'));
    timers.disarm('a');
    expect(timers.size).toBe(2);
    timers.clear();
    expect(timers.size).toBe(0);
    await sentinel(timers, 10);
    expect(fired).toEqual([]);
  });

  it('clamps a negative or oversized delay instead of firing at once or never', async () => {
    const timers = new RenewalTimers<string>();
    const fired: string[] = [];
    timers.arm('late', 2 ** 40, () => fired.push('late'));
    timers.arm('due', -5, () => fired.push('due'));
    await sentinel(timers, 10);
    expect(fired).toEqual(['due']);
    timers.clear();
  });
});
