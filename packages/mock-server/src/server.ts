import { createHash } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseFormOrJsonBody, parseJsonBody, readBody } from './body.js';
import { DEMO_USERS } from './demo-users.js';
import { NicError, nicErrorEnvelope, successEnvelope } from './envelopes.js';
import { EwayBillStore, type OperationContext } from './eway-bills.js';
import { ControllableClock } from './clock.js';
import { FaultRegistry } from './faults.js';
import { StatsRecorder } from './stats.js';
import { TokenAuthority } from './tokens.js';
import type {
  MockFaultRule,
  MockRequestRecord,
  MockServer,
  MockServerOptions,
  MockUser,
} from './types.js';

/** `POST {{API_URL}}/api/v1/token-auth/` (https://docs.mastersindia.co/eway/authentication/access-tokens). */
export const TOKEN_AUTH_PATH = '/api/v1/token-auth/';
const GET_EWAY_BILL_DATA_PATH = '/api/v1/getEwayBillData/';
const PDF_PATH_PREFIX = '/api/v1/detailPrintPdf/';
const DEFAULT_TOKEN_LIFETIME_SEC = 86_400;
const DEFAULT_REFRESH_LIFETIME_SEC = 2_592_000;
const DEFAULT_MAX_BODY_BYTES = 1_048_576;
const JSON_HEADERS = { 'content-type': 'application/json' } as const;

/** Texts of djangorestframework / djangorestframework-jwt 401s (reference §2.3: DRF-style `detail`). */
const DETAIL = {
  noCredentials: 'Authentication credentials were not provided.',
  noToken: 'Invalid Authorization header. No credentials provided.',
  spaces: 'Invalid Authorization header. Credentials string should not contain spaces.',
  badSignature: 'Error decoding signature.',
  expired: 'Signature has expired.',
  badApiKey: 'Invalid API key.',
} as const;

type PostOperation = 'generate' | 'cancel' | 'updateVehicle' | 'extendValidity';
const POST_OPERATIONS: Record<string, PostOperation> = {
  '/api/v1/ewayBillsGenerate/': 'generate',
  '/api/v1/ewayBillCancel/': 'cancel',
  '/api/v1/updateVehicleNumber/': 'updateVehicle',
  '/api/v1/ewayBillValidityExtend/': 'extendValidity',
};

interface RequestContext extends MockRequestRecord {
  finished: boolean;
  /** An `after: true` fault to apply to the answer the handler produces. */
  afterFault?: MockFaultRule;
}

type AuthResult =
  | { ok: true; username: string; generation?: number }
  | { ok: false; detail: string; username?: string; generation?: number };

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) {
    throw new TypeError(`startMockServer(): \`${name}\` must be a positive integer`);
  }
  return value;
}

