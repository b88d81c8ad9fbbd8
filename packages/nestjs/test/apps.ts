import {
  Module,
  type DynamicModule,
  type INestApplication,
  type Provider,
  type Type,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DEMO_USERS } from '@mastersfetch/mock-server';
import { MastersExceptionFilter, MastersIndiaModule, type Credentials } from '../src/index.js';
import { ProbeController } from './probe.controller.js';

export type Platform = 'express' | 'fastify';
export type FilterRegistration = 'APP_FILTER' | 'useGlobalFilters';

const gamma = DEMO_USERS[2];
if (!gamma) throw new Error('DEMO_USERS[2] missing');
/** The demo user the tests log in as (its GSTIN is `GSTIN` in probe.controller.ts). */
export const CREDENTIALS: Credentials = { username: gamma.username, password: gamma.password };

/** Boots a Nest 11 app with `ProbeController`, the module `forRoot()` against `baseUrl`, and the filter. */
export async function startProbeApp(options: {
  baseUrl: string;
  platform: Platform;
  filter: FilterRegistration;
  module?: DynamicModule;
  controllers?: Type[];
  /** More modules (e.g. `TerminusModule`) and providers of the app module. */
  imports?: (Type | DynamicModule)[];
  providers?: Provider[];
}): Promise<INestApplication> {
  @Module({
    imports: [
      options.module ??
        MastersIndiaModule.forRoot({ baseUrl: options.baseUrl, credentials: CREDENTIALS }),
      ...(options.imports ?? []),
    ],
    controllers: options.controllers ?? [ProbeController],
    providers: [
      ...(options.filter === 'APP_FILTER'
        ? [{ provide: APP_FILTER, useClass: MastersExceptionFilter }]
        : []),
      ...(options.providers ?? []),
    ],
  })
  class ProbeAppModule {}

  const moduleRef = await Test.createTestingModule({ imports: [ProbeAppModule] }).compile();
  const app =
    options.platform === 'fastify'
      ? moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
          logger: false,
        })
      : moduleRef.createNestApplication({ logger: false });
  if (options.filter === 'useGlobalFilters') app.useGlobalFilters(new MastersExceptionFilter());
  await app.init();
  if (options.platform === 'fastify') {
    await (app as NestFastifyApplication).getHttpAdapter().getInstance().ready();
  }
  return app;
}
