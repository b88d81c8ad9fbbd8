/**
 * Child process that runs one or more mock servers (argv[2] = JSON array of MockServerOptions) so
 * that load on the mock does not share an event loop with the code being measured. Talks to the
 * parent over IPC: sends `{ type: 'ready', urls }`, answers `{ type: 'stats', id }`, `{ type: 'heap', id }`
 * (heap used, bytes) and `{ type: 'reset', id }` (every server's `reset()`), and closes on
 * `{ type: 'close' }`.
 */
import {
  startMockServer,
  type MockServer,
  type MockServerOptions,
} from '@mastersfetch/mock-server';

interface Request {
  type: 'stats' | 'close' | 'logins-by-user' | 'heap' | 'reset';
  id: number;
}

async function main(): Promise<void> {
  const configs = JSON.parse(process.argv[2] ?? '[{}]') as MockServerOptions[];
  const servers: MockServer[] = [];
  for (const config of configs) servers.push(await startMockServer({ ...config, port: 0 }));
  process.on('message', (message: Request) => {
    if (message.type === 'stats') {
      process.send?.({ id: message.id, value: servers.map((server) => server.stats()) });
    } else if (message.type === 'heap') {
      process.send?.({ id: message.id, value: process.memoryUsage().heapUsed });
    } else if (message.type === 'reset') {
      for (const server of servers) server.reset();
      process.send?.({ id: message.id, value: null });
    } else if (message.type === 'close') {
      Promise.all(servers.map((server) => server.close())).then(() => {
        process.send?.({ id: message.id, value: null }, () => process.disconnect());
      });
    }
  });
  process.send?.({ type: 'ready', urls: servers.map((server) => server.url) });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