/**
 * Start a local simulator of the Masters India e-Way Bill API on loopback (DESIGN §4).
 *
 * It serves `POST /api/v1/token-auth/` (JSON, urlencoded or multipart; 200 `{"token"}`, 206 for bad
 * credentials, 400 per missing field), the optional refresh endpoint, `Authorization: JWT <token>`
 * or `api_key` authentication (401 `{"detail"}` otherwise), and the e-way operations
 * `ewayBillsGenerate`, `ewayBillCancel`, `updateVehicleNumber`, `ewayBillValidityExtend` and
 * `getEwayBillData` (`GetEwayBill`, `GetGSTINDetails`, `GetEwayBillGeneratedByConsigner`) with the
 * `results` envelopes and NIC errors inside HTTP 200 (https://docs.mastersindia.co/eway/).
 *
 * @param options - see {@link MockServerOptions}; all optional.
 * @returns the running server; always `close()` it.
 * @throws TypeError for invalid options; the listen error when the port is taken.
 * @example
 * ```ts
 * const mock = await startMockServer();
 * const res = await fetch(`${mock.url}/api/v1/token-auth/`, {
 *   method: 'POST',
 *   headers: { 'content-type': 'application/json' },
 *   body: JSON.stringify({ username: DEMO_USERS[0].username, password: DEMO_USERS[0].password }),
 * });
 * const { token } = await res.json(); // HS256 JWT, exp - orig_iat = 86400
 * await mock.close();
 * ```
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const host = options.host ?? '127.0.0.1';
  const tokenLifetimeSec = positiveInteger(
    'tokenLifetimeSec',
    options.tokenLifetimeSec,
    DEFAULT_TOKEN_LIFETIME_SEC,
  );
  const refreshLifetimeSec = positiveInteger(
    'refreshLifetimeSec',
    options.refreshLifetimeSec,
    DEFAULT_REFRESH_LIFETIME_SEC,
  );
  const maxBodyBytes = positiveInteger(
    'maxBodyBytes',
    options.maxBodyBytes,
    DEFAULT_MAX_BODY_BYTES,
  );
  const clockOffsetMs = options.clockOffsetMs ?? 0;
  if (!Number.isFinite(clockOffsetMs)) {
    throw new TypeError('startMockServer(): `clockOffsetMs` must be a finite number');
  }
  const refreshPath = options.refreshPath || undefined;
  if (refreshPath !== undefined && !refreshPath.startsWith('/')) {
    throw new TypeError('startMockServer(): `refreshPath` must start with "/"');
  }
  const acceptAnyUser = options.acceptAnyUser ?? false;
  const users = new Map<string, MockUser>();
  for (const user of options.users ?? DEMO_USERS) {
    users.set(user.username, { ...user, gstins: [...user.gstins] });
  }
  const apiKeys = new Map<string, string>();
  for (const apiKey of options.apiKeys ?? []) {
    if (!acceptAnyUser && !users.has(apiKey.username)) {
      throw new TypeError('startMockServer(): every `apiKeys[].username` must be one of `users`');
    }
    apiKeys.set(apiKey.key, apiKey.username);
  }

  const tokens = new TokenAuthority();
  const bills = new EwayBillStore();
  const faults = new FaultRegistry();
  const stats = new StatsRecorder();
  const timers = new Set<NodeJS.Timeout>();
  let baseUrl = '';
  let closing: Promise<void> | undefined;

  const clock = new ControllableClock(options.startTime);
  const serverNowMs = (): number => clock.now() + clockOffsetMs;

  /** Record the outcome once; false when the request was already answered. */
  function finish(ctx: RequestContext, status: number): boolean {
    if (ctx.finished) return false;
    ctx.finished = true;
    ctx.status = status;
    // Built field by field: an object-rest copy is measurably slower on the benchmark hot path.
    const record: MockRequestRecord = { at: ctx.at, method: ctx.method, path: ctx.path, status };
    if (ctx.username !== undefined) record.username = ctx.username;
    if (ctx.tokenGeneration !== undefined) record.tokenGeneration = ctx.tokenGeneration;
    if (ctx.bodySha256 !== undefined) record.bodySha256 = ctx.bodySha256;
    if (ctx.handledStatus !== undefined) record.handledStatus = ctx.handledStatus;
    stats.record(record);
    return true;
  }

  function send(
    res: ServerResponse,
    ctx: RequestContext,
    status: number,
    payload: string | Buffer,
    headers: OutgoingHttpHeaders = JSON_HEADERS,
  ): void {
    const after = ctx.afterFault;
    if (after !== undefined) {
      ctx.afterFault = undefined;
      ctx.handledStatus = status;
      void applyAfterFault(after, res, ctx, () => send(res, ctx, status, payload, headers));
      return;
    }
    if (!finish(ctx, status)) return;
    if (res.destroyed || res.headersSent) return;
    if (clockOffsetMs !== 0 || clock.shifted)
      res.setHeader('date', new Date(serverNowMs()).toUTCString());
    const length = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
    if (headers === JSON_HEADERS) {
      // Hot path (the same call shape as a bare node:http handler).
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': length });
    } else {
      for (const name in headers) res.setHeader(name, headers[name]!);
      res.setHeader('content-length', length);
      res.writeHead(status);
    }
    res.end(payload);
  }

  const sendJson = (
    res: ServerResponse,
    ctx: RequestContext,
    status: number,
    body: unknown,
    headers?: OutgoingHttpHeaders,
  ): void => send(res, ctx, status, JSON.stringify(body), { ...JSON_HEADERS, ...headers });

  function authenticate(req: IncomingMessage): AuthResult {
    const authorization = req.headers.authorization;
    // djangorestframework-jwt only looks at the `JWT` prefix; any other scheme (e.g. `Bearer`)
    // counts as "no credentials" unless an api_key is present.
    if (authorization !== undefined && /^jwt(\s|$)/i.test(authorization)) {
      const parts =
        authorization.startsWith('JWT ') && authorization.indexOf(' ', 4) === -1
          ? ['JWT', authorization.slice(4)]
          : authorization.trim().split(/\s+/);
      if (parts.length === 1) return { ok: false, detail: DETAIL.noToken };
      if (parts.length > 2) return { ok: false, detail: DETAIL.spaces };
      const check = tokens.check(parts[1]!, 'access', Math.floor(serverNowMs() / 1000));
      if (check.ok) {
        return { ok: true, username: check.token.username, generation: check.token.generation };
      }
      return {
        ok: false,
        detail: check.reason === 'expired' ? DETAIL.expired : DETAIL.badSignature,
        ...(check.token
          ? { username: check.token.username, generation: check.token.generation }
          : {}),
      };
    }
    const apiKey = req.headers.api_key;
    if (typeof apiKey === 'string') {
      const username = apiKeys.get(apiKey);
      return username === undefined
        ? { ok: false, detail: DETAIL.badApiKey }
        : { ok: true, username };
    }
    return { ok: false, detail: DETAIL.noCredentials };
  }

  function operationContext(username: string): OperationContext {
    const gstins = users.get(username)?.gstins;
    return {
      mayActFor: (gstin) => acceptAnyUser || (gstins?.includes(gstin) ?? false),
      nowMs: serverNowMs(),
      baseUrl,
    };
  }

  function delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  }

  /**
   * An `after: true` fault: the handler already ran (its effect is kept); drop, delay or replace
   * its answer (`answer` sends the original one).
   */
  async function applyAfterFault(
    rule: MockFaultRule,
    res: ServerResponse,
    ctx: RequestContext,
    answer: () => void,
  ): Promise<void> {
    if (rule.delayMs !== undefined && rule.delayMs > 0) await delay(rule.delayMs);
    if (res.destroyed) {
      finish(ctx, 0);
      return;
    }
    if (rule.dropConnection) {
      finish(ctx, 0);
      res.socket?.destroy();
      return;
    }
    if (rule.status === undefined && rule.body === undefined) return answer();
    sendFaultAnswer(rule, res, ctx);
  }

  function sendFaultAnswer(rule: MockFaultRule, res: ServerResponse, ctx: RequestContext): void {
    const status = rule.status ?? 500;
    let payload = '';
    let contentType = 'application/json';
    if (typeof rule.body === 'string') {
      payload = rule.body;
      contentType = rule.body.trimStart().startsWith('<')
        ? 'text/html; charset=utf-8'
        : 'text/plain';
    } else if (rule.body !== undefined) {
      payload = JSON.stringify(rule.body);
    } else if (status !== 204 && status !== 304) {
      payload = JSON.stringify({ detail: `Injected fault (HTTP ${status}).` });
    }
    send(res, ctx, status, payload, { 'content-type': contentType, ...rule.headers });
  }

  /** Returns true when the fault answered (or dropped) the request. */
  async function applyFault(
    rule: MockFaultRule,
    req: IncomingMessage,
    res: ServerResponse,
    ctx: RequestContext,
  ): Promise<boolean> {
    if (rule.delayMs !== undefined && rule.delayMs > 0) await delay(rule.delayMs);
    if (res.destroyed) return true;
    if (rule.dropConnection) {
      finish(ctx, 0);
      req.socket.destroy();
      return true;
    }
    if (rule.status === undefined && rule.body === undefined) return false;
    sendFaultAnswer(rule, res, ctx);
    return true;
  }

  async function login(
    ctx: RequestContext,
    res: ServerResponse,
    body: Buffer,
    contentType: string | undefined,
  ): Promise<void> {
    const parsed = await parseFormOrJsonBody(body, contentType);
    if (!parsed.ok) return sendJson(res, ctx, parsed.status, { detail: parsed.detail });
    const { username, password } = parsed.fields;
    const missing: Record<string, string[]> = {};
    if (typeof username !== 'string' || username === '') missing.username = ['missing field'];
    if (typeof password !== 'string' || password === '') missing.password = ['missing field'];
    if (typeof username !== 'string' || typeof password !== 'string' || !username || !password) {
      stats.failedLogins += 1;
      return sendJson(res, ctx, 400, missing);
    }
    const user = users.get(username);
    // Attribute the attempt to the username it named, so tests can tell whose login failed.
    ctx.username = username;
    if (!acceptAnyUser && (user === undefined || user.password !== password)) {
      // The API answers bad credentials with HTTP 206, a 2xx code (reference §2.1).
      stats.failedLogins += 1;
      return sendJson(res, ctx, 206, { error: 'Unable to login with provided credential' });
    }
    const issued = await tokens.issue(
      username,
      user?.email ?? username,
      Math.floor(serverNowMs() / 1000),
      tokenLifetimeSec,
      refreshPath === undefined ? undefined : refreshLifetimeSec,
    );
    stats.logins += 1;
    sendJson(res, ctx, 200, {
      token: issued.token,
      ...(issued.refreshToken !== undefined ? { refresh_token: issued.refreshToken } : {}),
    });
  }

  async function refresh(
    ctx: RequestContext,
    res: ServerResponse,
    body: Buffer,
    contentType: string | undefined,
  ): Promise<void> {
    const parsed = await parseFormOrJsonBody(body, contentType);
    if (!parsed.ok) return sendJson(res, ctx, parsed.status, { detail: parsed.detail });
    const presented = parsed.fields.token;
    if (typeof presented !== 'string' || presented === '') {
      return sendJson(res, ctx, 400, { token: ['missing field'] });
    }
    const nowSec = Math.floor(serverNowMs() / 1000);
    const check = tokens.check(presented, 'refresh', nowSec);
    if (!check.ok) {
      // Documented for the refresh API: 206 for a wrong token, 400 for an expired one (reference §2.4).
      return check.reason === 'expired'
        ? sendJson(res, ctx, 400, { error: 'Refresh token has expired' })
        : sendJson(res, ctx, 206, { error: 'Invalid refresh token' });
    }
    const username = check.token.username;
    tokens.retire(presented);
    const issued = await tokens.issue(
      username,
      users.get(username)?.email ?? username,
      nowSec,
      tokenLifetimeSec,
      refreshLifetimeSec,
    );
    stats.refreshes += 1;
    ctx.username = username;
    sendJson(res, ctx, 200, { token: issued.token, refresh_token: issued.refreshToken });
  }

  function eway(
    ctx: RequestContext,
    res: ServerResponse,
    req: IncomingMessage,
    body: Buffer,
    query: string,
  ): void {
    const auth = authenticate(req);
    if (auth.username !== undefined) ctx.username = auth.username;
    if (auth.generation !== undefined) ctx.tokenGeneration = auth.generation;
    if (!auth.ok) {
      return sendJson(
        res,
        ctx,
        401,
        { detail: auth.detail },
        { 'www-authenticate': 'JWT realm="api"' },
      );
    }
    const opContext = operationContext(auth.username);
    try {
      if (ctx.path === GET_EWAY_BILL_DATA_PATH) {
        const params = new URLSearchParams(query);
        const action = params.get('action');
        if (action === 'GetEwayBill') {
          return send(res, ctx, 200, bills.detailsResponse(params, opContext));
        }
        if (action === 'GetGSTINDetails') {
          return sendJson(res, ctx, 200, successEnvelope(bills.gstinDetails(params, opContext)));
        }
        if (action === 'GetEwayBillGeneratedByConsigner') {
          return sendJson(res, ctx, 200, successEnvelope(bills.byConsigner(params, opContext)));
        }
        return sendJson(res, ctx, 400, {
          detail: `Unsupported action "${action ?? ''}". The mock simulates GetEwayBill, GetGSTINDetails and GetEwayBillGeneratedByConsigner.`,
        });
      }
      const parsed = parseJsonBody(body, req.headers['content-type']);
      if (!parsed.ok) return sendJson(res, ctx, parsed.status, { detail: parsed.detail });
      const operation = POST_OPERATIONS[ctx.path]!;
      if (operation === 'generate') {
        const { message, requestId } = bills.generate(parsed.fields, opContext);
        return sendJson(res, ctx, 200, successEnvelope(message, { requestId }));
      }
      return sendJson(res, ctx, 200, successEnvelope(bills[operation](parsed.fields, opContext)));
    } catch (error) {
      if (error instanceof NicError) {
        return sendJson(res, ctx, 200, nicErrorEnvelope(error.nicCode, error.text));
      }
      throw error;
    }
  }

  function allowedMethod(path: string): string | undefined {
    if (path === TOKEN_AUTH_PATH || path === refreshPath || POST_OPERATIONS[path] !== undefined) {
      return 'POST';
    }
    if (path === GET_EWAY_BILL_DATA_PATH || path.startsWith(PDF_PATH_PREFIX)) return 'GET';
    return undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const queryStart = rawUrl.indexOf('?');
    const path = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
    const query = queryStart === -1 ? '' : rawUrl.slice(queryStart + 1);
    const ctx: RequestContext = { at: Date.now(), method, path, status: 0, finished: false };
    stats.countPath(path);
    const isAuthPath = path === TOKEN_AUTH_PATH || path === refreshPath;
    if (!isAuthPath) stats.apiCalls += 1;

    let body: Buffer = Buffer.alloc(0);
    // Most GETs carry no body: skip the stream round-trip on the hot path.
    if (
      req.headers['content-length'] !== undefined ||
      req.headers['transfer-encoding'] !== undefined
    ) {
      const read = await readBody(req, maxBodyBytes);
      if (!read.ok) {
        return sendJson(res, ctx, 413, {
          detail: `Request body too large: the limit is ${maxBodyBytes} bytes.`,
        });
      }
      body = read.body;
      if (body.length > 0) ctx.bodySha256 = createHash('sha256').update(body).digest('hex');
    }

    const rule = faults.take(method, path);
    if (rule?.after) ctx.afterFault = rule;
    else if (rule !== undefined && (await applyFault(rule, req, res, ctx))) return;

    const allowed = allowedMethod(path);
    if (allowed === undefined) return sendJson(res, ctx, 404, { detail: 'Not found.' });
    if (method !== allowed) {
      return sendJson(
        res,
        ctx,
        405,
        { detail: `Method "${method}" not allowed.` },
        { allow: allowed },
      );
    }
    const contentType = req.headers['content-type'];
    if (path === TOKEN_AUTH_PATH) return login(ctx, res, body, contentType);
    if (path === refreshPath) return refresh(ctx, res, body, contentType);
    if (path.startsWith(PDF_PATH_PREFIX)) {
      // The real link returned an HTML page in a production dump (reference §3.0).
      const id = path.slice(PDF_PATH_PREFIX.length).replace(/\/$/, '');
      return send(
        res,
        ctx,
        200,
        `<!doctype html><title>e-Way Bill ${id}</title><p>Mock print view ${id}</p>`,
        {
          'content-type': 'text/html; charset=utf-8',
        },
      );
    }
    return eway(ctx, res, req, body, query);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // Never crash on a request: answer 500 and keep serving.
      console.error('mastersfetch mock-server: internal error', error);
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, JSON_HEADERS);
        res.end(JSON.stringify({ detail: 'Internal mock server error.' }));
      }
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: baseUrl,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
    stats: () => stats.snapshot(),
    requests: () => stats.list(),
    reset() {
      tokens.clear();
      bills.clear();
      faults.clear();
      stats.clear();
    },
    clock,
    fault: (rule) => faults.add(rule),
    revokeTokens: (username) => tokens.revoke(username),
  };
}
