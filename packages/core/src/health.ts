import { isMastersClient } from './adapter/bind-requests.js';
import { isClientClosed } from './client-state.js';
import { MastersConfigError } from './errors.js';
import { assertKnownOptions } from './known-keys.js';
import type { MastersClient, TokenStatus } from './types.js';

/**
 * Why a {@link MastersHealth} is `down`:
 * - `closed`: `client.close()` was called (every call rejects with `MastersClientClosedError`);
 * - `invalid_credentials`: token-auth rejected the default credentials (206, 400, 401 or 403);
 * - `renewal_failing`: there is no usable token and the last login or renewal failed (network,
 *   timeout, 408, 429, 5xx) and the client is backing off.
 */
export type MastersHealthReason = 'closed' | 'invalid_credentials' | 'renewal_failing';

/**
 * The health of a client's default credentials, as the health helpers of the adapters answer it
 * (JSON-safe; no password, token or API key, only the key fingerprint).
 */
export interface MastersHealth {
  status: 'up' | 'down';
  /** `tokenStatus().mode`. */
  mode: 'password' | 'apiKey';
  /** A usable access token is cached (`tokenStatus().hasToken`); always `false` for an API key. */
  hasToken: boolean;
  /** Whole seconds until that token expires; `null` without one (and for an API key). */
  expiresInSec: number | null;
  /** HMAC fingerprint of the default credentials (as in events and errors); `null` without them. */
  keyFingerprint: string | null;
  /** Only when `status` is `down`. */
  reason?: MastersHealthReason;
}

/** HTTP status of a health answer: 200 when up, 503 when down. */
export const HEALTH_HTTP_STATUS: Readonly<Record<MastersHealth['status'], 200 | 503>> =
  Object.freeze({ up: 200, down: 503 });

/** Options of {@link createHealthCheck}. */
export interface HealthCheckOptions {
  /**
   * Monotonic clock in ms (default `performance.now()`, the client's default). Pass the client's
   * own `clock` when it has one (tests): the backoff end of `renewal_failing` is measured on it.
   */
  clock?: { now(): number };
}

/** A health check of one client: call it for the current {@link MastersHealth}. */
export interface MastersHealthCheck {
  (): MastersHealth;
  /** The client it reports on. */
  readonly client: MastersClient;
  /** Unsubscribes from the client's events (`client.close()` does that too). */
  stop(): void;
}

const OPTION_KEYS = ['clock'] as const;
const systemClock = { now: () => performance.now() };

/**
 * What the check remembers of the last failed login or renewal of the default credentials, and
 * until when (monotonic ms on the check's clock) the token cached at that moment was valid
 * (`-Infinity` without one): a token valid beyond that came from a later success.
 */
type Failure = { tokenUntilMs: number } & (
  | { reason: 'invalid_credentials' }
  | { reason: 'renewal_failing'; untilMs: number /* monotonic ms: end of the backoff slot */ }
);

/**
 * A health check of the client's **default credentials** that never logs in (health endpoints,
 * Kubernetes probes; docs/ARCHITECTURE.md §12). Built on `tokenStatus()` plus the client's
 * `login`, `renew`, `renewFailed` and `invalidCredentials` events of the default key, so create it
 * at startup, before the first request: failures that happened before it subscribed are not seen.
 *
 * The rule, in order:
 * 0. the client is closed (`close()` called) → down (`closed`): it serves nothing any more, so a
 *    readiness gate stops sending traffic to a replica that shuts down;
 * 1. API-key mode → up (there is no token; every call carries the key);
 * 2. a usable token cached → up, with `expiresInSec` (even when a background renewal failed:
 *    the token keeps serving until it expires);
 * 3. no token, and token-auth rejected the credentials → down (`invalid_credentials`) until a
 *    login of them succeeds (or a check sees a token newer than the failure, e.g. one another
 *    replica stored in a shared store): the client will not send them again during its cooldown, and after
 *    it they are the same rejected credentials (traffic or `warmUp()` logs in again, this never);
 * 4. no token, and the last login or renewal failed → down (`renewal_failing`) until that
 *    failure's backoff slot ends (`renewFailed.nextAttemptInMs`); afterwards the next request
 *    tries again, so it is up again (a readiness gate reopens by itself after an outage);
 * 5. no token otherwise → up: a cold client (not logged in yet, its token expired while idle, or
 *    `invalidate()`d) logs in on its next request.
 *
 * Other identities (`forCredentials`, `resolveCredentials` tenants) never change the answer.
 *
 * @param source - a client, or anything with the client on `.client` (an adapter's middleware).
 * @param options - see {@link HealthCheckOptions}.
 * @returns the check; `check()` is synchronous and sends nothing.
 * @throws MastersConfigError naming `client` when `source` is not a client, or an unknown option.
 * @example
 * ```ts
 * const health = createHealthCheck(client);
 * app.get('/health', (_req, res) => {
 *   const body = health();
 *   res.status(HEALTH_HTTP_STATUS[body.status]).json(body);
 * });
 * ```
 */
