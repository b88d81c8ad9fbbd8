import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMastersClient } from '@mastersfetch/express';
import { listeningLine, loadSampleConfig, sampleCurlLines } from '@mastersfetch/sample-kit';
import { createApp } from './app.js';

/** A running sample: its URL and a `close()` that stops the server, the client and the embedded mock. */
export interface RunningSample {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Loads the configuration from `env`, listens on `127.0.0.1:<PORT>` and logs
 * `listening on http://127.0.0.1:<port>` (exactly; the demo parses it), followed by ready-to-paste
 * curl lines when it runs on the embedded mock.
 */
export async function startSample(
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = (line) => console.log(line),
): Promise<RunningSample> {
  const config = await loadSampleConfig({
    appName: 'express-sample',
    defaultPort: 3001,
    env,
    logger: log,
  });
  const client = createMastersClient(config.clientOptions);
  const app = createApp(config, client);
  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.port, '127.0.0.1', (err?: Error) =>
        err ? reject(err) : resolve(s),
      );
    });
  } catch (err) {
    await client.close();
    await config.close();
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  log(listeningLine(port));
  if (config.embeddedMock) {
    log('try it:');
    for (const line of sampleCurlLines(`http://127.0.0.1:${port}`, { gstin: config.defaultGstin }))
      log(`  ${line}`);
  }
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await client.close();
        await config.close();
      })()),
  };
}
