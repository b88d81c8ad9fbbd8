import { scrubError } from '../errors/base.js';
import type { Redactor } from '../redact.js';

// The credential behind each response of a `mastersFetch`, for the errors a caller makes from its
// body later (docs/ARCHITECTURE.md §6, "Redaction"): a NIC error text that echoes the API key or the password
// must not reach a message. Weak: an entry lives as long as its response.
const REDACTORS = new WeakMap<Response, Redactor>();

/** Records that `response` answered a call made with the credential of `redactor`. */
export function rememberResponseCredential(response: Response, redactor: Redactor): Response {
  REDACTORS.set(response, redactor);
  return response;
}

/**
 * Scrubs an error made from the body of a `mastersFetch` response (for example by
 * `unwrapResults`, when a NIC error text echoes a secret) of the secrets of the credential that
 * call used: its password or API key and its access and refresh tokens, in `message`, `stack`,
 * own fields and the `cause` chain. Our errors are scrubbed in place; a foreign error is replaced
 * by a redacted copy; anything else, or a response that did not come from a `mastersFetch`,
 * passes unchanged. Never throws.
 *
 * @returns `error` (scrubbed) or its redacted copy.
 * @example
 * ```ts
 * const response = await client.mastersFetch.post('api/v1/ewayBillsGenerate/', { json });
 * try {
 *   return unwrapResults(await response.json(), response.status);
 * } catch (error) {
 *   throw redactResponseError(response, error);
 * }
 * ```
 */
export function redactResponseError<E>(response: Response, error: E): E {
  const redactor =
    typeof response === 'object' && response !== null ? REDACTORS.get(response) : undefined;
  return scrubError(error, redactor);
}
