import { Controller, Get, Inject, type INestApplication } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { DEMO_USERS, startMockServer, type MockServer } from '@mastersfetch/mock-server';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MastersHealthIndicator } from '../src/health.js';
import { MastersIndiaModule, type MastersClientOptions } from '../src/index.js';
import { CREDENTIALS, startProbeApp, type Platform } from './apps.js';
import { ProbeController } from './probe.controller.js';

const TOKEN_AUTH = '/api/v1/token-auth/';

/** Time moves only when a test says so (the client's and the indicator's clock). */
class FakeClock {
  monotonicMs = 1_000_000;
  now = (): number => this.monotonicMs;
  wallNow = (): number => Date.now() + this.monotonicMs - 1_000_000;
  advance(ms: number): void {
    this.monotonicMs += ms;
  }
}

@Controller('health')
class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(MastersHealthIndicator) private readonly masters: MastersHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.masters.isHealthy()]);
  }

  @Get('named')
  @HealthCheck()
  named() {
    return this.health.check([() => this.masters.isHealthy('upstream')]);
  }
}

describe.each<Platform>(['express', 'fastify'])(
  'MastersHealthIndicator with TerminusModule on Nest 11 (%s)',
  (platform) => {
    let mock: MockServer;
    let app: INestApplication | undefined;
    let clock: FakeClock;

    beforeEach(async () => {
      mock = await startMockServer({ tokenLifetimeSec: 3600 });
      clock = new FakeClock();
    });
    afterEach(async () => {
      await app?.close();
      app = undefined;
      await mock.close();
    });

    async function start(options: Partial<MastersClientOptions> = {}) {
      app = await startProbeApp({
        baseUrl: mock.url,
        platform,
        filter: 'APP_FILTER',
        module: MastersIndiaModule.forRoot({
          baseUrl: mock.url,
          credentials: CREDENTIALS,
          clock,
          ...options,
        } as MastersClientOptions),
        imports: [TerminusModule],
        controllers: [ProbeController, HealthController],
        providers: [MastersHealthIndicator],
      });
      await app.listen(0, '127.0.0.1');
      return request(await app.getUrl());
    }

    const tokenAuthCalls = () => mock.stats().byPath[TOKEN_AUTH] ?? 0;

    it('is up for a cold client without logging in, then up with the token once a request logged in', async () => {
      const http = await start();
      for (let i = 0; i < 5; i++) {
        const cold = await http.get('/health').expect(200);
        expect(cold.body).toEqual({
          status: 'ok',
          info: {
            mastersIndia: {
              status: 'up',
              mode: 'password',
              hasToken: false,
              expiresInSec: null,
              keyFingerprint: expect.any(String),
            },
          },
          error: {},
          details: { mastersIndia: expect.objectContaining({ status: 'up' }) },
        });
      }
      expect(mock.requests()).toHaveLength(0); // /health sent nothing at all

      await http.get('/bills/123456789012').expect(200);
      expect(tokenAuthCalls()).toBe(1);
      clock.advance(60_000);
      for (let i = 0; i < 5; i++) {
        const warm = await http.get('/health').expect(200);
        expect(warm.body.info.mastersIndia).toMatchObject({ hasToken: true, expiresInSec: 3540 });
      }
      const named = await http.get('/health/named').expect(200);
      expect(named.body.info.upstream).toMatchObject({ status: 'up', hasToken: true });
      expect(tokenAuthCalls()).toBe(1);
      expect(mock.stats().logins).toBe(1);
    });

    it('is down (503, invalid_credentials) after token-auth rejected the password; no secret', async () => {
      const http = await start({
        credentials: { username: DEMO_USERS[2]!.username, password: 'not-the-password-42' },
      });
      await http.get('/bills/123456789012').expect(502);
      for (let i = 0; i < 5; i++) {
        const res = await http.get('/health').expect(503);
        expect(res.body).toMatchObject({
          status: 'error',
          error: {
            mastersIndia: { status: 'down', reason: 'invalid_credentials', hasToken: false },
          },
        });
        expect(JSON.stringify(res.body)).not.toContain('not-the-password-42');
      }
      expect(tokenAuthCalls()).toBe(1); // the request's login only, none from /health
    });

    it('is down (503, renewal_failing) during the backoff after token-auth failed, up after it', async () => {
      const http = await start({ backoffBaseMs: 20_000, backoffCapMs: 20_000 });
      mock.fault({ path: TOKEN_AUTH, status: 503, body: '<html>down</html>', times: 1 });
      await http.get('/bills/123456789012').expect(503);
      const down = await http.get('/health').expect(503);
      expect(down.body.error.mastersIndia).toMatchObject({
        status: 'down',
        reason: 'renewal_failing',
      });
      clock.advance(20_000); // past any backoff slot (drawn in [10 s, 20 s])
      const up = await http.get('/health').expect(200);
      expect(up.body.info.mastersIndia).toMatchObject({ status: 'up', hasToken: false });
      expect(tokenAuthCalls()).toBe(1);
      await http.get('/bills/123456789012').expect(200);
      expect(tokenAuthCalls()).toBe(2);
    });
  },
);
