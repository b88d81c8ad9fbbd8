/**
 * Public types of `@mastersfetch/mock-server` (docs/ARCHITECTURE.md §9 contract: names and shapes
 * are relied on by other packages and their tests).
 *
 * @packageDocumentation
 */

/**
 * A login the mock accepts on `POST /api/v1/token-auth/`.
 *
 * Each user owns one or more GSTINs: e-way calls whose `userGstin` / `gstin` is not in this list are
 * rejected the way the real API rejects a GSTIN "not mapped with logged-in user"
 * (https://docs.mastersindia.co/eway/authentication).
 */
export interface MockUser {
  /** The portal login, usually an e-mail address (the JWT `username` claim). */
  username: string;
  /** Plain-text password (test fixture only; never logged, never printed by the CLI). */
  password: string;
  /** 15-character GSTINs mapped to this login. */
  gstins: string[];
  /** The JWT `email` claim; defaults to `username`. */
  email?: string;
}

/** An API key accepted in the `api_key` header; it acts as `username` (https://docs.mastersindia.co/eway/authentication/api-key). */
export interface MockApiKey {
  /** The key exactly as sent in the `api_key` header (no prefix). */
  key: string;
  /** The user the key acts as (must be in `users`, unless `acceptAnyUser` is set). */
  username: string;
}

/** Options of {@link startMockServer}. Every field is optional. */
export interface MockServerOptions {
  /** TCP port; `0` (default) picks any free port. */
  port?: number;
  /** Interface to bind; default `'127.0.0.1'`. */
  host?: string;
  /** Accepted logins; default {@link DEMO_USERS}. */
  users?: MockUser[];
  /** API keys accepted in the `api_key` header; each acts as its user. Default: none. */
  apiKeys?: MockApiKey[];
  /** When true, any non-empty username/password logs in (bulk tenant tests); GSTINs are then unchecked. Default false. */
  acceptAnyUser?: boolean;
  /**
   * Access-token lifetime in seconds (`exp - orig_iat`); default 86 400 (24 h, as documented). In
   * refresh mode the pair follows the v2 layout (`token_type`, `jti`, `refresh_jti`, no `orig_iat`;
   * https://masters-india-1.gitbook.io/ksa-e-invoicing-api/authentication/access-tokens).
   */
  tokenLifetimeSec?: number;
  /**
   * Path of the optional refresh endpoint, e.g. `'/api/v2/api-token-refresh/'`; `false` (default)
   * disables it. When set, token-auth also returns `refresh_token`.
   */
  refreshPath?: string | false;
  /** Refresh-token lifetime in seconds; default 2 592 000 (30 days). */
  refreshLifetimeSec?: number;
  /** Server clock = our clock + this offset in ms (moves JWT times and the `Date` header). Default 0. */
  clockOffsetMs?: number;
  /**
   * Start the mock's clock at this instant (a `Date`, an ISO-8601 string such as
   * `'2025-03-05T10:00:00+05:30'`, or epoch ms); it then ticks in real time. Default: now.
   * See {@link MockServer.clock}.
   */
  startTime?: Date | string | number;
  /**
   * PDF links (`url`) with the `http://` scheme. Default false: like production, the mock prints
   * them without a scheme (`127.0.0.1:4010/api/v1/detailPrintPdf/…/`, docs/ARCHITECTURE.md §13).
   */
  pdfUrlScheme?: boolean;
  /** Largest accepted request body in bytes; larger bodies get HTTP 413. Default 1 048 576 (1 MiB). */
  maxBodyBytes?: number;
}

/** Counters returned by {@link MockServer.stats}. Every request received is counted in `byPath`. */
export interface MockStats {
  /** Successful token-auth calls (HTTP 200 with a token). */
  logins: number;
  /** token-auth calls answered 206 (bad credentials) or 400 (missing fields). */
  failedLogins: number;
  /** Successful refresh calls (HTTP 200 with a new pair). */
  refreshes: number;
  /** Responses with HTTP 401 (missing, malformed, expired, revoked or `Bearer` credentials). */
  unauthorized: number;
  /** Requests to any path other than token-auth and the refresh path (including 401s and faults). */
  apiCalls: number;
  /** Requests per exact pathname (e.g. `'/api/v1/token-auth/'`), whatever the outcome. */
  byPath: Record<string, number>;
}