export function createHealthCheck(
  source: MastersClient | { client: MastersClient },
  options: HealthCheckOptions = {},
): MastersHealthCheck {
  const client = isMastersClient(source) ? source : (source as { client?: unknown })?.client;
  if (!isMastersClient(client)) {
    throw new MastersConfigError({
      option: 'client',
      reason: 'must be a MastersClient (createMastersClient()) or an object with one on `.client`',
    });
  }
  if (typeof options !== 'object' || options === null) {
    throw new MastersConfigError({ option: 'options', reason: 'must be an object' });
  }
  assertKnownOptions(options, OPTION_KEYS);
  const clock = options.clock ?? systemClock;
  if (typeof (clock as { now?: unknown } | null)?.now !== 'function') {
    throw new MastersConfigError({ option: 'clock', reason: 'must be { now(): number }' });
  }

  const keyFingerprint = defaultFingerprint(client);
  let failure: Failure | undefined;
  const ours = (event: { keyFingerprint: string }) =>
    keyFingerprint !== null && event.keyFingerprint === keyFingerprint;
  const recovered = (event: { keyFingerprint: string }) => {
    if (ours(event)) failure = undefined;
  };
  // Until when the token cached now is valid (whole seconds, so within 1 s); -Infinity without one.
  const tokenUntilMs = (token: TokenStatus = client.tokenStatus()): number =>
    token.hasToken && token.expiresInSec !== null
      ? clock.now() + token.expiresInSec * 1000
      : Number.NEGATIVE_INFINITY;
  const unsubscribe = [
    client.on('login', recovered),
    client.on('renew', recovered),
    client.on('invalidCredentials', (event) => {
      if (ours(event)) failure = { reason: 'invalid_credentials', tokenUntilMs: tokenUntilMs() };
    }),
    client.on('renewFailed', (event) => {
      if (ours(event)) {
        failure = {
          reason: 'renewal_failing',
          untilMs: clock.now() + event.nextAttemptInMs,
          tokenUntilMs: tokenUntilMs(),
        };
      }
    }),
  ];

  const check = (): MastersHealth => {
    const token = client.tokenStatus();
    const base = { ...pick(token), keyFingerprint };
    if (isClientClosed(client)) return { status: 'down', ...base, reason: 'closed' };
    if (token.mode === 'apiKey') return { status: 'up', ...base };
    if (token.hasToken) {
      // A token newer than the one cached at the failure came from a later success, also one the
      // client took over from a shared store without an event (another replica's login).
      if (failure !== undefined && tokenUntilMs(token) > failure.tokenUntilMs + 1_000) {
        failure = undefined;
      }
      return { status: 'up', ...base };
    }
    if (failure === undefined) return { status: 'up', ...base };
    if (failure.reason === 'renewal_failing' && clock.now() >= failure.untilMs) {
      return { status: 'up', ...base };
    }
    return { status: 'down', ...base, reason: failure.reason };
  };
  return Object.assign(check, {
    client,
    stop: () => unsubscribe.forEach((off) => off()),
  });
}

/** The three documented fields of a status (a newer core may add more; they are not passed on). */
function pick(token: TokenStatus): Pick<MastersHealth, 'mode' | 'hasToken' | 'expiresInSec'> {
  return { mode: token.mode, hasToken: token.hasToken, expiresInSec: token.expiresInSec };
}

/**
 * The fingerprint of the client's default credentials, from its `toJSON()` view
 * (`{ baseUrl, mode, keyFingerprint }`, secret-free, docs/ARCHITECTURE.md §6); `null` without
 * default credentials.
 */
function defaultFingerprint(client: MastersClient): string | null {
  const view = (client as { toJSON?: () => unknown }).toJSON?.();
  const fingerprint = (view as { keyFingerprint?: unknown } | undefined)?.keyFingerprint;
  return typeof fingerprint === 'string' ? fingerprint : null;
}
