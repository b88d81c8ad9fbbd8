import { DEMO_USERS } from '@mastersfetch/mock-server';
import { afterEach, describe, expect, it } from 'vitest';
import type { Credentials } from '../../src/types.js';
import { ALPHA, GSTIN_QUERY, Harness, TOKEN_AUTH } from '../helpers.js';

// Issue 17, finding 8: a credentials object changed in place from tenant A to tenant B must never
// send A's token. Checked at the server: whose token the API call carried.

const BRAVO = DEMO_USERS[1]!;

describe('hardening: mutated credentials (issue 17 #8)', () => {
  const h = new Harness();
  afterEach(() => h.close());

  /** Username whose token the last API call (not a login) carried, as the server saw it. */
  const lastCaller = (): string | undefined =>
    h.mock
      .requests()
      .filter((r) => r.path !== TOKEN_AUTH)
      .at(-1)?.username;

  it('forCredentials(obj): after obj changes from A to B, B logs in and B’s token is sent', async () => {
    await h.start();
    const client = h.client({ credentials: undefined });
    const obj: Credentials = { username: ALPHA.username, password: ALPHA.password };
    await client.forCredentials(obj).get(GSTIN_QUERY, { throwHttpErrors: false });
    expect(lastCaller()).toBe(ALPHA.username);

    Object.assign(obj, { username: BRAVO.username, password: BRAVO.password });
    await client.forCredentials(obj).get(GSTIN_QUERY, { throwHttpErrors: false });
    expect(lastCaller()).toBe(BRAVO.username);

    // And back: A's cached token again, no new login.
    Object.assign(obj, { username: ALPHA.username, password: ALPHA.password });
    await client.forCredentials(obj).get(GSTIN_QUERY, { throwHttpErrors: false });
    expect(lastCaller()).toBe(ALPHA.username);
    expect(h.tokenAuthCount()).toBe(2);
  });

  it('forCredentials(() => obj): each request follows what obj holds now', async () => {
    await h.start();
    const client = h.client({ credentials: undefined });
    const obj: Credentials = { username: ALPHA.username, password: ALPHA.password };
    const tenantFetch = client.forCredentials(() => obj);
    await tenantFetch.get(GSTIN_QUERY, { throwHttpErrors: false });
    expect(lastCaller()).toBe(ALPHA.username);

    Object.assign(obj, { username: BRAVO.username, password: BRAVO.password });
    await tenantFetch.get(GSTIN_QUERY, { throwHttpErrors: false });
    expect(lastCaller()).toBe(BRAVO.username);
  });

  it('a password changed in place is a new credential: it logs in with it, never reuses the old token', async () => {
    await h.start();
    const client = h.client({ credentials: undefined });
    const obj = { username: ALPHA.username, password: ALPHA.password };
    await client.forCredentials(obj).get(GSTIN_QUERY, { throwHttpErrors: false });
    obj.password = 'a-wrong-password';
    await expect(client.forCredentials(obj).get(GSTIN_QUERY)).rejects.toMatchObject({
      name: 'MastersInvalidCredentialsError',
    });
    expect(h.tokenAuthCount()).toBe(2);
    expect(h.mock.requests().filter((r) => r.path !== TOKEN_AUTH)).toHaveLength(1);
  });

  it('default credentials are copied at construction: changing the options object later changes nothing', async () => {
    await h.start();
    const credentials = { username: ALPHA.username, password: ALPHA.password };
    const client = h.client({ credentials });
    Object.assign(credentials, { username: BRAVO.username, password: BRAVO.password });
    await client.mastersFetch.get(GSTIN_QUERY, { throwHttpErrors: false });
    expect(lastCaller()).toBe(ALPHA.username);
    expect(h.mock.requests().find((r) => r.path === TOKEN_AUTH)?.username).toBe(ALPHA.username);
  });
});
