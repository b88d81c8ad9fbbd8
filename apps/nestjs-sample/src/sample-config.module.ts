import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { loadSampleConfig, type SampleConfig } from '@mastersfetch/sample-kit';

/** Injection token of the sample's {@link SampleConfig} (port, client options, tenants, embedded mock). */
export const SAMPLE_CONFIG = Symbol('SAMPLE_CONFIG');

/** The variables of docs/ARCHITECTURE.md §10, read through `ConfigService` (so `.env` files and `load` work too). */
const VARIABLES = [
  'PORT',
  'MASTERS_INDIA_ENV',
  'MASTERS_INDIA_BASE_URL',
  'MASTERS_INDIA_USERNAME',
  'MASTERS_INDIA_PASSWORD',
  'MASTERS_INDIA_API_KEY',
  'MASTERS_INDIA_GSTIN',
  'MASTERS_INDIA_TENANTS',
] as const;

/**
 * Loads the sample configuration from `ConfigService`. With no `MASTERS_INDIA_*` connection
 * variable, `loadSampleConfig` starts the mock API in-process (hence the async factory); it is
 * closed when the application shuts down.
 */
@Global()
@Module({
  providers: [
    {
      provide: SAMPLE_CONFIG,
      inject: [ConfigService],
      useFactory: (config: ConfigService): Promise<SampleConfig> =>
        loadSampleConfig({
          appName: 'nestjs-sample',
          defaultPort: 3003,
          env: Object.fromEntries(VARIABLES.map((name) => [name, config.get<string>(name)])),
        }),
    },
  ],
  exports: [SAMPLE_CONFIG],
})
export class SampleConfigModule implements OnApplicationShutdown {
  constructor(@Inject(SAMPLE_CONFIG) private readonly config: SampleConfig) {}

  async onApplicationShutdown(): Promise<void> {
    await this.config.close();
  }
}
