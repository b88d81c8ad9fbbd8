import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { ALPHA, call, login } from '../test/helpers.js';
import { startMockServer, type MockServer } from './index.js';

let mock: MockServer;
afterEach(async () => {
  await mock?.close();
});

const START = Date.parse('2025-03-05T10:00:00+05:30');

describe('clock', () => {
  it('starts at startTime and drives JWT times and the Date header', async () => {
    mock = await startMockServer({ startTime: '2025-03-05T10:00:00+05:30' });
    expect(Math.abs(mock.clock.now() - START)).toBeLessThan(5_000);
    const res = await call(mock, 'POST', '/api/v1/token-auth/', {
      json: { username: ALPHA.username, password: ALPHA.password },
    });
    const claims = decodeJwt(res.body.token);
    expect(Math.abs((claims.orig_iat as number) * 1000 - START)).toBeLessThan(5_000);
    expect(Math.abs(Date.parse(res.headers.get('date')!) - START)).toBeLessThan(5_000);
  });

  it('advance() expires tokens without sleeping; clockOffsetMs applies on top', async () => {
    mock = await startMockServer({ startTime: START, clockOffsetMs: 60_000 });
    const token = await login(mock);
    const claims = decodeJwt(token);
    expect(Math.abs((claims.orig_iat as number) * 1000 - (START + 60_000))).toBeLessThan(5_000);
    const query =
      '/api/v1/getEwayBillData/?action=GetGSTINDetails&userGstin=05AAAAA0000A1Z5&gstin=05AAAAA0000A1Z5';
    mock.clock.advance(86_400_000 + 60_000);
    const res = await call(mock, 'GET', query, { token });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: 'Signature has expired.' });
    mock.clock.set(START);
    expect((await call(mock, 'GET', query, { token })).status).toBe(200);
  });

  it('rejects an invalid date', async () => {
    mock = await startMockServer();
    expect(() => mock.clock.set('not a date')).toThrow(TypeError);
    await expect(startMockServer({ startTime: 'nope' })).rejects.toThrow(TypeError);
  });
});
