import { MastersConfigError } from '../errors.js';

/**
 * Values that end up in an HTTP header (issue 17, finding 6). fetch's `Headers` throws a raw
 * `TypeError` quoting the value for CR, LF, NUL or a character above U+00FF; we reject such values
 * where they enter (construction, `forCredentials`, login) with a typed error that never quotes them.
 */

/** An access token is a JWT: visible ASCII only (no space, control or non-ASCII character). */
export function isTokenHeaderSafe(token: string): boolean {
  return /^[\x21-\x7e]+$/.test(token);
}

/**
 * Checks an `api_key` header value: printable ASCII (space to `~`), no control character.
 * @throws MastersConfigError naming `field`
 */
export function assertApiKeyValue(apiKey: string, field: string): void {
  if (!/^[\x20-\x7e]+$/.test(apiKey)) {
    throw new MastersConfigError({
      option: field,
      reason:
        'must contain only printable ASCII characters (no line break, control or non-ASCII character): it is sent as the api_key header',
    });
  }
}

/**
 * Checks a token-auth username: no control character (CR, LF, NUL, tab, ...); it is part of the
 * store key and of log-safe identifiers.
 * @throws MastersConfigError naming `field`
 */
export function assertUsernameValue(username: string, field: string): void {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(username)) {
    throw new MastersConfigError({
      option: field,
      reason: 'must not contain line breaks or other control characters',
    });
  }
}
