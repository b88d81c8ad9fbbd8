import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ConfigModule } from '@nestjs/config';
import { EwayBills, ewayBills } from '@mastersfetch/ewaybill';
import { MastersIndiaModule, MastersIndiaService } from '@mastersfetch/nestjs';
import type { SampleConfig } from '@mastersfetch/sample-kit';
import { SAMPLE_CONFIG, SampleConfigModule } from './sample-config.module';
import { EwayBillsController } from './eway-bills.controller';
import { HealthController } from './health.controller';
import { SampleExceptionFilter } from './sample-exception.filter';
import { TenantsService } from './tenants.service';

/**
 * The NestJS sample: the docs/ARCHITECTURE.md §10 routes on the injectable `EwayBills`
 * (`@mastersfetch/ewaybill`), one Masters India client configured with `forRootAsync`.
 */
@Module({
  imports: [
    // main.ts loads the app folder's .env into process.env (as every sample does); no second loader.
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true }),
    SampleConfigModule,
    MastersIndiaModule.forRootAsync({
      isGlobal: true,
      inject: [SAMPLE_CONFIG],
      useFactory: (sample: SampleConfig) => sample.clientOptions,
    }),
  ],
  controllers: [EwayBillsController, HealthController],
  providers: [
    // The typed operations for the default credentials; TenantsService adds the x-gstin tenants.
    {
      provide: EwayBills,
      useFactory: (masters: MastersIndiaService) => ewayBills(masters),
      inject: [MastersIndiaService],
    },
    TenantsService,
    { provide: APP_FILTER, useClass: SampleExceptionFilter },
  ],
})
export class AppModule {}
