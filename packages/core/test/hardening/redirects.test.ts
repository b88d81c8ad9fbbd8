import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMastersClient } from '../../src/client.js';
import { MastersHttpError, MastersTokenError } from '../../src/errors.js';
import type { MastersClient, MastersClientOptions } from '../../src/types.js';
import { FakeClock } from '../helpers.js';
import { makeJwt, RawServer, sendJson } from './raw-server.js';

const STATUSES = [301, 302, 303, 307, 308] as const;
const PASSWORD = 'Redirect-Pass-7f3a91';
const API_KEY = 'redirect-api-key-5b2c77';
const TOKEN_AUTH = '/api/v1/token-auth/';
const REFRESH = '/api/v1/token-refresh/';
const THING = '/api/v1/thing/';

/**
 * Finding 1: as a result of a redirect, no credential (password, api key, access or refresh token)
 * and no request body ever reaches an origin other than the configured one. "The other origin"
 * is a second raw server that counts what it receives.
 */
describe('hardening: redirects never carry credentials or bodies to another origin', () => {
  const api = new RawServer();
  const other = new RawServer();
  const clients: MastersClient[] = [];
  const issued: string[] = [];
  let redirectTokenAuth: number | undefined;
  let redirectRefresh: number | undefined;
  let redirectThing: number | undefined;

  beforeEach(async () => {
    await api.start();
    await other.start();
    other.handler = (_request, response) => sendJson(response, 200, { token: makeJwt() });
    api.handler = (request, response) => {
      const path = request.url.split('?')[0];
      const elsewhere = `${other.url}/steal/path?secret=query`;
      if (path === TOKEN_AUTH) {
        if (redirectTokenAuth !== undefined) {
          response.writeHead(redirectTokenAuth, { location: elsewhere }).end();
          return;
        }
        const token = makeJwt();
        issued.push(token);
        sendJson(response, 200, { token, refresh_token: `refresh-${issued.length}-9c1e` });
        return;
      }
      if (path === REFRESH && redirectRefresh !== undefined) {
        response.writeHead(redirectRefresh, { location: elsewhere }).end();
        return;
      }
      if (path === THING && redirectThing !== undefined) {
        response.writeHead(redirectThing, { location: elsewhere }).end();
        return;
      }
      if (path === '/api/v1/same/') {
        response.writeHead(302, { location: '/api/v1/final/?step=2' }).end();
        return;
      }
      if (path === '/api/v1/final/') {
        sendJson(response, 200, {
          authorization: request.headers.authorization ?? null,
          apiKey: request.headers.api_key ?? null,
        });
        return;
      }
      response.writeHead(404).end();
    };
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await api.close();
    await other.close();
    api.received.length = 0;
    other.received.length = 0;
    issued.length = 0;
    redirectTokenAuth = redirectRefresh = redirectThing = undefined;
  });

  const client = (options: Partial<MastersClientOptions>): MastersClient => {
    const c = createMastersClient({
      baseUrl: api.url,
      credentials: { username: 'erp-bot', password: PASSWORD },
      ...options,
    } as MastersClientOptions);
    clients.push(c);
    return c;
  };

  /** Nothing at all reached the other origin (and so no credential, token or body). */
  const expectNothingElsewhere = () => {
    expect(other.received).toEqual([]);
  };

  it.each(STATUSES)(
    'token-auth answered %i to another origin: MastersTokenError naming the status and origin, never followed',
    async (status) => {
      redirectTokenAuth = status;
      const c = client({});
      const error = await c.getAccessToken().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MastersTokenError);
      const message = (error as Error).message;
      expect(message).toContain(`HTTP ${status}`);
      expect(message).toContain(other.url);
      expect(message).not.toContain('/steal');
      expect(message).not.toContain('secret=query');
      expect((error as MastersTokenError).status).toBe(status);
      expect(api.count(TOKEN_AUTH)).toBe(1);
      expectNothingElsewhere();
      expect(c.tokenStatus().hasToken).toBe(false);
    },
  );

  it.each(STATUSES)(
    'refresh answered %i to another origin: not followed, the refresh token stays home',
    async (status) => {
      const clock = new FakeClock();
      const warnings: unknown[][] = [];
      const c = client({
        clock,
        refreshPath: REFRESH.slice(1),
        logger: { warn: (...a: unknown[]) => warnings.push(a), error: () => {} },
      });
      await c.getAccessToken();
      redirectRefresh = status;
      clock.advance(86_400_000 - 10_000); // into the hard window: the renewal tries refresh first
      await c.getAccessToken();
      expect(api.count(REFRESH)).toBe(1);
      expect(api.count(TOKEN_AUTH)).toBe(2); // the fallback login, at home
      expectNothingElsewhere();
      const refreshFailure = warnings.find((w) => String(w[1]).includes('refresh failed'));
      const logged = JSON.stringify(refreshFailure?.[0]);
      expect(logged).toContain('MastersTokenError');
      expect(logged).toContain(`HTTP ${status}, a redirect to ${other.url}`);
      expect(logged).not.toContain('/steal');
    },
  );

  for (const mode of ['password', 'apiKey'] as const) {
    it.each(STATUSES)(
      `an API call (${mode} mode) answered %i to another origin fails with MastersHttpError EREDIRECT (GET and POST)`,
      async (status) => {
        redirectThing = status;
        const c = client(mode === 'apiKey' ? { credentials: { apiKey: API_KEY } } : {});
        for (const method of ['get', 'post'] as const) {
          const error = await c.mastersFetch[method](THING.slice(1), {
            ...(method === 'post'
              ? { json: { userGstin: '05AAACG2115R1ZN', docNo: 'INV-1' } }
              : {}),
          }).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(MastersHttpError);
          expect(error).toMatchObject({ status, code: 'EREDIRECT', path: THING });
          expect((error as Error).message).toContain(other.url);
          expect((error as Error).message).not.toContain('secret=query');
        }
        expect(api.count(THING)).toBe(2);
        expectNothingElsewhere();
      },
    );
  }

  it('a caller-given absolute URL on another origin goes out as given, without credentials', async () => {
    const c = client({ credentials: { apiKey: API_KEY } });
    await c.mastersFetch.get(new URL(`${other.url}/pdf/1`)).json();
    expect(other.received).toHaveLength(1);
    expect(other.received[0]?.headers.api_key).toBeUndefined();
    expect(other.received[0]?.headers.authorization).toBeUndefined();
  });

  it('follows a same-origin redirect of a GET with the credentials stamped again; refuses it for a POST', async () => {
    const c = client({});
    const token = await c.getAccessToken();
    const body = await c.mastersFetch.get('api/v1/same/').json<{ authorization: string }>();
    expect(body.authorization).toBe(`JWT ${token}`);
    const keyed = client({ credentials: { apiKey: API_KEY } });
    const keyedBody = await keyed.mastersFetch.get('api/v1/same/').json<{ apiKey: string }>();
    expect(keyedBody.apiKey).toBe(API_KEY);
    const error = await c.mastersFetch
      .post('api/v1/same/', { json: { a: 1 } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'MastersHttpError', status: 302, code: 'EREDIRECT' });
    expect(api.received.filter((r) => r.url.startsWith('/api/v1/final/'))).toHaveLength(2);
    expectNothingElsewhere();
  });
});
