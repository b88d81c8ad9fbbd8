import { viewTarget } from './http/wait-view.js';
import type { MastersFetch } from './types.js';

/**
 * Who a `mastersFetch` acts for: the client that made it and the fingerprint of its credentials
 * (an HMAC, never a secret; the `keyFingerprint` of the client's events). Libraries built on
 * `mastersFetch` key per-account state on it (e.g. `@mastersfetch/ewaybill`'s NIC 118/658 holds),
 * so the state carries across the per-request views the adapters attach (docs/ARCHITECTURE.md §8).
 */
export interface MastersFetchIdentity {
  /** The client (`createMastersClient`) behind the instance: compare by identity, key a WeakMap. */
  readonly client: object;
  /** Fingerprint of the credentials the instance acts for. */
  readonly keyFingerprint: string;
}

const IDENTITIES = new WeakMap<object, MastersFetchIdentity>();

/** Records the identity of an instance the client made (internal). */
export function tagIdentity(fetch: MastersFetch, identity: MastersFetchIdentity): void {
  IDENTITIES.set(fetch, identity);
}

/**
 * The identity of a `mastersFetch` (see {@link MastersFetchIdentity}): known for
 * `client.mastersFetch` (with default credentials), `client.forCredentials(value)` and the
 * adapters' per-request views of those (`req.mastersFetch`, `ctx.mastersFetch` with default or
 * synchronously resolved credentials). `undefined` for anything else: an instance whose
 * credentials are a function (resolved per request, e.g. an async `resolveCredentials`), an
 * `extend()`ed copy, or a ky instance not made by a client.
 *
 * @example
 * ```ts
 * const id = mastersFetchIdentity(req.mastersFetch); // { client, keyFingerprint } | undefined
 * ```
 */
export function mastersFetchIdentity(fetch: MastersFetch): MastersFetchIdentity | undefined {
  const own = IDENTITIES.get(fetch);
  if (own !== undefined) return own;
  const target = typeof fetch === 'function' ? viewTarget(fetch) : undefined;
  return target === undefined ? undefined : IDENTITIES.get(target);
}
