import { MastersHttpError, MastersTokenError } from '../errors.js';

/**
 * Redirect policy (issue 17, finding 1). fetch's own redirect handling strips only `Authorization`
 * on a cross-origin hop: it would send the `api_key` header, and on 307/308 the request body (a
 * token-auth password), to whatever origin a `Location` names. So every request goes out with
 * `redirect: 'manual'` and:
 * - token-auth and refresh never follow a redirect: a 3xx is a `MastersTokenError` naming the
 *   status and the target's origin (never its path or query);
 * - an API call follows a redirect only when it stays on the origin of the request and the method
 *   is GET or HEAD (no body is ever re-sent), at most {@link MAX_REDIRECTS} times, with the
 *   credentials of the configured origin stamped again; any other redirect is a `MastersHttpError`
 *   (`code: 'EREDIRECT'`, `status` the 3xx) naming the target's origin. A caller who passes an
 *   absolute URL on purpose is not redirected: that request goes out as given (without credentials
 *   when it is not on the configured origin).
 */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Same-origin redirects of one API attempt followed at most (fetch allows 20). */
export const MAX_REDIRECTS = 5;

/** Methods whose same-origin redirects an API call follows: nothing to re-send. */
const FOLLOWED_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

/** The target of a redirect answer, resolved against the URL that was requested. */
export function redirectTarget(response: Response, requestUrl: string): URL | undefined {
  const location = response.headers.get('location');
  if (location === null) return undefined;
  try {
    return new URL(location, requestUrl);
  } catch {
    return undefined;
  }
}

/** The origin of a redirect target for a message: never its path, query or user info. */
export function originOf(target: URL | undefined): string {
  return target === undefined ? 'an invalid or missing location' : target.origin;
}

/** `true` when an API call may follow this redirect (same origin, GET or HEAD). */
export function mayFollow(method: string, requestUrl: string, target: URL | undefined): boolean {
  if (target === undefined || !FOLLOWED_METHODS.has(method)) return false;
  return target.origin === new URL(requestUrl).origin;
}

/** The error of an API call whose redirect is not followed. */
export function refusedRedirect(
  status: number,
  method: string,
  path: string,
  target: URL | undefined,
  why: string,
): MastersHttpError {
  return new MastersHttpError({
    status,
    code: 'EREDIRECT',
    method,
    path,
    message: `Masters India ${method} ${path} answered HTTP ${status}, a redirect to ${originOf(target)} (${why})`,
    hint:
      'mastersFetch follows only same-origin redirects of GET and HEAD and never re-sends a body or a ' +
      'credential elsewhere; call the final URL yourself (a URL on another origin gets no credentials)',
  });
}

/** What the login transport throws for a redirect; the token engine turns it into a token error. */
export class LoginRedirectError extends Error {
  readonly status: number;
  readonly targetOrigin: string;
  constructor(status: number, targetOrigin: string) {
    super(`redirect ${status} to ${targetOrigin}`);
    this.status = status;
    this.targetOrigin = targetOrigin;
  }
}

/**
 * The `MastersTokenError` of a failed token-auth/refresh exchange (network error, timeout,
 * redirect), for the token engine.
 *
 * @param path - token-auth or refresh path, relative to the base URL
 */
export function loginTransportError(
  error: unknown,
  path: string,
  keyFingerprint: string,
): MastersTokenError {
  if (error instanceof LoginRedirectError) {
    return new MastersTokenError({
      message:
        `Masters India ${path} answered HTTP ${error.status}, a redirect to ${error.targetOrigin}; ` +
        'token-auth and refresh never follow a redirect (the credentials stay on the configured origin)',
      status: error.status,
      keyFingerprint,
      hint: 'check `baseUrl`/`environment` (use the final https:// URL) and any proxy in between',
      cause: { status: error.status, method: 'POST', path: `/${path}` },
    });
  }
  const code = error instanceof MastersHttpError ? error.code : undefined;
  return new MastersTokenError({
    message: `Masters India ${path} failed: ${code ?? 'network error'}`,
    keyFingerprint,
    cause: error,
  });
}
