import type { IncomingMessage } from 'node:http';
import { Controller, Get, Inject, Module, Param, Req, type INestApplication } from '@nestjs/common';
import {
  DEMO_USERS,
  startMockServer,
  type MockServer,
  type MockUser,
} from '@mastersfetch/mock-server';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MastersFetch,
  MastersIndiaModule,
  MastersIndiaService,
  type Credentials,
  type MastersIndiaModuleOptions,
} from '../src/index.js';
import { CREDENTIALS, startProbeApp, type Platform } from './apps.js';

// gamma (DEMO_USERS[2]) is the module's default: CREDENTIALS.
const [alpha, beta, gamma] = DEMO_USERS as unknown as [MockUser, MockUser, MockUser];
const TENANTS: Record<string, Credentials> = {
  alpha: { username: alpha.username, password: alpha.password },
  beta: { username: beta.username, password: beta.password },
};
const lookup = (gstin: string): string =>
  `api/v1/getEwayBillData/?action=GetGSTINDetails&userGstin=${gstin}&gstin=${gstin}`;

/** Every call of the resolver, as the `x-tenant` header it saw. */
const resolved: string[] = [];

/** `x-tenant: alpha|beta` picks a tenant (`x-async: 1`: through a promise); no header: default. */
function resolveCredentials(
  req: IncomingMessage,
): Credentials | undefined | Promise<Credentials | undefined> {
  const tenant = String(req.headers['x-tenant'] ?? '');
  resolved.push(tenant);
  if (tenant === 'broken') throw new Error('unknown tenant');
  const picked = TENANTS[tenant];
  return req.headers['x-async'] === '1' ? Promise.resolve(picked) : picked;
}

type WithFetch = { mastersFetch?: MastersFetch; raw?: { mastersFetch?: MastersFetch } };

@Controller('tenant')
class TenantController {
  constructor(@Inject(MastersIndiaService) private readonly masters: MastersIndiaService) {}

  @Get('decorator/:gstin')
  viaDecorator(@Param('gstin') gstin: string, @MastersFetch() mastersFetch: MastersFetch) {
    return mastersFetch.get(lookup(gstin)).json();
  }

  /** `req.mastersFetch` (Fastify: on the raw request), the same instance as the decorator's. */
  @Get('request/:gstin')
  viaRequest(@Param('gstin') gstin: string, @Req() req: WithFetch) {
    return (req.raw ?? req).mastersFetch!.get(lookup(gstin)).json();
  }

  /** The injected service stays a singleton with the default credentials. */
  @Get('service/:gstin')
  viaService(@Param('gstin') gstin: string) {
    return this.masters.fetch.get(lookup(gstin)).json();
  }

  @Get('none')
  none() {
    return { ok: true };
  }
}

@Module({})
class TenantConfigModule {}

const modules = {
  forRoot: (baseUrl: string) =>
    MastersIndiaModule.forRoot({ baseUrl, credentials: CREDENTIALS, resolveCredentials }),
  forRootAsync: (baseUrl: string) =>
    MastersIndiaModule.forRootAsync({
      imports: [TenantConfigModule],
      useFactory: async (): Promise<MastersIndiaModuleOptions> => ({
        baseUrl,
        credentials: CREDENTIALS,
        resolveCredentials,
      }),
    }),
};

const setups: { platform: Platform; registration: keyof typeof modules }[] = [
  { platform: 'express', registration: 'forRoot' },
  { platform: 'express', registration: 'forRootAsync' },
  { platform: 'fastify', registration: 'forRoot' },
  { platform: 'fastify', registration: 'forRootAsync' },
];

describe.each(setups)('resolveCredentials on $platform via $registration', (setup) => {
  let mock: MockServer;
  let app: INestApplication;
  let url: string;

  beforeEach(async () => {
    resolved.length = 0;
    mock = await startMockServer();
    app = await startProbeApp({
      baseUrl: mock.url,
      platform: setup.platform,
      filter: 'APP_FILTER',
      module: modules[setup.registration](mock.url),
      controllers: [TenantController],
    });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterEach(async () => {
    await app.close();
    await mock.close();
  });

  /** The usernames of the logins the mock answered, sorted (one entry per login). */
  const loginUsers = (): (string | undefined)[] =>
    mock
      .requests()
      .filter((r) => r.path === '/api/v1/token-auth/')
      .map((r) => r.username)
      .sort();

  function apiCallers(): (string | undefined)[] {
    return mock
      .requests()
      .filter((r) => r.path === '/api/v1/getEwayBillData/')
      .map((r) => r.username)
      .sort();
  }

  it('acts per request as the tenant it picks, sync or async, through req.mastersFetch and @MastersFetch()', async () => {
    const calls = [
      { route: 'decorator', tenant: 'alpha', async: '0', user: alpha },
      { route: 'request', tenant: 'alpha', async: '1', user: alpha },
      { route: 'decorator', tenant: 'beta', async: '1', user: beta },
      { route: 'request', tenant: 'beta', async: '0', user: beta },
      { route: 'decorator', tenant: '', async: '1', user: gamma }, // undefined: the default
      { route: 'request', tenant: '', async: '0', user: gamma },
    ];
    // Twice, concurrently: each credential still logs in once.
    const responses = await Promise.all(
      [...calls, ...calls].map((call) =>
        request(url)
          .get(`/tenant/${call.route}/${call.user.gstins[0]}`)
          .set('x-tenant', call.tenant)
          .set('x-async', call.async),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(apiCallers()).toEqual([...calls, ...calls].map((c) => c.user.username).sort());
    expect(loginUsers()).toEqual([alpha.username, beta.username, gamma.username].sort());
    expect(resolved).toHaveLength(12); // once per request that used the API
  });

  it('never calls the resolver for requests that do not use mastersFetch', async () => {
    await request(url).get('/tenant/none').set('x-tenant', 'alpha').expect(200);
    await request(url)
      .get(`/tenant/service/${gamma.gstins[0]}`)
      .set('x-tenant', 'alpha')
      .expect(200);
    expect(resolved).toEqual([]);
    expect(apiCallers()).toEqual([gamma.username]); // the service keeps the default credentials
  });

  it("rejects the request's calls with the resolver's error (a Nest 500), calling nothing upstream", async () => {
    const res = await request(url)
      .get(`/tenant/decorator/${alpha.gstins[0]}`)
      .set('x-tenant', 'broken');
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain(alpha.password);
    expect(resolved).toEqual(['broken']);
    expect(mock.stats().apiCalls).toBe(0);
    expect(mock.stats().logins).toBe(0);
  });
});

describe('resolveCredentials option', () => {
  it('fails bootstrap with MastersConfigError naming resolveCredentials when it is not a function', async () => {
    const mock = await startMockServer();
    try {
      const failure = startProbeApp({
        baseUrl: mock.url,
        platform: 'express',
        filter: 'APP_FILTER',
        module: MastersIndiaModule.forRoot({
          baseUrl: mock.url,
          credentials: CREDENTIALS,
          resolveCredentials: 'x' as never,
        }),
        controllers: [TenantController],
      });
      await expect(failure).rejects.toMatchObject({
        name: 'MastersConfigError',
        option: 'resolveCredentials',
      });
    } finally {
      await mock.close();
    }
  });
});
