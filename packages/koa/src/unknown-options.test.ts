import { DEMO_USERS, startMockServer, type MockServer } from '@mastersfetch/mock-server';
import { createMastersClient, MastersConfigError } from '@mastersfetch/core';
import Koa from 'koa';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mastersIndia } from './middleware.js';

// Issue 17, finding 7: the adapter's own keys stay accepted; unknown keys are rejected by name.
const alpha = DEMO_USERS[0]!;
let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(() => mock.close());

describe('koa: unknown option keys (issue 17 #7)', () => {
  it('accepts resolveCredentials next to the client options and next to { client }', async () => {
    const credentials = { username: alpha.username, password: alpha.password };
    const client = createMastersClient({ baseUrl: mock.url });
    const gstin = alpha.gstins[0]!;
    for (const options of [
      { baseUrl: mock.url, resolveCredentials: () => credentials },
      { client, resolveCredentials: () => credentials },
    ]) {
      const app = new Koa();
      app.use(mastersIndia(options));
      app.use(async (ctx) => {
        const upstream = await ctx.mastersFetch.get(
          `api/v1/getEwayBillData/?action=GetGSTINDetails&userGstin=${gstin}&gstin=${gstin}`,
          { throwHttpErrors: false },
        );
        ctx.status = upstream.status;
      });
      expect((await request(app.callback()).get('/')).status).toBe(200);
    }
    await client.close();
  });

  it('rejects an unknown key, naming it and the closest known one', () => {
    expect(() =>
      mastersIndia({ baseUrl: mock.url, resolveCredential: () => undefined } as never),
    ).toThrow(/`resolveCredential`.*did you mean `resolveCredentials`/);
    expect(() => mastersIndia({ baseUrl: mock.url, timeout: 5_000 } as never)).toThrow(
      /did you mean `timeoutMs`/,
    );
    // Client options next to an existing client would be ignored.
    const client = createMastersClient({ baseUrl: mock.url });
    expect(() => mastersIndia({ client, credentials: { apiKey: 'k' } } as never)).toThrow(
      MastersConfigError,
    );
  });
});
