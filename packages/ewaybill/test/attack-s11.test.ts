import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMastersClient, MastersValidationError } from '@mastersfetch/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EwayBillApiError, EwayBillOutcomeUnknownError, ewayBills } from '../src/index.js';
import { generateResponseSchema } from '../src/schemas/responses.js';
import { readUsualGenerateAnswer } from '../src/usual-answer.js';
import { generateBody, REFERENCE_GENERATE_ANSWER } from './helpers.js';

// Attack session s11: generate's answer read without zod (src/usual-answer.ts) and send() in
// src/call.ts. Contract: readUsualGenerateAnswer(p) deep-equals generateResponseSchema.parse(p)
// (same keys, same order) or is undefined; it never throws and never accepts what zod rejects.

const USUAL = REFERENCE_GENERATE_ANSWER;

/** Throws when the fast path answered something the schema would not (undefined = declined). */
function expectContract(payload: unknown): boolean {
  const usual = readUsualGenerateAnswer(payload);
  if (usual === undefined) return false;
  const parsed = generateResponseSchema.safeParse(payload);
  expect(parsed.success, 'zod rejects what the fast path accepted').toBe(true);
  expect(usual).toStrictEqual(parsed.data);
  expect(Object.keys(usual)).toEqual(Object.keys(parsed.data!));
  return true;
}

describe('contract: crafted (non-JSON) payloads', () => {
  // Found by the s11 attack (not reachable from JSON.parse): an array re-prototyped to
  // Object.prototype, which zod rejects, must not be read as a bill. Arrays are refused.
  it('an array re-prototyped to Object.prototype is not accepted when zod rejects it', () => {
    const payload = Object.setPrototypeOf(Object.assign([], USUAL), Object.prototype) as object;
    expect(generateResponseSchema.safeParse(payload).success).toBe(false);
    expect(readUsualGenerateAnswer(payload)).toBeUndefined();
  });

  // The same for a Proxy of an array whose getPrototypeOf trap answers Object.prototype.
  it('a Proxy of an array claiming Object.prototype is not accepted', () => {
    const target = Object.assign([], USUAL);
    const payload = new Proxy(target, { getPrototypeOf: () => Object.prototype });
    expect(generateResponseSchema.safeParse(payload).success).toBe(false);
    expect(readUsualGenerateAnswer(payload)).toBeUndefined();
  });

  // The keys are walked as zod's loose object walks them (for...in): a non-enumerable field plus
  // an extra enumerable key must not make a six-key answer that drops the extra key.
  it('a non-enumerable field plus an extra enumerable key does not hide the extra key', () => {
    const { error, ...rest } = USUAL;
    const payload = { ...rest, requestId: 'ERP/1' };
    Object.defineProperty(payload, 'error', { value: error, enumerable: false });
    expectContract(payload);
  });

  // A key inherited from a polluted Object.prototype: zod's for...in sees it, so the fast path
  // declines and both readings agree.
  it('an enumerable key on Object.prototype: both readings agree', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.polluted = 'x';
    try {
      expectContract({ ...USUAL });
    } finally {
      delete proto.polluted;
    }
  });

  // A getter that throws throws from both readings alike (send() only ever sees JSON.parse output).
  it('a throwing getter throws as it does in zod', () => {
    const payload = { ...USUAL };
    Object.defineProperty(payload, 'alert', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(() => readUsualGenerateAnswer(payload)).toThrow('boom');
    expect(() => generateResponseSchema.parse(payload)).toThrow('boom');
  });

  it('declines or agrees on boxed values, BigInt, symbols, frozen, null-prototype and class objects', () => {
    const payloads: unknown[] = [
      { ...USUAL, ewayBillNo: new Number(351000000001) },
      { ...USUAL, ewayBillNo: new String('351000000001') },
      { ...USUAL, ewayBillNo: 351000000001n },
      { ...USUAL, error: new Boolean(false) },
      { ...USUAL, url: { toString: () => 'x', valueOf: () => 'x' } },
      Object.assign({ ...USUAL }, { [Symbol('s')]: 1 }),
      Object.defineProperty({ ...USUAL }, 'hidden', { value: 1, enumerable: false }),
      Object.freeze({ ...USUAL }),
      new Proxy({ ...USUAL }, {}),
      JSON.parse(`{"__proto__":{"x":1},${JSON.stringify(USUAL).slice(1)}`),
      JSON.parse(`{"ewayBillNo":1,"ewayBillNo":"2",${JSON.stringify(USUAL).slice(1)}`),
    ];
    const taken = payloads.filter(expectContract).length;
    expect(taken).toBeGreaterThan(0);
  });
});

