import type {
  AdapterOptions,
  MastersClient,
  MastersClientOptions,
  ResolveCredentials as CoreResolveCredentials,
} from '@mastersfetch/core';
import type { Context } from 'koa';

/**
 * Picks the Masters India identity for one request (multi-tenant apps), e.g. from a header. Called
 * at the first read of `ctx.mastersFetch` (never for requests that do not call the API), sync or
 * async; `undefined` uses the client's default `credentials`. A throw or rejection rejects that
 * request's calls with the resolver's own error, which then reaches Koa's error handling
 * (docs/ARCHITECTURE.md §8).
 */
export type ResolveCredentials = CoreResolveCredentials<Context>;

/** Adapter-only options, accepted next to the client options or next to an existing `client`. */
export type MastersKoaAdapterOptions = AdapterOptions<Context>;

/**
 * What `mastersIndia()` and `extendContext()` accept: client options (a new client is created),
 * `{ client }` (an existing one is shared), or a bare {@link MastersClient}; each optionally with
 * `resolveCredentials`.
 */
export type MastersKoaOptions =
  | MastersClient
  | (MastersClientOptions & MastersKoaAdapterOptions)
  | ({ client: MastersClient } & MastersKoaAdapterOptions);
