import type { MockServerOptions, MockStats } from '@mastersfetch/mock-server';
import { forkChild } from './child.js';

/** Mock servers running in a child process. */
export interface MockProcess {
  urls: string[];
  stats(): Promise<MockStats[]>;
  /** Heap used by the mock process, bytes. */
  heapUsed(): Promise<number>;
  /** Every server's `reset()`: its bills, tokens, counters and faults are forgotten. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** Starts one mock server per config in a separate Node process (loopback, free ports). */
export async function startMockProcess(configs: MockServerOptions[]): Promise<MockProcess> {
  const child = forkChild('./mock-child.js', [JSON.stringify(configs)]);
  const ready = await child.next<{ urls: string[] }>('ready');
  return {
    urls: ready.urls,
    stats: () => child.call<MockStats[]>('stats'),
    heapUsed: () => child.call<number>('heap'),
    reset: () => child.call<void>('reset'),
    async close() {
      if (child.process.connected) await child.call('close');
      await child.kill();
    },
  };
}
