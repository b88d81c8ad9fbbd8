import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, startMockServer, type MockServer } from '@mastersfetch/mock-server';
import { createMastersClient, MastersConfigError } from '@mastersfetch/core';
import { mastersIndia } from './middleware.js';
import { createExpressApp, expressVersions } from '../test/apps.js';

// Issue 17, finding 7: the adapter's own keys stay accepted; unknown keys are rejected by name.
const alpha = DEMO_USERS[0]!;
let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(() => mock.close());

describe('express: unknown option keys (issue 17 #7)', () => {
  it('accepts resolveCredentials next to the client options and next to a client', async () => {
    const credentials = { username: alpha.username, password: alpha.password };
    const withOptions = mastersIndia({ baseUrl: mock.url, resolveCredentials: () => credentials });
    const client = createMastersClient({ baseUrl: mock.url });
    const withClient = mastersIndia(client, { resolveCredentials: () => credentials });
    for (const middleware of [withOptions, withClient]) {
      const app = createExpressApp(expressVersions[0]!.major);
      app.use(middleware);
      app.get('/lookup', async (req, res) => {
        const fetch = (req as unknown as { mastersFetch: typeof client.mastersFetch }).mastersFetch;
        const upstream = await fetch.get(
          `api/v1/getEwayBillData/?action=GetGSTINDetails&userGstin=${alpha.gstins[0]}&gstin=${alpha.gstins[0]}`,
          { throwHttpErrors: false },
        );
        res.status(upstream.status).end();
      });
      expect((await request(app).get('/lookup')).status).toBe(200);
    }
    await client.close();
  });

  it('rejects an unknown key, naming it and the closest known one', () => {
    const typo = (() => {
      try {
        mastersIndia({ baseUrl: mock.url, resolveCredential: () => undefined } as never);
      } catch (error) {
        return error;
      }
    })();
    expect(typo).toBeInstanceOf(MastersConfigError);
    expect(typo).toMatchObject({ option: 'resolveCredential' });
    expect((typo as Error).message).toContain('did you mean `resolveCredentials`?');
    const client = createMastersClient({ baseUrl: mock.url });
    expect(() => mastersIndia(client, { timeout: 1 } as never)).toThrow(MastersConfigError);
    expect(() => mastersIndia({ baseUrl: mock.url, timeout: 5_000 } as never)).toThrow(
      /`timeout`.*did you mean `timeoutMs`/,
    );
  });
});
