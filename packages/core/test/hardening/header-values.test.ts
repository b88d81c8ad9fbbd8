import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMastersClient } from '../../src/client.js';
import { MastersConfigError, MastersTokenError } from '../../src/errors.js';
import type { MastersClient, MastersClientOptions } from '../../src/types.js';
import { makeJwt, RawServer, sendJson } from './raw-server.js';

const TOKEN_AUTH = '/api/v1/token-auth/';

/**
 * Finding 6: values that cannot be a header are rejected where they enter, with a typed error that
 * never quotes them: a token at login (`MastersTokenError`, nothing cached), an api key or a
 * username at construction and in `forCredentials` (`MastersConfigError` naming the field).
 */
describe('hardening: values that cannot be a header', () => {
  const server = new RawServer();
  const clients: MastersClient[] = [];
  let nextToken: () => string = () => makeJwt();

  beforeEach(async () => {
    await server.start();
    server.handler = (request, response) => {
      if (request.url === TOKEN_AUTH) sendJson(response, 200, { token: nextToken() });
      else sendJson(response, 200, { results: { status: 'Success' } });
    };
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server.close();
    server.received.length = 0;
    nextToken = () => makeJwt();
  });

  const client = (options: Partial<MastersClientOptions> = {}): MastersClient => {
    const c = createMastersClient({
      baseUrl: server.url,
      credentials: { username: 'erp-bot', password: 'Header-Pass-8e21' },
      ...options,
    } as MastersClientOptions);
    clients.push(c);
    return c;
  };

  it.each([
    ['CR LF', '\r\nX-Injected: 1'],
    ['NUL', '\u0000'],
    ['a non-Latin-1 character', '\u20ac'],
  ])(
    'a token containing %s is rejected at login: MastersTokenError, nothing cached',
    async (_name, bad) => {
      nextToken = () => {
        const [head, payload, signature] = makeJwt().split('.');
        return `${head}.${payload}.${signature}${bad}tail`;
      };
      const c = client();
      const error = await c.mastersFetch.get('api/v1/thing/').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MastersTokenError);
      expect((error as Error).message).toContain('cannot be sent in a header');
      for (const text of [
        (error as Error).message,
        inspect(error, { depth: 10 }),
        JSON.stringify(error),
      ]) {
        expect(text).not.toContain('tail');
      }
      expect(c.tokenStatus().hasToken).toBe(false);
      // No API call went out with it.
      expect(server.received.filter((r) => r.url !== TOKEN_AUTH)).toEqual([]);
    },
  );

  it.each([
    ['apiKey', { apiKey: 'key-\u00e9-5b2c' }, 'credentials.apiKey'],
    ['apiKey', { apiKey: 'key-\u20ac-5b2c' }, 'credentials.apiKey'],
    ['apiKey', { apiKey: 'key-\r\n-5b2c' }, 'credentials.apiKey'],
    ['username', { username: 'erp\r\nbot', password: 'p-3f1' }, 'credentials.username'],
    ['username', { username: 'erp\u0000bot', password: 'p-3f1' }, 'credentials.username'],
  ])(
    'a bad %s is rejected at construction and in forCredentials, naming the field',
    (_name, credentials, field) => {
      const errors: unknown[] = [];
      try {
        createMastersClient({ baseUrl: server.url, credentials } as MastersClientOptions);
      } catch (error) {
        errors.push(error);
      }
      const c = client({ credentials: undefined });
      try {
        c.forCredentials(credentials as never);
      } catch (error) {
        errors.push(error);
      }
      expect(errors).toHaveLength(2);
      for (const error of errors) {
        expect(error).toBeInstanceOf(MastersConfigError);
        expect((error as MastersConfigError).option).toBe(field);
        expect((error as Error).message).not.toContain('5b2c');
        expect((error as Error).message).not.toContain('erp');
      }
    },
  );

  it('a bad api key from a forCredentials function rejects the call with MastersConfigError, never a raw TypeError', async () => {
    const c = client({ credentials: undefined });
    const error = await c
      .forCredentials(async () => ({ apiKey: 'key-\u20ac-5b2c' }))
      .get('api/v1/thing/')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MastersConfigError);
    expect((error as MastersConfigError).option).toBe('credentials.apiKey');
    expect(server.received).toEqual([]);
  });
});
