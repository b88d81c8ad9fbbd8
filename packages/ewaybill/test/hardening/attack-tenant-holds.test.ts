import { createMastersClient } from '@mastersfetch/core';
import { afterEach, describe, expect, it } from 'vitest';
import { heldAccounts } from '../../src/holds.js';
import { ewayBills } from '../../src/index.js';
import { CONSIGNOR } from '../helpers.js';
import { json, nicError, startRawServer, type RawServer } from '../raw-server.js';

/**
 * Attack: many tenants (ARCHITECTURE §11, §6: every per-key structure of core is bounded by
 * `maxEntries`). The NIC 118/658 holds are kept per client and credential fingerprint; a tenant
 * that never met a hold must not leave an entry behind, or a SaaS with a new tenant per request
 * (`resolveCredentials`, `forCredentials`) grows without bound. Real HTTP to a raw node:http server.
 */
describe('attack: the per-account NIC holds stay bounded with many tenants', () => {
  let server: RawServer;
  afterEach(() => server.close());

  it('3,000 API-key tenants, one look-up each (a NIC error that starts no hold): no entry kept', async () => {
    server = await startRawServer((_req, res) => json(res, nicError('312', 'No record found')));
    const client = createMastersClient({
      baseUrl: server.url,
      credentials: { apiKey: 'k-default-000' },
      maxEntries: 50,
    });
    try {
      const lookup = { gstin: CONSIGNOR, eway_bill_number: '351000000001' } as never;
      for (let i = 0; i < 3_000; i++) {
        const tenant = client.forCredentials({ apiKey: `attack-tenant-key-${i}` });
        await ewayBills(tenant)
          .getEwayBill(lookup)
          .catch(() => {});
      }
      expect(server.requests.length).toBe(3_000);
      // Bounded: at most the client's maxEntries accounts (here: none met a hold at all).
      expect(heldAccounts(client)).toBeLessThanOrEqual(50);
    } finally {
      await client.close();
    }
  });

  it('a hold that ended is dropped with its account when read again', async () => {
    server = await startRawServer((_req, res, n) =>
      json(res, nicError(n === 1 ? '118' : '312', 'Try again later')),
    );
    const client = createMastersClient({
      baseUrl: server.url,
      credentials: { apiKey: 'k-default-000' },
    });
    const clock = { ms: 1_000_000, now: () => clock.ms, wallNow: () => Date.now() };
    try {
      const lookup = { gstin: CONSIGNOR, eway_bill_number: '351000000001' } as never;
      const tenant = client.forCredentials({ apiKey: 'attack-held-tenant-key' });
      await expect(ewayBills(tenant, { clock }).getEwayBill(lookup)).rejects.toMatchObject({
        nicCode: '118',
      });
      expect(heldAccounts(client)).toBe(1);
      await expect(ewayBills(tenant, { clock }).getEwayBill(lookup)).rejects.toMatchObject({
        isFromBackoff: true,
      });
      expect(server.requests.length).toBe(1);
      clock.ms += 5 * 60_000 + 1;
      await expect(ewayBills(tenant, { clock }).getEwayBill(lookup)).rejects.toMatchObject({
        nicCode: '312',
      });
      expect(server.requests.length).toBe(2);
      expect(heldAccounts(client)).toBe(0);
    } finally {
      await client.close();
    }
  });
});
