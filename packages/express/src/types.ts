import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  MastersClient,
  MastersClientOptions,
  MastersFetch,
  ResolveCredentials as CoreResolveCredentials,
} from '@mastersfetch/core';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /**
       * The authenticated Masters India client for this request, set by `mastersIndia()`: a ky
       * instance with the base URL as `prefixUrl`. Its token wait is aborted when the client of
       * this request disconnects.
       */
      mastersFetch: MastersFetch;
    }
  }
}

/**
 * The request as the adapter sees it: Node's `IncomingMessage` plus the global `Express.Request`
 * (structural, so the same middleware fits Express 4 and Express 5 apps).
 */
export type MastersRequest = IncomingMessage & Express.Request;

/** Express's `next`: call with an error to reach the error middleware. */
export type MastersNext = (err?: unknown) => void;

/**
 * Picks the credentials of one request (multi-tenant apps), e.g. from a header. Called at the
 * first read of `req.mastersFetch` (never for requests that do not call the API), sync or async;
 * `undefined` means "use the client's default `credentials`". A throw or rejection rejects that
 * request's calls with the resolver's own error (docs/ARCHITECTURE.md §8).
 */
export type ResolveCredentials = CoreResolveCredentials<MastersRequest>;

/** Options that only the Express adapter knows about. */
export interface MastersIndiaAdapterOptions {
  /** Per-request credentials; see {@link ResolveCredentials}. */
  resolveCredentials?: ResolveCredentials;
}

/** Options of `mastersIndia(options)`: the core's client options plus the adapter's. */
export type MastersIndiaOptions = MastersClientOptions & MastersIndiaAdapterOptions;

/** The middleware returned by `mastersIndia()`, carrying its client as `.client`. */
export interface MastersIndiaMiddleware {
  (req: MastersRequest, res: ServerResponse, next: MastersNext): void;
  /** The client behind the middleware (for `warmUp()`, `tokenStatus()`, `close()`, ...). */
  readonly client: MastersClient;
}

/** The error middleware returned by `mastersErrorHandler()` (four parameters, as Express requires). */
export type MastersErrorMiddleware = (
  err: unknown,
  req: MastersRequest,
  res: ServerResponse,
  next: MastersNext,
) => void;
