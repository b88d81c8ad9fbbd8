import { describe, expectTypeOf, it } from 'vitest';
import express from 'express';
import express4 from 'express4';
import type { MastersClient, MastersFetch } from '@mastersfetch/core';
import { getMastersFetch, mastersErrorHandler, mastersIndia } from './index.js';

declare const client: MastersClient;

describe('Express.Request augmentation', () => {
  it('types req.mastersFetch on Express 5 handlers without a cast', () => {
    const app = express();
    app.use(mastersIndia(client));
    app.get('/', async (req, res) => {
      expectTypeOf(req.mastersFetch).toEqualTypeOf<MastersFetch>();
      const body = await req.mastersFetch.get('api/v1/getEwayBillData/').json<{ ok: boolean }>();
      res.json(body);
    });
    app.use(mastersErrorHandler());
  });

  it('types req.mastersFetch on Express 4 handlers without a cast', () => {
    const app = express4();
    app.use(mastersIndia(client));
    app.get('/', (req, res, next) => {
      expectTypeOf(req.mastersFetch).toEqualTypeOf<MastersFetch>();
      req.mastersFetch.get('api/v1/getEwayBillData/').then(() => res.end(), next);
    });
    app.use(mastersErrorHandler());
  });

  it('takes Express requests in getMastersFetch and resolveCredentials', () => {
    express().get('/', (req) => {
      expectTypeOf(getMastersFetch(req)).toEqualTypeOf<MastersFetch>();
    });
    express4().get('/', (req) => {
      expectTypeOf(getMastersFetch(req)).toEqualTypeOf<MastersFetch>();
    });
    const middleware = mastersIndia({
      environment: 'sandbox',
      resolveCredentials: (req) =>
        req.headers['x-gstin'] === '05AAAAA0000A1Z8' ? { apiKey: 'key' } : undefined,
    });
    expectTypeOf(middleware.client).toEqualTypeOf<MastersClient>();
  });

  it('rejects credentials of the wrong shape', () => {
    // @ts-expect-error: credentials need username + password or apiKey
    mastersIndia(client, { resolveCredentials: () => ({ username: 'only' }) });
  });
});
