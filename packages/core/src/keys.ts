import { createHmac } from 'node:crypto';
import type { Credentials } from './types.js';

/** Prefix of every store key. */
export const KEY_PREFIX = 'mastersfetch:v1:';

/** Username segment of API-key store keys. */
export const API_KEY_USERNAME = 'apikey';

// Used when no `keySecret` is configured: keys stay deterministic across a fleet, but then a store
// key only hides the password as well as an unsalted hash would (docs/ARCHITECTURE.md §4).
const LIBRARY_KEY_SECRET = 'mastersfetch/v1/credential-fingerprint';

/**
 * Fingerprint of credentials: HMAC-SHA256(key = `keySecret` ?? a fixed library constant,
 * `username + password` or, for an API key, a tagged form of the key), hex, first 32 characters.
 * Safe for logs, events and store keys; never reveals the secret without `keySecret`.
 *
 * @example
 * ```ts
 * fingerprint({ username: 'erp-bot@alpha.example', password: 'pw' }); // '3f0c...' (32 hex chars)
 * ```
 */
export function fingerprint(credentials: Credentials, keySecret?: string): string {
  const input =
    'apiKey' in credentials
      ? `\u0000api_key\u0000${credentials.apiKey}`
      : credentials.username + credentials.password;
  return createHmac('sha256', keySecret ?? LIBRARY_KEY_SECRET)
    .update(input, 'utf8')
    .digest('hex')
    .slice(0, 32);
}

/**
 * The store key of a credential: `mastersfetch:v1:<base origin>:<username>:<fingerprint>`
 * (`<username>` is `apikey` for API keys). Deterministic, so every process computes the same key;
 * contains no password or API key.
 *
 * @param baseOrigin - e.g. `'https://sandb-api.mastersindia.co'`.
 * @param credentials - username/password or API key.
 * @param keySecret - the client's `keySecret` option.
 * @example
 * ```ts
 * credentialKey('https://sandb-api.mastersindia.co', { username: 'u', password: 'p' });
 * // 'mastersfetch:v1:https://sandb-api.mastersindia.co:u:<32 hex>'
 * ```
 */
export function credentialKey(
  baseOrigin: string,
  credentials: Credentials,
  keySecret?: string,
): string {
  return keyWithFingerprint(baseOrigin, credentials, fingerprint(credentials, keySecret));
}

/** {@link credentialKey} from an already computed {@link fingerprint} (one HMAC instead of two). */
export function keyWithFingerprint(
  baseOrigin: string,
  credentials: Credentials,
  credentialFingerprint: string,
): string {
  const user = 'apiKey' in credentials ? API_KEY_USERNAME : credentials.username;
  return `${KEY_PREFIX}${baseOrigin}:${user}:${credentialFingerprint}`;
}
