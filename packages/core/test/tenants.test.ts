import { afterEach, describe, expect, it } from 'vitest';
import { ENGINE_DEBUG, type EngineDebugInfo } from '../src/client.js';
import { MemoryTokenStore } from '../src/store/memory.js';
import type { TokenRecord, TokenStore } from '../src/types.js';
import { ALPHA, GSTIN_QUERY, Harness } from './helpers.js';

/** A MemoryTokenStore that remembers every key it was asked about. */
class KeyRecordingStore extends MemoryTokenStore implements TokenStore {
  readonly seenKeys = new Set<string>();
  override async get(key: string): Promise<TokenRecord | undefined> {
    this.seenKeys.add(key);
    return super.get(key);
  }
  override async set(key: string, record: TokenRecord, ttlMs: number): Promise<void> {
    this.seenKeys.add(key);
    return super.set(key, record, ttlMs);
  }
}

const debug = (client: object): EngineDebugInfo =>
  (client as { [ENGINE_DEBUG](): EngineDebugInfo })[ENGINE_DEBUG]();

describe('multi-tenant credentials', () => {
  const h = new Harness();
  afterEach(() => h.close());

  it('never reuses the old token after a password change, and no store key contains a password', async () => {
    await h.start({ acceptAnyUser: true });
    const store = new KeyRecordingStore();
    const oldPassword = 'old-Passw0rd';
    const newPassword = 'new-Passw0rd';
    const before = h.client({
      store,
      credentials: { username: ALPHA.username, password: oldPassword },
    });
    expect((await before.mastersFetch.get(GSTIN_QUERY)).status).toBe(200);
    // Same store, same user, changed password: a second client...
    const after = h.client({
      store,
      credentials: { username: ALPHA.username, password: newPassword },
    });
    expect((await after.mastersFetch.get(GSTIN_QUERY)).status).toBe(200);
    // ...and forCredentials on the first client.
    const tenant = before.forCredentials({ username: ALPHA.username, password: 'third-Passw0rd' });
    expect((await tenant.get(GSTIN_QUERY)).status).toBe(200);
    expect(h.tokenAuthCount()).toBe(3);
    // Each identity logged in itself (three different token-auth bodies) before its API call.
    // (Token strings cannot be compared: the mock issues identical JWTs within one second.)
    const log = h.mock.requests();
    expect(log.map((r) => r.path === '/api/v1/token-auth/')).toEqual([
      true,
      false,
      true,
      false,
      true,
      false,
    ]);
    const logins = log.filter((r) => r.path === '/api/v1/token-auth/');
    expect(new Set(logins.map((r) => r.bodySha256)).size).toBe(3);
    expect(store.seenKeys.size).toBe(3);
    for (const key of store.seenKeys) {
      expect(key).not.toContain(oldPassword);
      expect(key).not.toContain(newPassword);
      expect(key).not.toContain('third-Passw0rd');
      expect(key).toMatch(/^mastersfetch:v1:http:\/\/127\.0\.0\.1:\d+:.+:[0-9a-f]{32}$/);
    }
  });

  it('bounds every per-key structure by maxEntries across 20,000 credentials and leaves nothing in flight', async () => {
    await h.start({ acceptAnyUser: true });
    const client = h.client({ credentials: undefined, maxEntries: 1000, timeoutMs: 60_000 });
    let maxKeys = 0;
    let maxInstances = 0;
    let maxStore = 0;
    const total = 20_000;
    const concurrency = 50;
    for (let base = 0; base < total; base += concurrency) {
      await Promise.all(
        Array.from({ length: concurrency }, async (_, i) => {
          const n = base + i;
          const f = client.forCredentials({
            username: `tenant-${n}@bulk.example`,
            password: `pw-${n}`,
          });
          const r = await f.get(GSTIN_QUERY);
          expect(r.status).toBe(200);
        }),
      );
      const info = debug(client);
      maxKeys = Math.max(maxKeys, info.keys);
      maxInstances = Math.max(maxInstances, info.cachedInstances);
      maxStore = Math.max(maxStore, info.storeSize ?? 0);
    }
    const info = debug(client);
    expect(maxKeys).toBe(1000);
    expect(maxInstances).toBe(1000);
    expect(maxStore).toBeLessThanOrEqual(1000);
    expect(info.inflight).toBe(0);
    expect(h.tokenAuthCount()).toBe(total);
  }, 900_000);

  it('resolves a credentials function per request', async () => {
    await h.start({ acceptAnyUser: true });
    const client = h.client({ credentials: undefined });
    await expect(client.mastersFetch.get(GSTIN_QUERY)).rejects.toMatchObject({
      name: 'MastersConfigError',
      option: 'credentials',
    });
    let n = 0;
    const tenants = [
      { username: 'a@x.example', password: 'pa' },
      { username: 'b@x.example', password: 'pb' },
    ];
    const f = client.forCredentials(async () => tenants[n++ % 2]!);
    expect(client.forCredentials(f === f ? async () => tenants[0]! : tenants[0]!)).not.toBe(f);
    for (let i = 0; i < 4; i++) expect((await f.get(GSTIN_QUERY)).status).toBe(200);
    expect(h.tokenAuthCount()).toBe(2);
    expect(client.forCredentials(tenants[0]!)).toBe(client.forCredentials(tenants[0]!));
  });

  it('sends api_key and never logs in in API-key mode', async () => {
    await h.start({ apiKeys: [{ key: 'demo-api-key-123', username: ALPHA.username }] });
    const client = h.client({ credentials: { apiKey: 'demo-api-key-123' } });
    expect((await client.mastersFetch.get(GSTIN_QUERY)).status).toBe(200);
    await expect(client.getAccessToken()).rejects.toMatchObject({ name: 'MastersConfigError' });
    expect(client.tokenStatus()).toEqual({ mode: 'apiKey', hasToken: false, expiresInSec: null });
    await client.warmUp();
    expect(h.tokenAuthCount()).toBe(0);
    expect(h.mock.requests()[0]?.username).toBe(ALPHA.username);
  });
});
