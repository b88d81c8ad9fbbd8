import type { AddressInfo } from 'node:net';
import { listeningLine, loadSampleConfig } from '@mastersfetch/sample-kit';
import { createApp } from './app.js';

/** Starts the Koa sample on 127.0.0.1:PORT (default 3002) and shuts it down on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = await loadSampleConfig({ appName: 'koa-sample', defaultPort: 3002 });
  const { app, client } = createApp(config);
  const server = app.listen(config.port, '127.0.0.1', () => {
    console.log(listeningLine((server.address() as AddressInfo).port));
  });

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    server.close();
    Promise.allSettled([client.close(), config.close()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
