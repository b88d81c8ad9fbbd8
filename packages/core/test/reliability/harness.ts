import { inspect } from 'node:util';
import {
  DEMO_USERS,
  startMockServer,
  type MockServer,
  type MockServerOptions,
} from '@mastersfetch/mock-server';
import { SignJWT } from 'jose';
import { expect } from 'vitest';
import { createMastersClient } from '../../src/client.js';
import type {
  MastersClient,
  MastersClientOptions,
  MastersEventName,
  MastersLogger,
} from '../../src/types.js';
import { addSecret, observingFetch, secretsIn } from './secrets.js';

export { addSecret } from './secrets.js';

export const ALPHA = DEMO_USERS[0]!;
export const ALPHA_CREDENTIALS = { username: ALPHA.username, password: ALPHA.password };
export const ALPHA_GSTIN = ALPHA.gstins[0]!;
export const TOKEN_AUTH = '/api/v1/token-auth/';
export const DETAILS_PATH = '/api/v1/getEwayBillData/';
export const GENERATE_PATH = '/api/v1/ewayBillsGenerate/';
export const GSTIN_QUERY = `api/v1/getEwayBillData/?action=GetGSTINDetails&userGstin=${ALPHA_GSTIN}&gstin=${ALPHA_GSTIN}`;

export const EVENT_NAMES: MastersEventName[] = [
  'login',
  'renew',
  'renewFailed',
  'invalidCredentials',
  'tokenRejected',
  'skewDetected',
  'storeError',
];

/** A clock that only moves when a case calls `advance()` (monotonic and wall time together). */
export class FakeClock {
  monotonicMs = 5_000_000;
  wallMs = Date.now();
  now = (): number => this.monotonicMs;
  wallNow = (): number => this.wallMs;
  advance(ms: number): void {
    this.monotonicMs += ms;
    this.wallMs += ms;
  }
}

/** Every call a client made to the capture logger, one string per call (inspect, depth 10). */
export function captureLogger(lines: string[]): MastersLogger {
  const record =
    (level: string) =>
    (...args: unknown[]): void => {
      lines.push(`${level} ${args.map((a) => inspect(a, { depth: 10 })).join(' ')}`);
      lines.push(`${level} ${safeJson(args)}`);
    };
  return {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

/** Every text view of an error a user might log or return. */
export function errorViews(error: unknown): string {
  const e = error as Error;
  return [
    String(e?.message),
    String(e?.stack),
    safeJson(error),
    inspect(error, { depth: 10 }),
    inspect(error, { depth: 10, showHidden: true }),
    String(error),
  ].join('\n');
}

/** Asserts no registered secret appears in `text`. */
export function expectNoSecrets(text: string, where: string): void {
  const found = secretsIn(text);
  expect(found.length, `${where} contains ${found.length} secret(s)`).toBe(0);
}

export type ErrorClass = abstract new (...args: never[]) => Error;

/** What a failing call must look like. */
export interface ExpectedFailure {
  errorClass: ErrorClass;
  /** The message says what happened. */
  what: RegExp;
  /** The message says what to do. */
  todo?: RegExp;
}

/** Hints a user can act on: retry later / wait, check something, fix something. */
export const RETRY_HINT = /retr(y|ies|ied)|try again|back(s|ing)? off|later|wait/i;
export const CHECK_CREDENTIALS_HINT = /check .*(username|password|credentials|api key)/i;

const unhandled: unknown[] = [];
let isListening = false;
function listenForUnhandled(): void {
  if (isListening) return;
  isListening = true;
  process.on('unhandledRejection', (reason) => {
    unhandled.push(reason);
  });
}

/**
 * One reliability case: a mock server with fault rules, clients on a fake clock with a capture
 * logger and every event recorded, plus the checks every case ends with.
 */
export class ReliabilityHarness {
  mock!: MockServer;
  clock = new FakeClock();
  clients: MastersClient[] = [];
  logLines: string[] = [];
  events: { name: MastersEventName; payload: unknown }[] = [];
  #unhandledAtStart = 0;

  async start(options: MockServerOptions = {}): Promise<this> {
    listenForUnhandled();
    this.clock = new FakeClock();
    this.#unhandledAtStart = unhandled.length;
    this.mock = await startMockServer(options);
    return this;
  }

  client(options: Partial<MastersClientOptions> = {}): MastersClient {
    const client = createMastersClient({
      baseUrl: this.mock.url,
      credentials: ALPHA_CREDENTIALS,
      clock: this.clock,
      logger: captureLogger(this.logLines),
      fetch: observingFetch(globalThis.fetch.bind(globalThis)),
      ...options,
    } as MastersClientOptions);
    for (const name of EVENT_NAMES) {
      client.on(name, (payload) => {
        this.events.push({ name, payload });
      });
    }
    this.clients.push(client);
    return client;
  }

  eventsNamed(name: MastersEventName): unknown[] {
    return this.events.filter((e) => e.name === name).map((e) => e.payload);
  }

  count(path: string): number {
    return this.mock.stats().byPath[path] ?? 0;
  }

  /** Asserts `promise` rejects as expected, with no secret in any view of the error. */
  async expectFailure(promise: Promise<unknown>, expected: ExpectedFailure): Promise<Error> {
    let caught: unknown;
    try {
      await promise;
    } catch (error) {
      caught = error;
    }
    expect(caught, 'the call should have failed').toBeInstanceOf(expected.errorClass);
    const error = caught as Error;
    expect(error.message).toMatch(expected.what);
    if (expected.todo) expect(error.message).toMatch(expected.todo);
    expectNoSecrets(errorViews(error), `${error.name} views`);
    return error;
  }

  /** The end of every case: no secret in logs or events, no unhandled rejection, still serving. */
  async expectHealthy(client: MastersClient): Promise<void> {
    const response = await client.mastersFetch.get(GSTIN_QUERY);
    expect(response.status).toBe(200);
    this.expectClean();
  }

  /** No secret in the logger output or event payloads; no unhandled rejection so far. */
  expectClean(): void {
    expectNoSecrets(this.logLines.join('\n'), 'logger output');
    const eventText = this.events
      .map((e) => `${e.name} ${inspect(e.payload, { depth: 10 })} ${safeJson(e.payload)}`)
      .join('\n');
    expectNoSecrets(eventText, 'event payloads');
    expect(unhandled.slice(this.#unhandledAtStart), 'unhandled rejections').toEqual([]);
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close()));
    this.clients = [];
    this.logLines = [];
    this.events = [];
    await this.mock?.close();
  }
}

/** Signs a JWT with arbitrary claims (the client decodes, never verifies); registered as a secret. */
export async function craftJwt(claims: Record<string, unknown>): Promise<string> {
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode('reliability-suite-signing-key-0123456789'));
  addSecret(token);
  return token;
}

export const nowSec = (): number => Math.floor(Date.now() / 1000);
