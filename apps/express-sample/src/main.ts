import { fileURLToPath } from 'node:url';
import { loadSampleEnvFile, onParentExit, startErrorMessage } from '@mastersfetch/sample-kit';
import { startSample } from './server.js';
import { startTelemetry, type Telemetry } from './telemetry.js';

// Entry point of `pnpm --filter express-sample start`. No top-level await: plain promise chain.
// `.env` comes from this app's folder (next to `.env.example`), whatever the working directory.
try {
  loadSampleEnvFile({
    appName: 'express-sample',
    appDir: fileURLToPath(new URL('..', import.meta.url)),
  });
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
// `OTEL_TRACES_EXPORTER=console` (or `otlp`) traces the app (README "Traces"); after `.env`.
let telemetry: Telemetry | undefined;
try {
  telemetry = startTelemetry(process.env);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
startSample().then(
  (sample) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      sample
        .close()
        .then(() => telemetry?.shutdown())
        .then(
          () => process.exit(0),
          (err: unknown) => {
            console.error(err);
            process.exit(1);
          },
        );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    onParentExit(stop);
  },
  (err: unknown) => {
    console.error(startErrorMessage(err));
    process.exit(1);
  },
);
