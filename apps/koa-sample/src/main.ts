import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  listeningLine,
  loadSampleConfig,
  loadSampleEnvFile,
  onParentExit,
  sampleCurlLines,
  startErrorMessage,
} from '@mastersfetch/sample-kit';
import { createApp } from './app.js';

/** Starts the Koa sample on 127.0.0.1:PORT (default 3002) and shuts it down on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  // `.env` comes from this app's folder (next to `.env.example`), whatever the working directory.
  loadSampleEnvFile({
    appName: 'koa-sample',
    appDir: fileURLToPath(new URL('..', import.meta.url)),
  });
  const config = await loadSampleConfig({ appName: 'koa-sample', defaultPort: 3002 });
  const { app, client } = createApp(config);
  const server = createServer(app.callback());
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await Promise.allSettled([client.close(), config.close()]);
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  console.log(listeningLine(port));
  if (config.embeddedMock) {
    console.log('try it:');
    for (const line of sampleCurlLines(`http://127.0.0.1:${port}`, { gstin: config.defaultGstin }))
      console.log(`  ${line}`);
  }

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    server.close();
    Promise.allSettled([client.close(), config.close()]).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  onParentExit(stop);
}

main().catch((err: unknown) => {
  console.error(startErrorMessage(err));
  process.exit(1);
});
