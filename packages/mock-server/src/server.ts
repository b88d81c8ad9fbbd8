import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './body.js';
import { ControllableClock } from './clock.js';
import { DEMO_USERS } from './demo-users.js';
import { EwayBillStore } from './eway-bills.js';
import { handleEway, ROUTES, type EwayDeps } from './eway-router.js';
import { FaultRegistry } from './faults.js';
import { JSON_HEADERS, Responder, type RequestContext } from './http.js';
import { StatsRecorder } from './stats.js';
import { login, refresh, type TokenAuthDeps } from './token-auth.js';
import { TokenAuthority } from './tokens.js';
import type { MockServer, MockServerOptions, MockUser } from './types.js';

/** `POST {{API_URL}}/api/v1/token-auth/` (https://docs.mastersindia.co/eway/authentication/access-tokens). */
export const TOKEN_AUTH_PATH = '/api/v1/token-auth/';
const PDF_PATH_PREFIX = '/api/v1/detailPrintPdf/';
const CONSOLIDATED_PDF_PATH_PREFIX = '/api/v1/consolidatePrintPdf/';
const DEFAULT_TOKEN_LIFETIME_SEC = 86_400;
const DEFAULT_REFRESH_LIFETIME_SEC = 2_592_000;
const DEFAULT_MAX_BODY_BYTES = 1_048_576;

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) {
    throw new TypeError(`startMockServer(): \`${name}\` must be a positive integer`);
  }
  return value;
}

/**
 * Start a local simulator of the Masters India e-Way Bill API on loopback
 * (docs/ARCHITECTURE.md §9).
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
  const clock = new ControllableClock(options.startTime);
  const serverNowMs = (): number => clock.now() + clockOffsetMs;
  const http = new Responder(stats, serverNowMs, () => clockOffsetMs !== 0 || clock.shifted);
  let baseUrl = '';
  let closing: Promise<void> | undefined;

  const tokenDeps: TokenAuthDeps = {
    http,
    tokens,
    stats,
    users,
    acceptAnyUser,
    tokenLifetimeSec,
    refreshLifetimeSec: refreshPath === undefined ? undefined : refreshLifetimeSec,
    serverNowMs,
  };
  const ewayDeps: EwayDeps = {
    http,
    tokens,
    apiKeys,
    bills,
    serverNowMs,
    operationContext(username) {
      const gstins = users.get(username)?.gstins;
      return {
        mayActFor: (gstin) => acceptAnyUser || (gstins?.includes(gstin) ?? false),
        nowMs: serverNowMs(),
        baseUrl: options.pdfUrlScheme ? baseUrl : baseUrl.replace(/^http:\/\//, ''),
      };
    },
  };

  function allowedMethod(path: string): string | undefined {
    if (path === TOKEN_AUTH_PATH || path === refreshPath) return 'POST';
    const route = ROUTES[path];
    if (route !== undefined) return route.method;
    if (path.startsWith(PDF_PATH_PREFIX) || path.startsWith(CONSOLIDATED_PDF_PATH_PREFIX)) {
      return 'GET';
    }
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
    if (
      req.headers['content-length'] !== undefined ||
      req.headers['transfer-encoding'] !== undefined
    ) {
      const read = await readBody(req, maxBodyBytes);
      if (!read.ok) {
        return http.sendJson(res, ctx, 413, {
          detail: `Request body too large: the limit is ${maxBodyBytes} bytes.`,
        });
      }
      body = read.body;
      if (body.length > 0) ctx.bodySha256 = createHash('sha256').update(body).digest('hex');
    }

    const rule = faults.take(method, path);
    if (rule?.after) ctx.afterFault = rule;
    else if (rule !== undefined && (await http.applyFault(rule, req, res, ctx))) return;

    const allowed = allowedMethod(path);
    if (allowed === undefined) return http.sendJson(res, ctx, 404, { detail: 'Not found.' });
    if (method !== allowed) {
      return http.sendJson(
        res,
        ctx,
        405,
        { detail: `Method "${method}" not allowed.` },
        { allow: allowed },
      );
    }
    const contentType = req.headers['content-type'];
    if (path === TOKEN_AUTH_PATH) return login(tokenDeps, ctx, res, body, contentType);
    if (path === refreshPath) return refresh(tokenDeps, ctx, res, body, contentType);
    const route = ROUTES[path];
    if (route !== undefined) return handleEway(ewayDeps, route, ctx, req, res, body, query);
    // The real link returned an HTML page in a production dump (docs/ARCHITECTURE.md §13).
    const id = path.slice(path.indexOf('Pdf/') + 4).replace(/\/$/, '');
    http.send(
      res,
      ctx,
      200,
      `<!doctype html><title>e-Way Bill ${id}</title><p>Mock print view ${id}</p>`,
      { 'content-type': 'text/html; charset=utf-8' },
    );
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
        http.clearTimers();
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
