import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express5, { type Express } from 'express';
import express4 from 'express4';

/** The two Express majors the adapter supports, for `describe.each`. */
export const expressVersions = [
  { name: 'Express 5', major: 5 as const },
  { name: 'Express 4', major: 4 as const },
];

/**
 * A bare app of the given major with a JSON body parser. Express 4's types differ from 5's, but
 * the runtime API the tests use (use/get/post/json/status) is the same, so one type serves both.
 */
export function createExpressApp(major: 4 | 5): Express {
  const app = major === 5 ? express5() : (express4() as unknown as Express);
  app.use((major === 5 ? express5 : express4).json());
  return app;
}

/** Listens on a free loopback port; returns the base URL and a closer. */
export async function listen(app: Express): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A GetEwayBill look-up path the mock answers for any authenticated user. */
export const lookupPath = 'api/v1/getEwayBillData/';
