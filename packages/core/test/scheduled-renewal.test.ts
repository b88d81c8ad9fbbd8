import { DEMO_USERS } from '@mastersfetch/mock-server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ALPHA, ALPHA_CREDENTIALS, Harness, TOKEN_AUTH } from './helpers.js';

const BRAVO = DEMO_USERS[1]!;

/** Polls a condition on real time (a few ms per check); throws after `timeoutMs`. */
async function until(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('scheduleRenewal', () => {
  const h = new Harness();
  afterEach(async () => {
    vi.restoreAllMocks();
    await h.close();
  });

  const loginsOf = (username: string): number =>
    h.mock.requests().filter((r) => r.path === TOKEN_AUTH && r.username === username).length;

  it('renews a token in its soft window with no traffic, before it expires; without the option nothing happens', async () => {
    // A 2 s token: soft window = 50% of the lifetime (1 s), hard window = 10% (200 ms), so the
    // renewal timer is due 1 s after the login.
    await h.start({ tokenLifetimeSec: 2 });
    const scheduled = h.client({ scheduleRenewal: true });
    const unscheduled = h.client({
      credentials: { username: BRAVO.username, password: BRAVO.password },
    });
    const renewals: number[] = [];
    scheduled.on('renew', (e) => renewals.push(e.generation));
    await unscheduled.warmUp();
    await scheduled.warmUp();
    expect(loginsOf(ALPHA.username)).toBe(1);
    // Into the soft window on the injected clock (1.1 s of 2 s), still outside the hard window.
    h.clock.advance(1_100);

    await until('the scheduled background renewal', () => loginsOf(ALPHA.username) === 2);
    await until('the renew event', () => renewals.length === 1);
    expect(renewals).toEqual([2]);
    expect(scheduled.stats()).toMatchObject({ logins: 2, renewals: 1, waits: 1 });
    expect(scheduled.tokenStatus().hasToken).toBe(true);
    // No API call drove it, and the client without the option did not renew.
    expect(h.mock.requests().every((r) => r.path === TOKEN_AUTH)).toBe(true);
    expect(loginsOf(BRAVO.username)).toBe(1);
    expect(unscheduled.stats().renewals).toBe(0);
  });

  it("uses an unref'd timer for the next renewal and clears it on close()", async () => {
    await h.start(); // 24 h tokens: soft window 15 min, so the timer is due in 23 h 45 min
    const dueInMs = 86_400_000 - 900_000;
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const clearTimeoutSpy = vi.spyOn(globalThis, 'clearTimeout');
    const client = h.client({ credentials: ALPHA_CREDENTIALS, scheduleRenewal: true });
    await client.warmUp();

    const index = setTimeoutSpy.mock.calls.findIndex((args) => args[1] === dueInMs);
    expect(index).toBeGreaterThanOrEqual(0);
    const timer = setTimeoutSpy.mock.results[index]!.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    expect(clearTimeoutSpy).not.toHaveBeenCalledWith(timer);

    await client.close();
    expect(clearTimeoutSpy).toHaveBeenCalledWith(timer);
  });
});
