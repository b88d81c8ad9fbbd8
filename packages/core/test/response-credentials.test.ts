import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMastersClient,
  redactResponseError,
  redactResponseText,
  unwrapResults,
} from '../src/index.js';
import { MastersApiError } from '../src/errors.js';
import { errorViews } from './helpers.js';

// redactResponseError (docs/ARCHITECTURE.md §6, "Redaction"): an error a caller makes from a
// response's body is scrubbed of the secrets of the credential that call used. The NIC error
// texts of an answer are the API's words: one that echoes the API key or the password must not
// reach a message.

const API_KEY = 'key-S3CRET-0123456789ab';
const PASSWORD = 'pw-S3CRET-0123456789ab';
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const now = Math.floor(Date.now() / 1000);
const TOKEN = `${b64({ alg: 'HS256' })}.${b64({ exp: now + 86_400, orig_iat: now })}.sig`;
const CANCEL = 'api/v1/ewayBillCancel/';
let server: Server;
let baseUrl = '';
let calls = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url?.startsWith('/api/v1/token-auth/'))
        return res.end(JSON.stringify({ token: TOKEN }));
      calls++;
      const secret = req.headers.api_key ?? PASSWORD;
      res.end(
        JSON.stringify({
          results: { message: `312: rejected for ${String(secret)}`, status: 'Failed', code: 204 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function unwrapWith(
  credentials: { apiKey: string } | { username: string; password: string },
) {
  const client = createMastersClient({ baseUrl, credentials });
  try {
    const response = await client.mastersFetch.post(CANCEL, { json: {} });
    try {
      unwrapResults(await response.json(), response.status);
    } catch (error) {
      const before = (error as Error).message;
      return { before, redacted: redactResponseError(response, error) };
    }
    throw new Error('expected a NIC error');
  } finally {
    await client.close();
  }
}

describe('redactResponseError', () => {
  it('scrubs the API key a NIC error text echoes, keeping the NIC code', async () => {
    const { redacted } = await unwrapWith({ apiKey: API_KEY });
    expect(redacted).toBeInstanceOf(MastersApiError);
    expect((redacted as MastersApiError).nicCode).toBe('312');
    expect(errorViews(redacted).join('\n')).not.toContain(API_KEY);
  });

  it('scrubs the password in token mode', async () => {
    const { redacted } = await unwrapWith({ username: 'erp@example.test', password: PASSWORD });
    expect(errorViews(redacted).join('\n')).not.toContain(PASSWORD);
    expect((redacted as Error).message).toContain('312: rejected for');
  });

  it('without it the echo stays (the reason it exists)', async () => {
    const { before } = await unwrapWith({ apiKey: API_KEY });
    expect(before).toContain(API_KEY);
  });

  it('passes anything else through unchanged and never throws', () => {
    const foreign = new Response('{}');
    const error = new MastersApiError({ message: `echo ${API_KEY}` });
    expect(redactResponseError(foreign, error)).toBe(error);
    expect(error.message).toContain(API_KEY);
    expect(redactResponseError(foreign, 'text')).toBe('text');
    expect(redactResponseError(null as unknown as Response, error)).toBe(error);
  });

  it('never throws, also for an error it cannot scrub in place', async () => {
    const client = createMastersClient({ baseUrl, credentials: { apiKey: API_KEY } });
    try {
      const response = await client.mastersFetch.post(CANCEL, { json: {} });
      expect(calls).toBeGreaterThan(0);
      const frozen = Object.freeze(new MastersApiError({ message: `echo ${API_KEY}` }));
      const fromFrozen = redactResponseError(response, frozen);
      expect(errorViews(fromFrozen).join('\n')).not.toContain(API_KEY);
      const getter = new MastersApiError({ message: `echo ${API_KEY}` });
      Object.defineProperty(getter, 'detail', {
        enumerable: true,
        get() {
          throw new Error('boom');
        },
      });
      expect(() => redactResponseError(response, getter)).not.toThrow();
      expect(String((redactResponseError(response, getter) as Error).message)).not.toContain(
        API_KEY,
      );
      // redactResponseText: the body with this call's secrets replaced; others' text unchanged.
      expect(redactResponseText(response, `a ${API_KEY} b`)).toBe('a [REDACTED] b');
      expect(redactResponseText(new Response(''), `a ${API_KEY} b`)).toBe(`a ${API_KEY} b`);
    } finally {
      await client.close();
    }
  });
});
