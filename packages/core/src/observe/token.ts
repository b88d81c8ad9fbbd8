import { channels, type RenewReason } from './channels.js';
import { outcomeOf, type Observer, type Settled } from './observer.js';

/** The key state fields the token observations read (never its secrets). */
export interface ObservedState {
  keyFingerprint: string;
  generation: number;
}

/**
 * One token acquisition flight observed (the single-flight leader only, docs/ARCHITECTURE.md §12):
 * span `mastersfetch.renew` (the login/refresh and store spans nest under it), channel
 * `mastersfetch:renew`, counter `mastersfetch.renewals` and, on success, an info line.
 * @returns `renew()`'s promise, settled the same way
 */
export function observeRenew(
  observer: Observer,
  state: ObservedState,
  reason: RenewReason,
  renew: () => Promise<void>,
): Promise<void> {
  const fingerprint = state.keyFingerprint;
  return observer.trace(
    'mastersfetch.renew',
    { 'mastersfetch.renew.reason': reason, 'mastersfetch.credential.fingerprint': fingerprint },
    channels.renew,
    () => ({ fingerprint, mode: 'password' as const, reason }),
    renew,
    () => ({ outcome: 'success' }),
    (settled, durationMs) => {
      observer.renewalSettled(reason, settled.outcome ?? 'success');
      if (settled.error !== undefined) return; // the failure has its warn line already
      observer.log.info('Masters India access token ready', {
        keyFingerprint: fingerprint,
        reason,
        generation: state.generation,
        durationMs: Math.round(durationMs),
      });
    },
  );
}

/**
 * What the observation reads of a token-auth/refresh answer: the shape of `token/token-auth.ts`'s
 * `TokenAuthResult`, declared here so that observe/ imports nothing of token/ (no import cycle).
 */
export type ExchangeAnswer = { ok: true } | { ok: false; error: unknown };

/** The outcome of a token-auth/refresh answer (a failed answer resolves, it does not reject). */
function describeAnswer(answer: ExchangeAnswer): Settled {
  if (answer.ok) return { outcome: 'success' };
  const status = (answer.error as { status?: unknown }).status;
  return {
    outcome: outcomeOf(answer.error),
    error: answer.error,
    attributes: typeof status === 'number' ? { 'http.response.status_code': status } : undefined,
  };
}

/**
 * One token-auth (`login`) or refresh exchange observed: span `mastersfetch.<kind>` with
 * `mastersfetch.outcome`, channel `mastersfetch:<kind>`; a login also counts in
 * `mastersfetch.logins` and `mastersfetch.login.duration` and logs an info line on success. The
 * answer (which holds the token) is never put on a payload or span.
 */
export function observeExchange<A extends ExchangeAnswer>(
  observer: Observer,
  kind: 'login' | 'refresh',
  state: { keyFingerprint: string },
  exchange: () => Promise<A>,
): Promise<A> {
  const fingerprint = state.keyFingerprint;
  return observer.trace(
    `mastersfetch.${kind}`,
    { 'mastersfetch.credential.fingerprint': fingerprint },
    channels[kind],
    () => ({ fingerprint, mode: 'password' as const }),
    exchange,
    describeAnswer,
    kind === 'refresh'
      ? undefined
      : (settled, durationMs) => {
          const outcome = settled.outcome ?? 'error';
          observer.loginSettled(outcome, durationMs);
          if (outcome !== 'success') return; // failures have their warn line
          observer.log.info('Masters India login succeeded', {
            keyFingerprint: fingerprint,
            durationMs: Math.round(durationMs),
          });
        },
  );
}
