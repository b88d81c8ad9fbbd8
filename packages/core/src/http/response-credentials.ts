import { scrubError } from '../errors/base.js';
import type { Redactor } from '../redact.js';

// The credential behind each response of a `mastersFetch`, for the errors a caller makes from its
// body later (docs/ARCHITECTURE.md §6, "Redaction"): a NIC error text that echoes the API key or
// the password must not reach a message. Weak: an entry lives as long as its response. It is keyed
// by the `Response` object itself: a `clone()` or a Response rebuilt by a hook has no entry.
const REDACTORS = new WeakMap<Response, Redactor>();

/** Records that `response` answered a call made with the credential of `redactor`. */
export function rememberResponseCredential(response: Response, redactor: Redactor): Response {
  REDACTORS.set(response, redactor);
  return response;
}

function redactorOf(response: unknown): Redactor | undefined {
  return typeof response === 'object' && response !== null
    ? REDACTORS.get(response as Response)
    : undefined;
}

/**
 * Scrubs an error made from the body of a `mastersFetch` response (for example by
 * `unwrapResults`, when a NIC error text echoes a secret) of the secrets of the credential that
 * call used: its password or API key and its current access and refresh tokens, in `message`,
 * `stack`, own fields and the `cause` chain. Pass the `Response` object `mastersFetch` resolved
 * (not a `clone()`). Our errors are scrubbed in place; a foreign error is replaced by a redacted
 * copy (an `Error` with the same name and message, not an instance of its class); anything else,
 * or a response that did not come from a `mastersFetch`, passes unchanged.
 *
 * Never throws: an error that cannot be scrubbed (frozen, a throwing getter) is replaced by a new
 * `Error` carrying only its redacted message.
 *
 * @returns `error` (scrubbed), or its redacted copy.
 * @example
 * ```ts
 * const response = await client.mastersFetch.post('api/v1/ewayBillsGenerate/', { json });
 * const text = redactResponseText(response, await response.text());
 * try {
 *   return unwrapResults(text, response.status);
 * } catch (error) {
 *   throw redactResponseError(response, error);
 * }
 * ```
 */
export function redactResponseError<E>(response: Response, error: E): E {
  const redactor = redactorOf(response);
  try {
    return scrubError(error, redactor);
  } catch {
    let message = 'the error could not be redacted';
    try {
      message = redactor?.redact(String((error as { message?: unknown }).message)) ?? message;
    } catch {
      // keep the placeholder
    }
    return new Error(message) as E;
  }
}

/**
 * `text` (the body of a `mastersFetch` response) with the secrets of that call's credential
 * replaced by `[REDACTED]`: for a caller that quotes the body, or a part of it, in an error (a cut
 * could keep the start of a secret that whole-secret redaction of the message no longer finds).
 * Unchanged for a response that did not come from a `mastersFetch`. Never throws.
 */
export function redactResponseText(response: Response, text: string): string {
  const redactor = redactorOf(response);
  if (redactor === undefined || typeof text !== 'string') return text;
  try {
    return redactor.redact(text);
  } catch {
    return text;
  }
}
