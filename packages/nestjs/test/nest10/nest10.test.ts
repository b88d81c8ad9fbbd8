import { createRequire } from 'node:module';
import { Controller, Get, Inject, Module, Param, Req, type INestApplication } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { DEMO_USERS, startMockServer, type MockServer } from '@mastersfetch/mock-server';
import {
  InjectMastersFetch,
  MastersExceptionFilter,
  MastersFetch,
  MastersIndiaModule,
  MastersIndiaService,
  unwrapResults,
} from '@mastersfetch/nestjs';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const gamma = DEMO_USERS[2]!;
const GSTIN = gamma.gstins[0]!;
const require = createRequire(import.meta.url);

@Controller()
class ProbeController {
  constructor(
    @Inject(MastersIndiaService) private readonly masters: MastersIndiaService,
    @InjectMastersFetch() private readonly injected: MastersFetch,
  ) {}

  @Get('wiring')
  wiring(@MastersFetch() mastersFetch: MastersFetch, @Req() req: { mastersFetch?: unknown }) {
    return {
      decoratorIsRequestFetch: mastersFetch === req.mastersFetch,
      decoratorIsKy: typeof mastersFetch.extend === 'function',
      injectedIsServiceFetch: this.injected === this.masters.fetch,
    };
  }

  @Get('bills/:number')
  async bill(@Param('number') ewbNumber: string, @MastersFetch() mastersFetch: MastersFetch) {
    const body = await mastersFetch
      .get('api/v1/getEwayBillData/', {
        searchParams: { action: 'GetEwayBill', gstin: GSTIN, eway_bill_number: ewbNumber },
      })
      .json();
    return unwrapResults(body);
  }
}

describe('@mastersfetch/nestjs on NestJS 10 (Express platform)', () => {
  let mock: MockServer;
  let app: INestApplication;
  let isClosed = false;
  let url: string;

  beforeEach(async () => {
    isClosed = false;
    mock = await startMockServer();
    @Module({
      imports: [
        MastersIndiaModule.forRootAsync({
          isGlobal: true,
          useFactory: async () => ({
            baseUrl: mock.url,
            credentials: { username: gamma.username, password: gamma.password },
          }),
        }),
      ],
      controllers: [ProbeController],
      providers: [{ provide: APP_FILTER, useClass: MastersExceptionFilter }],
    })
    class AppModule {}
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterEach(async () => {
    if (!isClosed) await app.close();
    await mock.close();
  });

  it('runs on Nest 10', () => {
    expect(require('@nestjs/core/package.json').version).toMatch(/^10\./);
    expect(require('@nestjs/common/package.json').version).toMatch(/^10\./);
  });

  it('hands the service fetch to @MastersFetch(), @InjectMastersFetch() and req.mastersFetch', async () => {
    const res = await request(url).get('/wiring').expect(200);
    expect(res.body).toEqual({
      decoratorIsRequestFetch: true,
      decoratorIsKy: true,
      injectedIsServiceFetch: true,
    });
  });

  it('logs in once for 100 concurrent cold requests and maps NIC errors to 422', async () => {
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => request(url).get(`/bills/${100000000000 + i}`)),
    );
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([422]));
    expect(responses[0]!.body).toMatchObject({ error: 'nic_error', nicCode: expect.any(String) });
    expect(mock.stats().logins).toBe(1);
  }, 120_000);

  it('closes the client when the app closes', async () => {
    const close = vi.spyOn(app.get(MastersIndiaService).client, 'close');
    await app.close();
    isClosed = true;
    expect(close).toHaveBeenCalledTimes(1);
  });
});
