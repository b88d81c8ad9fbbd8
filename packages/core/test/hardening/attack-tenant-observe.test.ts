import dc from 'node:diagnostics_channel';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_DEBUG, type EngineDebugInfo } from '../../src/client.js';
import { createMastersClient, MASTERSFETCH_CHANNELS } from '../../src/index.js';
import { OtelSdk } from '../observability/otel.js';
import { RawServer } from './raw-server.js';

/**
 * Attack: many tenants with every observer on (an OTel SDK, a request channel subscriber, debug
 * lines). Metric series and per-key structures must stay bounded (ARCHITECTURE §6, §12): no
 * attribute that takes one value per tenant on a counter or histogram, one gauge series per client.
 */
describe('attack: 3,000 forCredentials tenants, observed', () => {
  const sdk = new OtelSdk();
  const server = new RawServer();
  beforeAll(async () => {
    sdk.register();
    await server.start();
    server.handler = (_request, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"results":{}}');
  });
  afterEach(() => sdk.spans.reset());
  afterAll(async () => {
    await server.close();
    await sdk.shutdown();
  });

  it('metric series and engine structures stay bounded', async () => {
    const seen: unknown[] = [];
    const onEnd = (p: unknown) => seen.push(p);
    dc.tracingChannel(MASTERSFETCH_CHANNELS.request).subscribe({ asyncEnd: onEnd } as never);
    const lines: number[] = [0];
    const logger = {
      debug: () => lines[0]!++,
      info: () => {},
      warn: () => {},
      error: () => {},
    };
    const client = createMastersClient({
      baseUrl: server.url,
      credentials: { apiKey: 'attack-default-api-key-000' },
      maxEntries: 100,
      logger,
    });
    try {
      for (let i = 0; i < 3_000; i++) {
        await client.forCredentials({ apiKey: `attack-observed-tenant-${i}` }).get('api/v1/x/');
      }
      expect(server.received.length).toBe(3_000);
      expect(seen.length).toBe(3_000);
      expect(lines[0]).toBe(3_000);
      const debug = (client as unknown as { [ENGINE_DEBUG](): EngineDebugInfo })[ENGINE_DEBUG]();
      for (const [name, size] of Object.entries(debug)) {
        if (typeof size === 'number' && name !== 'maxEntries')
          expect(size, name).toBeLessThanOrEqual(100);
      }
      const names = [
        'mastersfetch.logins',
        'mastersfetch.renewals',
        'mastersfetch.renewal.waits',
        'mastersfetch.unauthorized_replays',
        'mastersfetch.login.duration',
        'mastersfetch.token.time_to_expiry',
      ];
      for (const name of names)
        expect((await sdk.points(name)).length, name).toBeLessThanOrEqual(10);
    } finally {
      dc.tracingChannel(MASTERSFETCH_CHANNELS.request).unsubscribe({ asyncEnd: onEnd } as never);
      await client.close();
    }
  });
});