describe('contract: odd values of the usual fields', () => {
  const ws = ['\u00a0', '\u2028', '\ufeff', '\u180e', '\u200b', '\u3000', '\t', '\r\n'];
  const numbers = [-0, 0, -1, 1.5, 1e21, 5e-324, Number.MAX_SAFE_INTEGER + 2, -351000000001];
  // 12/24-hour, 00 and 12 AM/PM, leap days, years 0000-0099, lower case, extra spaces, BOM,
  // NBSP, full-width and Arabic-Indic digits, 100k characters (';'-separated to stay short).
  const dates = [
    ...(
      '29/02/2024 12:00:00 AM;29/02/2025 12:00:00 AM;29/02/2000 12:00:00 pm;' +
      '29/02/1900 01:00:00 PM;01/01/0000 12:00:00 AM;01/01/0099 00:00:00;31/12/9999 23:59:59;' +
      '05/03/2025 00:00:00 AM;05/03/2025 13:00:00 PM;05/03/2025  11:20:00 AM;5/3/2025 1:20 pm;' +
      '05/03/2025 11:20:00am;05/03/2025 24:00:00;2025-03-05T11:20:00;\u00a005/03/2025 11:20:00 AM;' +
      '\ufeff05/03/2025 11:20:00 AM;05/03/2025 11:20:00 ＡＭ;٠٥/٠٣/٢٠٢٥ 11:20:00 AM;; '
    ).split(';'),
    'x'.repeat(100_000),
  ];
  const urls = (
    'HTTPS://x.co/a;ftp://x.co/a;javascript:alert(1);///x.co;\u00a0//x.co\u00a0;   ;\u2028;' +
    'data:text/html,<b>;Https://x;1http://x'
  ).split(';');
  it('every variant agrees with zod or is declined', () => {
    const payloads: unknown[] = [];
    for (const n of numbers) payloads.push({ ...USUAL, ewayBillNo: n });
    for (const w of ws) {
      payloads.push({ ...USUAL, ewayBillNo: `${w}351000000001${w}` }, { ...USUAL, ewayBillNo: w });
      payloads.push({ ...USUAL, url: `${w}x.co/a${w}` }, { ...USUAL, alert: w });
    }
    for (const d of dates) payloads.push({ ...USUAL, ewayBillDate: d }, { ...USUAL, validUpto: d });
    for (const u of urls) payloads.push({ ...USUAL, url: u });
    expect(payloads.filter(expectContract).length).toBe(payloads.length);
  });

  // A link with another scheme than http(s) (`javascript://x%0aalert(1)`: a comment, a newline,
  // then script) is not a PDF link an app may render: it reads as '' on both paths.
  it('a javascript:// link is not handed back as the PDF url', () => {
    const payload = { ...USUAL, url: 'javascript://x%0aalert(document.cookie)' };
    expect(generateResponseSchema.parse(payload).url).toMatch(/^(https?:\/\/|$)/i);
    expect(readUsualGenerateAnswer(payload)?.url).toMatch(/^(https?:\/\/|$)/i);
  });

  it('returns a fresh object and fresh Dates each time', () => {
    const first = readUsualGenerateAnswer({ ...USUAL })!;
    first.ewayBillDate.date!.setTime(0);
    first.ewayBillDate.text = 'mutated';
    (first as Record<string, unknown>).extra = 1;
    const second = readUsualGenerateAnswer({ ...USUAL })!;
    expect(second).toStrictEqual(generateResponseSchema.parse(USUAL));
    expect(second.validUpto.date).not.toBe(first.validUpto.date);
  });
});

