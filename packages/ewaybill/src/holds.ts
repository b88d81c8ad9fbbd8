import { mastersFetchIdentity, type MastersFetch } from '@mastersfetch/core';
import type { EwayBillClock } from './clock.js';
import type { EwayBillApiError } from './errors.js';

// The NIC 118/658 holds (docs/ARCHITECTURE.md §11): after NIC 118 the same GSTIN's look-ups wait
// 5 minutes, after 658 `quotaBackoffMs`. They belong to the Masters India account, not to one
// `mastersFetch` object: an Express `req.mastersFetch` or a Koa `ctx.mastersFetch` is a new view
// on every request, so holds kept per view would be forgotten by the next request. They are kept
// per client and credential fingerprint (core's `mastersFetchIdentity`), and per clock (the
// windows are read on it; a test's injected clock does not share the system clock's windows).

/** One hold: until when (the clock's monotonic ms) and the error that started it. */
export interface Hold {
  untilMs: number;
  error: EwayBillApiError;
}
/** Acting GSTIN → its hold. */
export type Holds = Map<string, Hold>;

type ByClock = WeakMap<EwayBillClock, Holds>;
/** client → credential fingerprint → clock → holds. */
const byAccount = new WeakMap<object, Map<string, ByClock>>();
/** A `mastersFetch` without an identity (credentials resolved per request, a bare ky): its own. */
const byInstance = new WeakMap<MastersFetch, ByClock>();

function inClock(byClock: ByClock, clock: EwayBillClock): Holds {
  let holds = byClock.get(clock);
  if (holds === undefined) {
    holds = new Map();
    byClock.set(clock, holds);
  }
  return holds;
}

/**
 * The holds shared by every `mastersFetch` acting for the same client and credentials as
 * `fetch`, on `clock`. A `mastersFetch` with no identity (see core's `mastersFetchIdentity`)
 * keeps its own.
 */
export function holdsFor(fetch: MastersFetch, clock: EwayBillClock): Holds {
  const identity = mastersFetchIdentity(fetch);
  if (identity === undefined) {
    let own = byInstance.get(fetch);
    if (own === undefined) {
      own = new WeakMap();
      byInstance.set(fetch, own);
    }
    return inClock(own, clock);
  }
  let byKey = byAccount.get(identity.client);
  if (byKey === undefined) {
    byKey = new Map();
    byAccount.set(identity.client, byKey);
  }
  let byClock = byKey.get(identity.keyFingerprint);
  if (byClock === undefined) {
    byClock = new WeakMap();
    byKey.set(identity.keyFingerprint, byClock);
  }
  return inClock(byClock, clock);
}

/**
 * How many credential fingerprints of `client` have a holds entry (tests: the per-account state
 * must stay bounded however many tenants call).
 */
export function heldAccounts(client: object): number {
  return byAccount.get(client)?.size ?? 0;
}
