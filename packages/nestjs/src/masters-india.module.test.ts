import { Inject, Injectable, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test, type TestingModule } from '@nestjs/testing';
import { DEMO_USERS, startMockServer, type MockServer } from '@mastersfetch/mock-server';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  MASTERS_FETCH,
  MASTERS_INDIA_CLIENT,
  MastersConfigError,
  MastersIndiaModule,
  MastersIndiaService,
  type MastersIndiaModuleOptions,
  type MastersIndiaOptionsFactory,
} from './index.js';

const gamma = DEMO_USERS[2]!;
const SETTINGS = Symbol('SETTINGS');

/** A stand-in for `ConfigService`: options come from another provider, injected by token. */
@Module({
  providers: [
    { provide: SETTINGS, useValue: { username: gamma.username, password: gamma.password } },
  ],
  exports: [SETTINGS],
})
class SettingsModule {}

let mock: MockServer;
let moduleRef: TestingModule | undefined;

beforeAll(async () => {
  mock = await startMockServer();
});
afterEach(async () => {
  await moduleRef?.close();
  moduleRef = undefined;
  mock.reset();
});
afterAll(async () => {
  await mock.close();
});

async function compile(root: DynamicModule): Promise<TestingModule> {
  moduleRef = await Test.createTestingModule({ imports: [root] }).compile();
  return moduleRef;
}

/** Every registration style must yield the same working singletons. */
async function expectWorkingClient(ref: TestingModule): Promise<void> {
  const service = ref.get(MastersIndiaService);
  expect(ref.get(MASTERS_FETCH)).toBe(service.fetch);
  expect(ref.get(MASTERS_INDIA_CLIENT)).toBe(service.client);
  expect(service.fetch).toBe(service.client.mastersFetch);
  expect(service.tokenStatus()).toMatchObject({ mode: 'password', hasToken: false });
  await service.warmUp();
  expect(await service.getAccessToken()).toMatch(/^ey/);
  expect(mock.stats().logins).toBe(1);
}

describe('MastersIndiaModule registration', () => {
  it('forRoot(options) provides a working service', async () => {
    const ref = await compile(
      MastersIndiaModule.forRoot({
        baseUrl: mock.url,
        credentials: { username: gamma.username, password: gamma.password },
      }),
    );
    await expectWorkingClient(ref);
  });

  it('forRootAsync({ useFactory, inject, imports }) builds options from another provider', async () => {
    const ref = await compile(
      MastersIndiaModule.forRootAsync({
        imports: [SettingsModule],
        inject: [SETTINGS],
        useFactory: async (settings: { username: string; password: string }) => ({
          baseUrl: mock.url,
          credentials: settings,
        }),
      }),
    );
    await expectWorkingClient(ref);
  });

  it('forRootAsync({ useClass }) calls createMastersIndiaOptions()', async () => {
    @Injectable()
    class OptionsFactory implements MastersIndiaOptionsFactory {
      createMastersIndiaOptions(): MastersIndiaModuleOptions {
        return {
          baseUrl: mock.url,
          credentials: { username: gamma.username, password: gamma.password },
        };
      }
    }
    const ref = await compile(MastersIndiaModule.forRootAsync({ useClass: OptionsFactory }));
    await expectWorkingClient(ref);
  });

  it('forRootAsync({ useExisting }) reuses a provider exported by an imported module', async () => {
    @Injectable()
    class SharedOptions implements MastersIndiaOptionsFactory {
      constructor(
        @Inject(SETTINGS) private readonly settings: { username: string; password: string },
      ) {}
      createMastersIndiaOptions(): MastersIndiaModuleOptions {
        return { baseUrl: mock.url, credentials: this.settings };
      }
    }
    @Module({ imports: [SettingsModule], providers: [SharedOptions], exports: [SharedOptions] })
    class SharedOptionsModule {}

    const ref = await compile(
      MastersIndiaModule.forRootAsync({
        imports: [SharedOptionsModule],
        useExisting: SharedOptions,
      }),
    );
    await expectWorkingClient(ref);
  });

  it('isGlobal makes the service injectable in modules that do not import it', async () => {
    @Injectable()
    class Consumer {
      constructor(@Inject(MastersIndiaService) readonly masters: MastersIndiaService) {}
    }
    @Module({ providers: [Consumer], exports: [Consumer] })
    class FeatureModule {}

    moduleRef = await Test.createTestingModule({
      imports: [
        MastersIndiaModule.forRoot({
          isGlobal: true,
          baseUrl: mock.url,
          credentials: { username: gamma.username, password: gamma.password },
        }),
        FeatureModule,
      ],
    }).compile();
    expect(moduleRef.get(Consumer).masters).toBe(moduleRef.get(MastersIndiaService));
  });

  it('without isGlobal the service is not visible to modules that do not import it', async () => {
    @Injectable()
    class Consumer {
      constructor(@Inject(MastersIndiaService) readonly masters: MastersIndiaService) {}
    }
    @Module({ providers: [Consumer] })
    class FeatureModule {}

    await expect(
      Test.createTestingModule({
        imports: [
          MastersIndiaModule.forRoot({
            baseUrl: mock.url,
            credentials: { username: gamma.username, password: gamma.password },
          }),
          FeatureModule,
        ],
      }).compile(),
    ).rejects.toThrow(/MastersIndiaService/);
  });
});

