import dc from 'node:diagnostics_channel';
import { inspect } from 'node:util';
import {
  DEMO_USERS,
  startMockServer,
  type MockServer,
  type MockServerOptions,
} from '@mastersfetch/mock-server';
import { createMastersClient } from '../src/client.js';
import { MASTERSFETCH_CHANNELS } from '../src/observe/channels.js';
import type { MastersClient, MastersClientOptions } from '../src/types.js';

/** A controllable clock: time only moves when a test calls `advance()`. */
export class FakeClock {
  monotonicMs = 1_000_000;
  wallMs = Date.now();
  now = (): number => this.monotonicMs;
  wallNow = (): number => this.wallMs;
  advance(ms: number): void {
    this.monotonicMs += ms;
    this.wallMs += ms;
  }
}

export const ALPHA = DEMO_USERS[0]!;
export const ALPHA_CREDENTIALS = { username: ALPHA.username, password: ALPHA.password };
export const ALPHA_GSTIN = ALPHA.gstins[0]!;
export const TOKEN_AUTH = '/api/v1/token-auth/';
export const DETAILS_PATH = '/api/v1/getEwayBillData/';
export const GSTIN_QUERY = `api/v1/getEwayBillData/?action=GetGSTINDetails&userGstin=${ALPHA_GSTIN}&gstin=${ALPHA_GSTIN}`;

/** Starts a mock and tracks every client for cleanup. */
export class Harness {
  mock!: MockServer;
  clock = new FakeClock();
  clients: MastersClient[] = [];

  async start(options: MockServerOptions = {}): Promise<this> {
    this.mock = await startMockServer(options);
    return this;
  }

  client(options: Partial<MastersClientOptions> = {}): MastersClient {
    const client = createMastersClient({
      baseUrl: this.mock.url,
      credentials: ALPHA_CREDENTIALS,
      clock: this.clock,
      ...options,
    } as MastersClientOptions);
    this.clients.push(client);
    return client;
  }

  tokenAuthCount(): number {
    return this.mock.stats().byPath[TOKEN_AUTH] ?? 0;
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close()));
    this.clients = [];
    await this.mock?.close();
  }
}

/** Every view a user's logging could print: of the error and of each error in its cause chain. */
export function errorViews(error: unknown): string[] {
  const out: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 10; depth++) {
    out.push(current.message, current.stack ?? '', JSON.stringify(current));
    out.push(
      inspect(current, { depth: 10 }),
      inspect(current, { depth: 10, customInspect: false }),
    );
    for (const value of Object.values(current)) out.push(inspect(value, { depth: 10 }));
    current = current.cause;
  }
  return out;
}

/** What {@link recordOutputs} collects: every channel payload and every log line. */
export interface RecordedOutputs {
  /** The payloads of every `mastersfetch:*` channel, in publication order. */
  payloads: unknown[];
  /** The arguments of every call of {@link RecordedOutputs.logger} (or of a logger pushing here). */
  lines: unknown[][];
  /** A `console`-shaped logger that records into `lines`. */
  logger: Record<'debug' | 'info' | 'warn' | 'error', (...args: unknown[]) => void>;
  /** Unsubscribes from the channels. */
  stop(): void;
}

/** Subscribes to every core channel and makes a recording logger (the secrets scans). */
export function recordOutputs(): RecordedOutputs {
  const payloads: unknown[] = [];
  const lines: unknown[][] = [];
  const push = (payload: unknown) => payloads.push(payload);
  const handlers = { start: push, end: push, asyncStart: push, asyncEnd: push, error: push };
  const { unauthorizedReplay, ...tracing } = MASTERSFETCH_CHANNELS;
  for (const name of Object.values(tracing)) dc.tracingChannel(name).subscribe(handlers);
  dc.subscribe(unauthorizedReplay, push);
  const line = (...args: unknown[]) => lines.push(args);
  return {
    payloads,
    lines,
    logger: { debug: line, info: line, warn: line, error: line },
    stop() {
      for (const name of Object.values(tracing)) dc.tracingChannel(name).unsubscribe(handlers);
      dc.unsubscribe(unauthorizedReplay, push);
    },
  };
}
