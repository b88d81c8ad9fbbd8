import { DEMO_USERS } from '@mastersfetch/mock-server';

/**
 * The process-wide list of secrets seen by the reliability suite and the secrets check of the
 * test run (`test/reliability/setup.ts`): every demo password, every password, API key and token
 * that crossed the wire, and the crafted tokens the cases inject through mock faults.
 */
const REGISTRY = Symbol.for('mastersfetch.test.secrets');

/** Shorter strings (e.g. a 1-character test password) would match unrelated output. */
export const MIN_SECRET_LENGTH = 8;

type Global = typeof globalThis & { [REGISTRY]?: Set<string> };

export function secretRegistry(): Set<string> {
  const g = globalThis as Global;
  g[REGISTRY] ??= new Set(DEMO_USERS.map((u) => u.password));
  return g[REGISTRY];
}

/** Registers a secret (ignored when too short to search for reliably). */
export function addSecret(value: unknown): void {
  if (typeof value === 'string' && value.length >= MIN_SECRET_LENGTH) secretRegistry().add(value);
}

/** The registered secrets found in `text` (empty when clean). */
export function secretsIn(text: string): string[] {
  const found: string[] = [];
  for (const secret of secretRegistry()) if (text.includes(secret)) found.push(secret);
  return found;
}

const TOKEN_PATH = /\/token-auth\/?$|refresh/i;

/**
 * Wraps a fetch so every secret crossing the wire is registered: the password of a token-auth
 * body, an `api_key` header, an `Authorization: JWT` token, and the tokens of a token-auth or
 * refresh answer (only small JSON answers are read, from a clone; the caller's body is untouched).
 */
export function observingFetch(base: typeof fetch): typeof fetch {
  return async function observedFetch(input, init) {
    const request = input instanceof Request ? input : new Request(input, init);
    const headers = new Headers(init?.headers ?? request.headers);
    addSecret(headers.get('api_key'));
    const auth = headers.get('authorization');
    if (auth) addSecret(auth.replace(/^\S+\s+/, ''));
    const url = request.url;
    const isTokenCall = TOKEN_PATH.test(new URL(url).pathname);
    if (isTokenCall && request.body !== null) {
      const text = await request
        .clone()
        .text()
        .catch(() => '');
      collectJsonSecrets(text);
    }
    const response = await base(input, init);
    const length = Number(response.headers.get('content-length') ?? Number.NaN);
    const isJson = (response.headers.get('content-type') ?? '').includes('json');
    if (isTokenCall && isJson && length < 65_536) {
      collectJsonSecrets(
        await response
          .clone()
          .text()
          .catch(() => ''),
      );
    }
    return response;
  };
}

function collectJsonSecrets(text: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return;
  }
  if (parsed === null || typeof parsed !== 'object') return;
  const o = parsed as Record<string, unknown>;
  for (const key of ['password', 'token', 'refresh_token', 'refresh token', 'refresh']) {
    addSecret(o[key]);
  }
}
