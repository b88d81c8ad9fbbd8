import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { withClientDisconnect } from './client-disconnect.js';
import { createMastersClient } from './client.js';
import { mastersFetchIdentity } from './identity.js';

const options = {
  baseUrl: 'http://127.0.0.1:9',
  credentials: { username: 'alpha', password: 'alpha-pass' },
  scheduleRenewal: false,
};
const response = () =>
  Object.assign(new EventEmitter(), { closed: false, writableFinished: false });

describe('mastersFetchIdentity', () => {
  it('names the client and the credentials, and carries to the per-request views', async () => {
    const client = createMastersClient(options);
    const other = createMastersClient(options);
    const own = mastersFetchIdentity(client.mastersFetch);
    expect(own?.client).toBe(client);
    expect(own?.keyFingerprint).toMatch(/\w/);
    // Two views of one request each: a new object, the same identity.
    const view = withClientDisconnect(client.mastersFetch, response());
    expect(view).not.toBe(client.mastersFetch);
    expect(mastersFetchIdentity(view)).toEqual(own);
    // The same credentials on another client: another identity.
    expect(mastersFetchIdentity(other.mastersFetch)?.client).toBe(other);
    // Other credentials: another fingerprint; the same values again: the same one.
    const tenant = mastersFetchIdentity(client.forCredentials({ apiKey: 'k-1' }));
    expect(tenant?.client).toBe(client);
    expect(tenant?.keyFingerprint).not.toBe(own?.keyFingerprint);
    expect(mastersFetchIdentity(client.forCredentials({ apiKey: 'k-1' }))).toEqual(tenant);
    // Credentials as a function are resolved per request: no identity up front.
    expect(mastersFetchIdentity(client.forCredentials(() => undefined))).toBeUndefined();
    // Never a secret in it.
    expect(JSON.stringify({ ...own, client: undefined })).not.toMatch(/alpha-pass|k-1/);
    await client.close();
    await other.close();
  });
});
