import { MastersConfigError, type MastersClient, type MastersFetch } from '@mastersfetch/core';
import type { Context } from 'koa';
import type { ResolveCredentials } from './options.js';

const noop = (): void => {};

/**
 * Builds the per-request `mastersFetch` (called lazily, at most once per request): the tenant's
 * instance (from the core, which caches per credential key), bound to an AbortSignal that fires
 * when the HTTP client goes away, so a disconnect aborts only this request's wait for a token.
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
  const controller = new AbortController();
  const { res } = ctx;
  // `close` after a finished response is normal; before it, the client disconnected.
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new Error('client disconnected'));
  });
  return base.extend({ signal: controller.signal });
}
