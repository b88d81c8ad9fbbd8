import { createRequire } from 'node:module';
import type {
  OtelApi,
  OtelCounter,
  OtelHistogram,
  OtelMeter,
  OtelObservableGauge,
} from './otel.js';
import { guardCounter, guardGauge, guardHistogram } from './guard.js';

/** Tracer and meter name (docs/ARCHITECTURE.md §12). */
export const INSTRUMENTATION_NAME = '@mastersfetch/core';

let version: string | undefined;

/** Core's package version (the tracer and meter version), read once from its package.json. */
export function coreVersion(): string {
  if (version !== undefined) return version;
  try {
    const pkg = createRequire(import.meta.url)('../../package.json') as { version?: unknown };
    version = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    version = '0.0.0';
  }
  return version;
}

/** The instruments of meter `@mastersfetch/core` (ARCHITECTURE §12); attribute values are bounded enums. */
export interface Instruments {
  /** `mastersfetch.logins`, attr `mastersfetch.outcome`. */
  logins: OtelCounter;
  /** `mastersfetch.renewals`, attrs `mastersfetch.renew.reason`, `mastersfetch.outcome`. */
  renewals: OtelCounter;
  /** `mastersfetch.renewal.waits`: a caller waited on an in-flight renewal. */
  renewalWaits: OtelCounter;
  /** `mastersfetch.unauthorized_replays`. */
  unauthorizedReplays: OtelCounter;
  /** `mastersfetch.login.duration`, seconds. */
  loginDuration: OtelHistogram;
  /** `mastersfetch.token.time_to_expiry`, seconds, one series per client's default credential. */
  timeToExpiry: OtelObservableGauge;
}

const byMeter = new WeakMap<OtelMeter, Instruments>();

/**
 * The instruments on the global meter provider's `@mastersfetch/core` meter as it is now (the
 * metrics API has no proxy provider: a client created before the SDK registers records nothing),
 * made once per meter. Every instrument call is guarded (`guard.ts`); `undefined` (no metrics)
 * when the meter provider throws while making them.
 */
export function createInstruments(api: OtelApi): Instruments | undefined {
  try {
    return instrumentsOf(api.metrics.getMeter(INSTRUMENTATION_NAME, coreVersion()));
  } catch {
    return undefined; // a throwing SDK never breaks a client (ARCHITECTURE §12)
  }
}

function instrumentsOf(meter: OtelMeter): Instruments {
  const known = byMeter.get(meter);
  if (known !== undefined) return known;
  const instruments: Instruments = {
    logins: meter.createCounter('mastersfetch.logins', {
      description: 'token-auth exchanges, by outcome',
    }),
    renewals: meter.createCounter('mastersfetch.renewals', {
      description: 'token acquisition flights (single-flight leaders), by reason and outcome',
    }),
    renewalWaits: meter.createCounter('mastersfetch.renewal.waits', {
      description: 'callers that waited on an in-flight login or renewal',
    }),
    unauthorizedReplays: meter.createCounter('mastersfetch.unauthorized_replays', {
      description: 'API calls replayed after a 401 with a renewed token',
    }),
    loginDuration: meter.createHistogram('mastersfetch.login.duration', {
      description: 'duration of one token-auth exchange',
      unit: 's',
    }),
    timeToExpiry: meter.createObservableGauge('mastersfetch.token.time_to_expiry', {
      description: "time left until the default credential's access token expires",
      unit: 's',
    }),
  };
  instruments.logins = guardCounter(instruments.logins);
  instruments.renewals = guardCounter(instruments.renewals);
  instruments.renewalWaits = guardCounter(instruments.renewalWaits);
  instruments.unauthorizedReplays = guardCounter(instruments.unauthorizedReplays);
  instruments.loginDuration = guardHistogram(instruments.loginDuration);
  instruments.timeToExpiry = guardGauge(instruments.timeToExpiry);
  byMeter.set(meter, instruments);
  return instruments;
}
