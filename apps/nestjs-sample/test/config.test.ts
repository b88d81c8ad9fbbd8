import { ConfigModule, ConfigService } from '@nestjs/config';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  MastersConfigError,
  MastersIndiaModule,
  MastersIndiaService,
  type MastersIndiaModuleOptions,
} from '@mastersfetch/nestjs';
import { DEMO_USERS, startMockServer, type MockServer } from '@mastersfetch/mock-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const alpha = DEMO_USERS[0]!;

/** Boots an application context of a root module importing `imports` (as `NestFactory` does in main.ts). */
function bootstrap(imports: unknown[]): Promise<INestApplicationContext> {
  class RootModule {}
  Module({ imports: imports as never })(RootModule);
  return NestFactory.createApplicationContext(RootModule, { logger: false, abortOnError: false });
}

/** The documented pattern: options built from `ConfigService` in a `forRootAsync` factory. */
function mastersFromConfig(variables: Record<string, string | undefined>) {
  return [
    ConfigModule.forRoot({ ignoreEnvFile: true, ignoreEnvVars: true, load: [() => variables] }),
    MastersIndiaModule.forRootAsync({
      imports: [ConfigModule],
      inject: [ConfigService],
      useFactory: (config: ConfigService): MastersIndiaModuleOptions => ({
        baseUrl: config.getOrThrow<string>('MASTERS_INDIA_BASE_URL'),
        credentials: {
          username: config.get<string>('MASTERS_INDIA_USERNAME')!,
          password: config.get<string>('MASTERS_INDIA_PASSWORD')!,
        },
      }),
    }),
  ];
}

describe('MastersIndiaModule.forRootAsync with ConfigService', () => {
  let mock: MockServer;
  let moduleRef: INestApplicationContext | undefined;

  beforeAll(async () => {
    mock = await startMockServer();
  });
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
  });
  afterAll(async () => {
    await mock.close();
  });

  it('builds the client from ConfigService values', async () => {
    moduleRef = await bootstrap(
      mastersFromConfig({
        MASTERS_INDIA_BASE_URL: mock.url,
        MASTERS_INDIA_USERNAME: alpha.username,
        MASTERS_INDIA_PASSWORD: alpha.password,
      }),
    );
    const masters = moduleRef.get(MastersIndiaService);
    expect(await masters.getAccessToken()).toMatch(/^ey/);
    expect(mock.requests().filter((r) => r.path === '/api/v1/token-auth/')).toHaveLength(1);
  });

  it('fails at bootstrap, not at the first request, when the username is missing', async () => {
    const before = mock.stats();
    const failed = bootstrap(
      mastersFromConfig({
        MASTERS_INDIA_BASE_URL: mock.url,
        MASTERS_INDIA_PASSWORD: alpha.password,
      }),
    );
    await expect(failed).rejects.toBeInstanceOf(MastersConfigError);
    await expect(failed).rejects.toMatchObject({ option: 'credentials.username' });
    await expect(failed).rejects.toThrow(/credentials\.username/);
    await expect(failed).rejects.not.toThrow(alpha.password);
    expect(mock.stats().logins).toBe(before.logins);
  });
});
