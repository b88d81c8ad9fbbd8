import { startSample } from './server.js';

// Entry point of `pnpm --filter express-sample start`. No top-level await: plain promise chain.
startSample().then(
  (sample) => {
    const stop = (): void => {
      sample.close().then(
        () => process.exit(0),
        (err: unknown) => {
          console.error(err);
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
