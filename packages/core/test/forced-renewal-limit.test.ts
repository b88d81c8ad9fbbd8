import { DEMO_USERS } from '@mastersfetch/mock-server';
import { afterEach, describe, expect, it } from 'vitest';
import { MastersHttpError } from '../src/errors.js';
import { ALPHA, GSTIN_QUERY, Harness, TOKEN_AUTH } from './helpers.js';

const BRAVO = DEMO_USERS[1]!;
const BRAVO_GSTIN = BRAVO.gstins[0]!;
const BRAVO_QUERY = `api/v1/getEwayBillData/?action=GetGSTINDetails&userGstin=${BRAVO_GSTIN}&gstin=${BRAVO_GSTIN}`;

describe('forced renewals after a 401', () => {
  const h = new Harness();
  afterEach(() => h.close());

  const loginsOf = (username: string): number =>
    h.mock.requests().filter((r) => r.path === TOKEN_AUTH && r.username === username).length;

  it('renews at most maxForcedRenewals (3) times per key per forcedRenewalWindowMs (10 min)', async () => {
    await h.start();
    const client = h.client();
    const bravo = client.forCredentials({ username: BRAVO.username, password: BRAVO.password });
    await client.warmUp();
    expect((await bravo.get(BRAVO_QUERY)).status).toBe(200);

    // Three revocations within the window: each 401 renews once and the replay succeeds.
    for (let i = 1; i <= 3; i++) {
      h.mock.revokeTokens(ALPHA.username);
      expect((await client.mastersFetch.get(GSTIN_QUERY)).status).toBe(200);
      expect(loginsOf(ALPHA.username)).toBe(1 + i);
      h.clock.advance(60_000);
    }
    expect(client.stats().replays).toBe(3);

    // The fourth 401 inside the 10 minutes surfaces without a login.
    h.mock.revokeTokens(ALPHA.username);
    const error = await client.mastersFetch.get(GSTIN_QUERY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MastersHttpError);
    expect((error as MastersHttpError).status).toBe(401);
    expect(loginsOf(ALPHA.username)).toBe(4);

    // The budget is per key: another identity of the same client still renews.
    h.mock.revokeTokens(BRAVO.username);
    expect((await bravo.get(BRAVO_QUERY)).status).toBe(200);
    expect(loginsOf(BRAVO.username)).toBe(2);

    // Once the first forced renewal is 10 minutes old, one more is allowed.
    h.clock.advance(600_000 - 3 * 60_000);
    expect((await client.mastersFetch.get(GSTIN_QUERY)).status).toBe(200);
    expect(loginsOf(ALPHA.username)).toBe(5);
    expect(client.stats().replays).toBe(5);
  });
});
