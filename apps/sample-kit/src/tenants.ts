import type { Credentials } from '@mastersfetch/core';
import type { SampleConfig } from './config.js';
import { SampleRequestError } from './sample-request-error.js';

/** The tenant a request acts for. */
export interface ResolvedTenant {
  /** GSTIN used as `userGstin` / `gstin` on Masters India calls. */
  gstin: string;
  /** Credentials for `client.forCredentials`, or `undefined` for the client's default credentials. */
  credentials: Credentials | undefined;
}

/**
 * Picks the tenant of a request from its `x-gstin` header (docs/ARCHITECTURE.md §10). No header (or an empty one)
 * → the default GSTIN with `undefined` credentials (use `client.mastersFetch`). A known GSTIN →
 * its credentials (use `client.forCredentials(credentials)`). The default GSTIN itself is always
 * accepted. Header values are trimmed and upper-cased.
 *
 * @throws SampleRequestError 400 `unknown_tenant` for any other GSTIN.
 * @example
 * ```ts
 * const { gstin, credentials } = resolveTenant(config, req.get('x-gstin'));
 * const fetch = credentials ? client.forCredentials(credentials) : client.mastersFetch;
 * ```
 */
export function resolveTenant(
  config: Pick<SampleConfig, 'defaultGstin' | 'tenants'>,
  gstinHeader: string | undefined,
): ResolvedTenant {
  const gstin = gstinHeader?.trim().toUpperCase();
  if (!gstin) return { gstin: config.defaultGstin, credentials: undefined };
  const credentials = config.tenants.get(gstin);
  if (credentials !== undefined) return { gstin, credentials };
  if (gstin === config.defaultGstin) return { gstin, credentials: undefined };
  throw new SampleRequestError(
    'unknown_tenant',
    `Unknown tenant: no credentials configured for GSTIN ${gstinHeader?.trim().slice(0, 20)}`,
  );
}
