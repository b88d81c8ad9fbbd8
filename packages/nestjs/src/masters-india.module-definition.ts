import type { IncomingMessage } from 'node:http';
import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { MastersClientOptions, ResolveCredentials } from '@mastersfetch/core';

/**
 * Options of `MastersIndiaModule.forRoot()` and of the `forRootAsync()` factory: the options of
 * `createMastersClient()` from `@mastersfetch/core`, plus `resolveCredentials`.
 */
export type MastersIndiaModuleOptions = MastersClientOptions & {
  /**
   * Per-request credentials (multi-tenant apps), applied by the module's middleware to
   * `req.mastersFetch` and `@MastersFetch()` (providers stay singletons: `MastersIndiaService` and
   * `@InjectMastersFetch()` keep the default credentials). Receives the request the middleware
   * sees: Express's `Request`, or on Fastify the raw `IncomingMessage` (`headers` on both). Called
   * at the first use of `mastersFetch` in a request, sync or async; `undefined` means the default
   * `credentials`; a throw or rejection rejects that request's calls with the resolver's own error
   * (docs/ARCHITECTURE.md §8).
   */
  resolveCredentials?: ResolveCredentials<IncomingMessage> | undefined;
};

/** Extra options of `forRoot()` / `forRootAsync()` that shape the Nest module, not the client. */
export interface MastersIndiaModuleExtras {
  /** Register the module globally so feature modules can inject the service without importing it. Default `false`. */
  isGlobal?: boolean;
}

/**
 * Built by Nest's `ConfigurableModuleBuilder`: the base class of `MastersIndiaModule` (with the
 * static `forRoot` / `forRootAsync`) and `MASTERS_INDIA_OPTIONS`, the injection token of the
 * resolved {@link MastersIndiaModuleOptions}.
 */
export const {
  ConfigurableModuleClass: MastersIndiaConfigurableModule,
  MODULE_OPTIONS_TOKEN: MASTERS_INDIA_OPTIONS,
  OPTIONS_TYPE: MASTERS_INDIA_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: MASTERS_INDIA_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<MastersIndiaModuleOptions>({
  moduleName: 'MastersIndia',
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createMastersIndiaOptions')
  .setExtras<MastersIndiaModuleExtras>({ isGlobal: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal ?? false,
  }))
  .build();

/** The argument of `MastersIndiaModule.forRoot()`: client options plus `isGlobal`. */
export type MastersIndiaModuleRootOptions = typeof MASTERS_INDIA_OPTIONS_TYPE;

/**
 * The argument of `MastersIndiaModule.forRootAsync()`: `imports`, `inject` and one of `useFactory`,
 * `useClass` or `useExisting` (a class with `createMastersIndiaOptions()`), plus `isGlobal`.
 */
export type MastersIndiaModuleAsyncOptions = typeof MASTERS_INDIA_ASYNC_OPTIONS_TYPE;

/** What a `useClass` / `useExisting` options provider implements. */
export interface MastersIndiaOptionsFactory {
  createMastersIndiaOptions(): MastersIndiaModuleOptions | Promise<MastersIndiaModuleOptions>;
}
