import {
  assertKnownOptions,
  createMastersClient,
  MASTERS_CLIENT_OPTION_KEYS,
  MastersConfigError,
  type Credentials,
  type MastersClient,
  type MastersClientOptions,
} from '@mastersfetch/core';
import type { Context } from 'koa';

/**
 * Picks the Masters India identity for one request (multi-tenant apps), e.g. from a header.
 * Returning `undefined` uses the client's default `credentials`. A throw (or rejection) reaches
 * Koa's error handling when `ctx.mastersFetch` is read (or used).
 */
export type ResolveCredentials = (
  ctx: Context,
) => Credentials | Promise<Credentials | undefined> | undefined;

/** Adapter-only options, accepted next to the client options or next to an existing `client`. */
export interface MastersKoaAdapterOptions {
  /** Per-request credentials; see {@link ResolveCredentials}. */
  resolveCredentials?: ResolveCredentials;
}

/**
 * What `mastersIndia()` and `extendContext()` accept: client options (a new client is created),
 * `{ client }` (an existing one is shared), or a bare {@link MastersClient}; each optionally with
 * `resolveCredentials`.
 */
export type MastersKoaOptions =
  | MastersClient
  | (MastersClientOptions & MastersKoaAdapterOptions)
  | ({ client: MastersClient } & MastersKoaAdapterOptions);

/** Keys of {@link MastersKoaAdapterOptions}, accepted next to the client's options or `client`. */
const ADAPTER_KEYS = [
  'resolveCredentials',
] as const satisfies readonly (keyof MastersKoaAdapterOptions)[];

function isClient(value: unknown): value is MastersClient {
  const v = value as Partial<MastersClient> | undefined;
  return typeof v?.forCredentials === 'function' && typeof v.getAccessToken === 'function';
}

/** Splits the accepted shapes into one client and the optional resolver. */
export function normalizeOptions(options: MastersKoaOptions): {
  client: MastersClient;
  resolveCredentials: ResolveCredentials | undefined;
} {
  if (isClient(options)) return { client: options, resolveCredentials: undefined };
  // not an object: the core throws MastersConfigError naming `options`
  if (typeof options !== 'object' || options === null)
    return withResolver(createMastersClient(options), undefined);
  if ('client' in options) {
    // Client options next to an existing client would be ignored: only the adapter's keys here.
    assertKnownOptions(options, ['client', ...ADAPTER_KEYS]);
    if (!isClient(options.client)) {
      throw new MastersConfigError({
        option: 'client',
        reason: 'must be a MastersClient (from createMastersClient)',
      });
    }
    return withResolver(options.client, options.resolveCredentials);
  }
  assertKnownOptions(options, [...MASTERS_CLIENT_OPTION_KEYS, ...ADAPTER_KEYS]);
  const { resolveCredentials, ...clientOptions } = options;
  return withResolver(createMastersClient(clientOptions), resolveCredentials);
}

function withResolver(
  client: MastersClient,
  resolveCredentials: ResolveCredentials | undefined,
): { client: MastersClient; resolveCredentials: ResolveCredentials | undefined } {
  if (resolveCredentials !== undefined && typeof resolveCredentials !== 'function') {
    throw new MastersConfigError({ option: 'resolveCredentials', reason: 'must be a function' });
  }
  return { client, resolveCredentials };
}
