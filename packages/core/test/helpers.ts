import { inspect } from 'node:util';
import {
  DEMO_USERS,
  startMockServer,
  type MockServer,
  type MockServerOptions,
} from '@mastersfetch/mock-server';
import { createMastersClient } from '../src/client.js';
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
