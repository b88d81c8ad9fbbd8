import { createServer, type Server } from 'node:http';
import { DEMO_USERS, startMockServer, type MockServer } from '@mastersfetch/mock-server';
import Koa from 'koa';
import Koa2 from 'koa2';
import { afterEach } from 'vitest';
import {
  createMastersClient,
  type MastersClient,
  type MastersClientOptions,
} from '../src/index.js';

/** Koa 3 and Koa 2 (the `koa2` alias), so every suite runs on both majors. */
export const koaVersions = [
  { name: 'Koa 3', Koa },
  { name: 'Koa 2', Koa: Koa2 },
] as const;

export const demoUser = DEMO_USERS[1]!;
export const credentials = { username: demoUser.username, password: demoUser.password };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

/** Starts a mock server closed after the test. */
export async function mock(options?: Parameters<typeof startMockServer>[0]): Promise<MockServer> {
  const server = await startMockServer(options);
  cleanups.push(() => server.close());
  return server;
}

/** Client options pointing at a mock; register the client for closing with {@link track}. */
export function clientOptions(server: MockServer): MastersClientOptions {
  return { baseUrl: server.url, credentials };
}

/** Closes the client after the test. */
export function track<T extends MastersClient>(client: T): T {
  cleanups.push(() => client.close());
  return client;
}

/** A client against the mock, closed after the test. */
export function client(server: MockServer): MastersClient {
  return track(createMastersClient(clientOptions(server)));
}

/** Path of the e-way bill details call of the API (https://docs.mastersindia.co/eway/get-e-way-bill-details). */
export const DETAILS_PATH = 'api/v1/getEwayBillData/';

/** Query of a details look-up (any answer will do: the tests count logins and attribution). */
export function detailsQuery(ewbNo = '351000000001'): Record<string, string> {
  return { action: 'GetEwayBill', gstin: demoUser.gstins[0]!, eway_bill_number: ewbNo };
}

/** An HTTP server on loopback for `app.callback()`, closed after the test. */
export async function listen(callback: Parameters<typeof createServer>[1]): Promise<Server> {
  const server = createServer(callback);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return server;
}
