import type { IncomingMessage } from 'node:http';
import type { TokenAuthority } from './tokens.js';

/**
 * Texts of djangorestframework / djangorestframework-jwt 401s. The real 401 body is undocumented
 * (docs/ARCHITECTURE.md §13); a DRF-style `detail` is the mock's choice [inferred].
 */
export const DETAIL = {
  noCredentials: 'Authentication credentials were not provided.',
  noToken: 'Invalid Authorization header. No credentials provided.',
  spaces: 'Invalid Authorization header. Credentials string should not contain spaces.',
  badSignature: 'Error decoding signature.',
  expired: 'Signature has expired.',
  badApiKey: 'Invalid API key.',
} as const;

export type AuthResult =
  | { ok: true; username: string; generation?: number }
  | { ok: false; detail: string; username?: string; generation?: number };

/**
 * Authenticate an e-way call: `Authorization: JWT <token>` or an `api_key` header
 * (https://docs.mastersindia.co/eway/authentication,
 * https://docs.mastersindia.co/eway/authentication/api-key).
 */
export function authenticate(
  req: IncomingMessage,
  tokens: TokenAuthority,
  apiKeys: ReadonlyMap<string, string>,
  nowSec: number,
): AuthResult {
  const authorization = req.headers.authorization;
  // djangorestframework-jwt only looks at the `JWT` prefix; any other scheme (e.g. `Bearer`)
  // counts as "no credentials" unless an api_key is present.
  if (authorization !== undefined && /^jwt(\s|$)/i.test(authorization)) {
    const parts = authorization.trim().split(/\s+/);
    if (parts.length === 1) return { ok: false, detail: DETAIL.noToken };
    if (parts.length > 2) return { ok: false, detail: DETAIL.spaces };
    const check = tokens.check(parts[1]!, 'access', nowSec);
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