// ---------------------------------------------------------------------------------------------
// End to end: a raw node:http server with token-auth and generate.

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const NOW_S = Math.floor(Date.now() / 1000);
/** An unsigned JWT with the v1 claims (core decodes, never verifies). */
const TOKEN = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ exp: NOW_S + 86_400, orig_iat: NOW_S })}.S3CRETsig9f8e7d6c`;
const PASSWORD = 'pw-S3CRET-0a1b2c3d4e5f';
let answer: (res: ServerResponse, req: IncomingMessage) => void = () => {};
let server: ReturnType<typeof createServer>;
let baseUrl = '';

const send = (res: ServerResponse, body: unknown, status = 200, raw = false): void => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(raw ? (body as string) : JSON.stringify(body));
};
const envelope = (message: unknown) => ({ results: { message, status: 'Success', code: 200 } });

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url?.startsWith('/api/v1/token-auth/')) return send(res, { token: TOKEN });
      if (req.url?.startsWith('/api/v1/ewayBillsGenerate/')) return answer(res, req);
      // the by-document look-up of a recovery: NIC 418 "No record found."
      send(res, { results: { message: '418: No record found.', code: 204, nic_code: '418' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function generateWith(reply: (res: ServerResponse) => void) {
  answer = reply;
  const client = createMastersClient({
    baseUrl,
    credentials: { username: 'user@ewaybill.test', password: PASSWORD },
  });
  try {
    return await ewayBills(client)
      .generate(generateBody())
      .then(
        (bill) => ({ bill, error: undefined }),
        (error: unknown) => ({ bill: undefined, error }),
      );
  } finally {
    await client.close();
  }
}

describe('generate end to end with unusual answers', () => {
  const messages: unknown[] = [
    USUAL,
    Object.fromEntries(Object.entries(USUAL).reverse()),
    { ...USUAL, ewayBillNo: ' 51000000001 ', url: 'HTTPS://x.co/p.pdf' },
    { ...USUAL, ewayBillNo: -0, validUpto: '29/02/2025 12:00:00 AM' },
    { ...USUAL, ewayBillNo: 1e21 },
    { ...USUAL, alert: null, url: null, requestId: 'ERP/1' },
    { ...USUAL, outcome: 'existing' },
    { ...USUAL, error: 'false' },
    { ...USUAL, error: 0 },
    { ...USUAL, ewayBillNo: true },
    { ...USUAL, ewayBillDate: 20250305 },
    [USUAL],
    'ok',
    12,
    true,
  ];
  it.each(messages.map((m, i) => [i, m]))(
    'answer %i: zod result with outcome created, or a typed error',
    async (_i, message) => {
      const { bill, error } = await generateWith((res) => send(res, envelope(message)));
      const parsed = generateResponseSchema.safeParse(message);
      if (parsed.success) {
        expect(error).toBeUndefined();
        expect(bill).toStrictEqual({ ...parsed.data, outcome: 'created' });
        expect(Object.getPrototypeOf(bill)).toBe(Object.prototype);
      } else {
        expect(error).toSatisfy(
          (e) => e instanceof EwayBillApiError || e instanceof EwayBillOutcomeUnknownError,
        );
      }
    },
  );

  it('a "__proto__" key in the answer does not become the prototype of the bill', async () => {
    const text = `{"results":{"status":"Success","code":200,"message":{"__proto__":{"outcome":"existing","isAdmin":true},${JSON.stringify(USUAL).slice(1)}}}`;
    const { bill, error } = await generateWith((res) => send(res, text, 200, true));
    expect(error).toBeUndefined();
    expect(Object.getPrototypeOf(bill)).toBe(Object.prototype);
    expect((bill as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(bill!.outcome).toBe('created');
  });

  it('a huge or deeply nested answer is a typed error, not a crash', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const { error } = await generateWith((res) =>
      send(res, `{"results":{"status":"Success","code":200,"message":${deep}}}`, 200, true),
    );
    expect(error).toSatisfy(
      (e) => e instanceof EwayBillApiError || e instanceof EwayBillOutcomeUnknownError,
    );
  });

  // An answer that echoes a secret: errors made from answers are scrubbed with the call's
  // credential (core's redactResponseError), not only of the generic shapes (JWT-like tokens).
  const failed = (message: string) => ({ results: { message, status: 'Failed', code: 401 } });
  const echoes: [string, string, (res: ServerResponse) => void][] = [
    ['token in an error envelope', TOKEN, (res) => send(res, failed(`Invalid session ${TOKEN}`))],
    ['password in an error envelope', PASSWORD, (res) => send(res, failed(`Bad pw ${PASSWORD}`))],
    ['password in a non-JSON 200 body', PASSWORD, (res) => send(res, `<p>${PASSWORD}`, 200, true)],
    ['password in a 400 body', PASSWORD, (res) => send(res, `<p>${PASSWORD}`, 400, true)],
  ];
  it.each(echoes)(
    'an answer echoing the %s does not put it in the error',
    async (_n, secret, reply) => {
      const { error } = await generateWith(reply);
      expect(error).toBeInstanceOf(Error);
      const e = error as EwayBillApiError & { cause?: Error };
      const seen = [e.message, e.stack, JSON.stringify(e.toJSON?.() ?? e), e.cause?.message];
      expect(seen.join('\n')).not.toContain(secret);
    },
  );

  it('an unexpected payload error names fields, not values, and never the secrets', async () => {
    const { error } = await generateWith((res) =>
      send(res, envelope({ ...USUAL, ewayBillNo: [TOKEN], url: { PASSWORD }, [TOKEN]: PASSWORD })),
    );
    expect(error).toBeInstanceOf(EwayBillOutcomeUnknownError);
    const e = error as EwayBillOutcomeUnknownError & { cause?: Error };
    const seen = [e.message, e.stack ?? '', e.cause?.message ?? '', JSON.stringify(e)].join('\n');
    expect(seen).not.toContain(TOKEN);
    expect(seen).not.toContain(PASSWORD);
  });
});

describe('secrets echoed by answers, in API-key mode and in bulk results; PDF links', () => {
  const API_KEY = 'key-S3CRET-9z8y7x6w5v4u';

  let fetched = 0;
  async function withApiKeyClient<T>(run: (eb: ReturnType<typeof ewayBills>) => Promise<T>) {
    const client = createMastersClient({
      baseUrl,
      credentials: { apiKey: API_KEY },
      // Counts every attempt, whatever its URL (a PDF link may point anywhere).
      fetch: (input, init) => {
        fetched++;
        return globalThis.fetch(input, init);
      },
    });
    try {
      return await run(ewayBills(client));
    } finally {
      await client.close();
    }
  }
  const textOf = (error: unknown): string => {
    const e = error as Error & { toJSON?: () => unknown; cause?: Error };
    return [e.message, e.stack, JSON.stringify(e.toJSON?.() ?? e), e.cause?.message].join('\n');
  };

  it('an error envelope that echoes the API key does not put it in the error', async () => {
    answer = (res) =>
      send(res, {
        results: { message: `Invalid api_key ${API_KEY}`, status: 'Failed', code: 401 },
      });
    const error = await withApiKeyClient((eb) => eb.generate(generateBody())).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(textOf(error)).not.toContain(API_KEY);
  });

  it('a failed bulk item that echoes the API key does not put it in its error', async () => {
    const previous = server.listeners('request');
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      send(res, {
        results: [
          { message: `Invalid api_key ${API_KEY}`, status: 'Failed', code: 401, docNo: 'D1' },
        ],
      });
    });
    try {
      const result = await withApiKeyClient((eb) =>
        eb.getBulkResult({ request_id: 'ERP1741153800_D1' } as never),
      );
      expect(result.status).toBe('done');
      const item = result.status === 'done' ? result.items[0] : undefined;
      expect(item?.status).toBe('failed');
      expect(textOf(item?.status === 'failed' ? item.error : undefined)).not.toContain(API_KEY);
    } finally {
      server.removeAllListeners('request');
      for (const listener of previous) server.on('request', listener as never);
    }
  });

  it.each(['', '   ', 'javascript://x%0aalert(1)', 'ftp://host/x.pdf'])(
    'downloadPdf(%j) is a MastersValidationError naming url, nothing sent',
    async (url) => {
      fetched = 0;
      const error = await withApiKeyClient((eb) => eb.downloadPdf(url)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MastersValidationError);
      expect((error as MastersValidationError).fields?.[0]?.path).toBe('url');
      expect(fetched).toBe(0);
    },
  );
});

describe('a generate answered with a body that has no readable envelope', () => {
  it('is an outcome-unknown error that says an answer came, not a network error', async () => {
    const { error } = await generateWith((res) => send(res, '<html>gateway</html>', 200, true));
    expect(error).toBeInstanceOf(EwayBillOutcomeUnknownError);
    const message = (error as Error).message;
    expect(message).toContain('an answer that could not be read');
    expect(message).not.toContain('network error');
  });
});

describe('a secret cut by the quoted start of a non-JSON answer', () => {
  it('leaves no piece of it in the error', async () => {
    // core quotes the first 200 characters of a non-JSON body: the secret spans 190-212.
    const body = `${'x'.repeat(190)}${PASSWORD}${'y'.repeat(40)}`;
    const { error } = await generateWith((res) => send(res, body, 200, true));
    expect(error).toBeInstanceOf(EwayBillOutcomeUnknownError);
    const e = error as Error & { cause?: Error };
    const seen = [e.message, e.stack, e.cause?.message, e.cause?.stack].join('\n');
    expect(seen).not.toContain(PASSWORD.slice(0, 8));
    expect(e.cause?.message).toContain('[REDACTED]');
  });
});
