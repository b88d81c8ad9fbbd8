import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { join } from 'node:path';
import {
  listeningLine,
  loadSampleEnvFile,
  onParentExit,
  sampleCurlLines,
  startErrorMessage,
} from '@mastersfetch/sample-kit';
import type { AddressInfo } from 'node:net';
import { AppModule } from './app.module';
import { SAMPLE_CONFIG } from './sample-config.module';
import type { SampleConfig } from '@mastersfetch/sample-kit';

async function bootstrap(): Promise<void> {
  // `.env` comes from this app's folder (next to `.env.example`), whatever the working directory,
  // the same way as the other samples; ConfigService then reads process.env.
  loadSampleEnvFile({ appName: 'nestjs-sample', appDir: join(__dirname, '..') });
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    logger: ['error', 'warn'],
  });
  const config = app.get<SampleConfig>(SAMPLE_CONFIG);
  await app.listen(config.port, '127.0.0.1');
  const address = app.getHttpServer().address() as AddressInfo;
  console.log(listeningLine(address.port));
  if (config.embeddedMock) {
    console.log('try it:');
    const url = `http://127.0.0.1:${address.port}`;
    for (const line of sampleCurlLines(url, { gstin: config.defaultGstin }))
      console.log(`  ${line}`);
  }

  // Shutdown hooks: SIGINT / SIGTERM → app.close() (runs onApplicationShutdown, which closes the
  // Masters India client and the embedded mock) → exit 0. Nest's enableShutdownHooks() would
  // re-raise the signal after closing, so the exit status would not be 0.
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  onParentExit(shutdown);
}

bootstrap().catch((error: unknown) => {
  console.error(startErrorMessage(error));
  process.exit(1);
});