describe('MastersIndiaModule bootstrap validation', () => {
  const missingUsername = () =>
    MastersIndiaModule.forRootAsync({
      imports: [SettingsModule],
      inject: [SETTINGS],
      useFactory: (settings: { password: string }) => ({
        baseUrl: mock.url,
        // e.g. config.get('MASTERS_INDIA_USERNAME') returned undefined
        credentials: { username: undefined as unknown as string, password: settings.password },
      }),
    });

  it('fails compile() with MastersConfigError naming credentials.username', async () => {
    const failure = Test.createTestingModule({ imports: [missingUsername()] }).compile();
    await expect(failure).rejects.toBeInstanceOf(MastersConfigError);
    await expect(failure).rejects.toMatchObject({ option: 'credentials.username' });
    await expect(failure).rejects.toThrow(/credentials\.username/);
    expect(mock.stats().logins).toBe(0);
  });

  it('fails NestFactory.create() before any request', async () => {
    @Module({ imports: [missingUsername()] })
    class AppModule {}
    await expect(
      NestFactory.create(AppModule, { logger: false, abortOnError: false }),
    ).rejects.toMatchObject({ name: 'MastersConfigError', option: 'credentials.username' });
    expect(mock.stats().apiCalls + mock.stats().logins).toBe(0);
  });
});

describe('MastersIndiaService lifecycle', () => {
  it('closes the client on application shutdown', async () => {
    const ref = await compile(
      MastersIndiaModule.forRoot({
        baseUrl: mock.url,
        credentials: { username: gamma.username, password: gamma.password },
      }),
    );
    const close = vi.spyOn(ref.get(MastersIndiaService).client, 'close');
    await ref.close();
    moduleRef = undefined;
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('forwards forCredentials() to the client (cached per credential key)', async () => {
    const ref = await compile(
      MastersIndiaModule.forRoot({
        baseUrl: mock.url,
        credentials: { username: gamma.username, password: gamma.password },
      }),
    );
    const service = ref.get(MastersIndiaService);
    const alpha = DEMO_USERS[0]!;
    const tenantFetch = service.forCredentials({
      username: alpha.username,
      password: alpha.password,
    });
    expect(tenantFetch).not.toBe(service.fetch);
    await tenantFetch.get('api/v1/getEwayBillData/', {
      searchParams: { action: 'GetEwayBill', gstin: alpha.gstins[0]!, eway_bill_number: '1' },
    });
    expect(mock.requests().find((r) => r.path === '/api/v1/token-auth/')?.username).toBe(
      alpha.username,
    );
  });
});
