import {
  MastersConfigError,
  withClientDisconnect,
  type MastersClient,
  type MastersFetch,
} from '@mastersfetch/core';
import type { Context } from 'koa';
import type { ResolveCredentials } from './options.js';

const noop = (): void => {};

/**
 * Builds the per-request `mastersFetch` (called lazily, at most once per request): the tenant's
 * instance (from the core, which caches per credential key), whose wait for a token is aborted
 * when the HTTP client goes away (an upstream call already sent is left to finish).
 */
export function requestFetch(
  client: MastersClient,
  resolveCredentials: ResolveCredentials | undefined,
  ctx: Context,
): MastersFetch {
  const credentials = resolveCredentials?.(ctx);
  let base: MastersFetch;
  if (credentials === undefined) {
    base = client.mastersFetch;
  } else if (credentials instanceof Promise) {
    credentials.catch(noop); // surfaced when the fetch is used, not as an unhandled rejection
    base = client.forCredentials(async () => {
      const resolved = await credentials;
      if (resolved === undefined) {
        throw new MastersConfigError({
          option: 'resolveCredentials',
          reason: 'an async resolver must resolve to credentials, not undefined',
        });
      }
      return resolved;
    });
  } else {
    base = client.forCredentials(credentials);
  }
  return withClientDisconnect(base, ctx.res);
}
