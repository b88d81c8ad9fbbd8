import {
  Logger,
  Module,
  RequestMethod,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { createMastersClient, type MastersClient } from '@mastersfetch/core';
import { MASTERS_FETCH, MASTERS_INDIA_CLIENT } from './masters-india.constants.js';
import {
  MASTERS_INDIA_OPTIONS,
  MastersIndiaConfigurableModule,
  type MastersIndiaModuleOptions,
} from './masters-india.module-definition.js';
import { MastersFetchMiddleware } from './masters-fetch.middleware.js';
import { MastersIndiaService } from './masters-india.service.js';

/** The context of the default logger (the name Nest prints in brackets). */
const LOG_CONTEXT = 'MastersFetch';

/**
 * One Masters India client per application. `forRoot(options)` takes the options of
 * `createMastersClient()` (validated at bootstrap: bad options fail `NestFactory.create()` with
 * `MastersConfigError` naming the option); `forRootAsync({ imports, inject, useFactory | useClass |
 * useExisting })` builds them from other providers such as `ConfigService`. Both accept `isGlobal`.
 * Provides {@link MastersIndiaService}, `@InjectMastersFetch()`, `@MastersFetch()` and
 * `req.mastersFetch`; closes the client on application shutdown. With `resolveCredentials`,
 * `req.mastersFetch` and `@MastersFetch()` act per request as the credentials it picks.
 *
 * @example
 * ```ts
 * MastersIndiaModule.forRootAsync({
 *   isGlobal: true,
 *   imports: [ConfigModule],
 *   inject: [ConfigService],
 *   useFactory: (config: ConfigService) => ({
 *     environment: 'sandbox',
 *     credentials: { username: config.getOrThrow('MASTERS_INDIA_USERNAME'), password: config.getOrThrow('MASTERS_INDIA_PASSWORD') },
 *   }),
 * })
 * ```
 */
@Module({
  providers: [
    {
      provide: MASTERS_INDIA_CLIENT,
      // Without a `logger` option the client logs through Nest's own `Logger` (context
      // `MastersFetch`, one line per event), so it follows the application's logger settings.
      // `resolveCredentials` is the middleware's (see MastersFetchMiddleware), not the client's.
      useFactory: ({
        resolveCredentials: _perRequest,
        ...options
      }: MastersIndiaModuleOptions): MastersClient =>
        createMastersClient({ ...options, logger: options.logger ?? new Logger(LOG_CONTEXT) }),
      inject: [MASTERS_INDIA_OPTIONS],
    },
    MastersIndiaService,
    {
      provide: MASTERS_FETCH,
      useFactory: (service: MastersIndiaService) => service.fetch,
      inject: [MastersIndiaService],
    },
  ],
  exports: [MastersIndiaService, MASTERS_FETCH, MASTERS_INDIA_CLIENT, MASTERS_INDIA_OPTIONS],
})
export class MastersIndiaModule extends MastersIndiaConfigurableModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // `path: '*'` is the catch-all on Nest 10 (path-to-regexp 0.x) and is recognised by Nest 11 as
    // its "all routes" wildcard (converted to `{*path}` for path-to-regexp 8 without a warning).
    consumer.apply(MastersFetchMiddleware).forRoutes({ path: '*', method: RequestMethod.ALL });
  }
}
