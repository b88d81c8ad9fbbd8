import { createRequire } from 'node:module';
import { Controller, Get, Inject, Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { DEMO_USERS, startMockServer, type MockServer } from '@mastersfetch/mock-server';
import {
  InjectMastersFetch,
  MastersIndiaModule,
  unwrapResults,
  type MastersFetch,
} from '@mastersfetch/nestjs';
import { MastersHealthIndicator } from '@mastersfetch/nestjs/health';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';

const gamma = DEMO_USERS[2]!;
const TOKEN_AUTH = '/api/v1/token-auth/';
const require = createRequire(import.meta.url);

@Controller()
class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(MastersHealthIndicator) private readonly masters: MastersHealthIndicator,
    @InjectMastersFetch() private readonly mastersFetch: MastersFetch,
  ) {}

  @Get('health')
  @HealthCheck()
  check() {
    return this.health.check([() => this.masters.isHealthy()]);
  }

  @Get('gstin')
  async gstin() {
    const gstin = gamma.gstins[0]!;
    const searchParams = { action: 'GetGSTINDetails', userGstin: gstin, gstin };
    return unwrapResults(
      await this.mastersFetch.get('api/v1/getEwayBillData/', { searchParams }).json(),
    );
  }
}

describe('MastersHealthIndicator on NestJS 10 with @nestjs/terminus 11 (Express platform)', () => {
  let mock: MockServer | undefined;
  let app: INestApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
    await mock?.close();
    mock = undefined;
  });

  async function start(password: string) {
    const server = await startMockServer();
    mock = server;
    @Module({
      imports: [
        MastersIndiaModule.forRoot({
          isGlobal: true,
          baseUrl: server.url,
          credentials: { username: gamma.username, password },
        }),
        TerminusModule,
      ],
      controllers: [HealthController],
      providers: [MastersHealthIndicator],
    })
    class AppModule {}
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    return request(await app.getUrl());
  }

  it('runs on Nest 10 and Terminus 11', () => {
    expect(require('@nestjs/core/package.json').version).toMatch(/^10\./);
    expect(require('@nestjs/terminus/package.json').version).toMatch(/^11\./);
  });

  it('is up cold without logging in, up with the token after a request, never logging in itself', async () => {
    const http = await start(gamma.password);
    const server = mock!;
    const cold = await http.get('/health').expect(200);
    expect(cold.body.info.mastersIndia).toMatchObject({ status: 'up', hasToken: false });
    expect(server.requests()).toHaveLength(0);
    await http.get('/gstin').expect(200);
    const warm = await http.get('/health').expect(200);
    expect(warm.body.info.mastersIndia).toMatchObject({ status: 'up', hasToken: true });
    expect(server.stats().byPath[TOKEN_AUTH]).toBe(1);
  });

  it('is down (503, invalid_credentials) after token-auth rejected the password', async () => {
    const http = await start('not-the-password-10');
    const server = mock!;
    await http.get('/gstin').expect(500);
    const res = await http.get('/health').expect(503);
    expect(res.body.error.mastersIndia).toMatchObject({
      status: 'down',
      reason: 'invalid_credentials',
    });
    await http.get('/health').expect(503);
    expect(server.stats().byPath[TOKEN_AUTH]).toBe(1);
  });
});