/** One entry of {@link MockServer.requests}, in arrival order. */
export interface MockRequestRecord {
  /** Epoch ms (our clock, not the offset server clock) when the request arrived. */
  at: number;
  /** HTTP method, upper case. */
  method: string;
  /** Exact pathname, without the query string. */
  path: string;
  /** The authenticated user (JWT or `api_key`), or the username a token-auth request named (also when it failed with 206). */
  username?: string;
  /**
   * Per user, the 1-based index of the login or refresh that first issued the presented token
   * string (identical strings issued within one second share it). Unset for `api_key` calls.
   */
  tokenGeneration?: number;
  /** Hex SHA-256 of the request body, when it had one. */
  bodySha256?: string;
  /** HTTP status sent; `0` when a fault dropped the connection. */
  status: number;
  /**
   * With an `after: true` fault: the status the handler produced before the fault acted (so a test
   * can tell that the operation took effect although `status` is `0`).
   */
  handledStatus?: number;
}

/**
 * A fault injected with {@link MockServer.fault}. It matches requests by exact pathname (and method
 * when given) and applies to token-auth too.
 *
 * By default it acts **before** the handler (the operation does not happen). With `after: true` the
 * request is handled normally first (an e-way bill is generated, a login counts, state changes) and
 * the fault then acts on the answer: `dropConnection` destroys the socket instead of answering,
 * `delayMs` holds the answer back (e.g. past the client's timeout), `status`/`body` replace it.
 *
 * @example
 * ```ts
 * // The bill is generated, but the client never hears about it (exactly-once tests):
 * mock.fault({ path: '/api/v1/ewayBillsGenerate/', method: 'POST', after: true, dropConnection: true, times: 1 });
 * // The bill is generated and the answer arrives after 30 s:
 * mock.fault({ path: '/api/v1/ewayBillsGenerate/', method: 'POST', after: true, delayMs: 30_000, times: 1 });
 * ```
 */
export interface MockFaultRule {
  /** Exact pathname, e.g. `'/api/v1/ewayBillsGenerate/'`. */
  path: string;
  /** HTTP method to match (case-insensitive); any method when omitted. */
  method?: string;
  /** How many matching requests the fault applies to; unlimited when omitted. */
  times?: number;
  /** Delay in ms before the fault acts (or before normal handling when nothing else is set). */
  delayMs?: number;
  /** HTTP status to answer with (default 500 when `body` is set without a status). */
  status?: number;
  /** Response body: a string is sent as is (HTML when it starts with `<`), anything else as JSON. */
  body?: unknown;
  /** Extra response headers, e.g. `{ 'retry-after': '2' }`. */
  headers?: Record<string, string>;
  /** Destroy the socket instead of answering (the client sees a network error). */
  dropConnection?: boolean;
  /**
   * Act after the handler instead of before it: the operation takes effect, then the answer is
   * dropped (`dropConnection`), delayed (`delayMs`) or replaced (`status` / `body`). Default false.
   */
  after?: boolean;
}

/**
 * The mock's clock ({@link MockServer.clock}). It drives everything the mock prints or checks: JWT
 * `orig_iat`/`exp`, the `Date` header, e-way bill dates and validity, and every time window. It
 * ticks in real time from wherever it was set; `clockOffsetMs` is applied on top of it.
 */
export interface MockClock {
  /** Current mock time (before `clockOffsetMs`), epoch ms. */
  now(): number;
  /** Move the clock forward (or back, with a negative value) by `ms` milliseconds. */
  advance(ms: number): void;
  /** Jump to this instant (`Date`, ISO-8601 string, or epoch ms). @throws TypeError when invalid. */
  set(date: Date | string | number): void;
}

/** Handle returned by {@link MockServer.fault}. */
export interface MockFaultHandle {
  /** Deactivate the fault (idempotent). */
  remove(): void;
}

/** A running mock server, returned by {@link startMockServer}. */
export interface MockServer {
  /** Base URL such as `'http://127.0.0.1:41234'`, without a trailing slash. */
  url: string;
  /** The bound port. */
  port: number;
  /** Stop listening and end every connection, including idle keep-alive ones. */
  close(): Promise<void>;
  /** A snapshot of the counters. */
  stats(): MockStats;
  /** A copy of the request log (the most recent 100 000 requests). */
  requests(): MockRequestRecord[];
  /** Forget all state: e-way bills, issued tokens (signing keys rotate), counters, request log and faults. */
  reset(): void;
  /** The mock's controllable clock; see {@link MockClock}. `reset()` does not move it. */
  clock: MockClock;
  /** Inject a fault; see {@link MockFaultRule}. */
  fault(rule: MockFaultRule): MockFaultHandle;
  /**
   * Rotate the signing key of `username` (of every user when omitted): every token issued before
   * gets 401 from now on, so clients must log in again.
   */
  revokeTokens(username?: string): void;
}
