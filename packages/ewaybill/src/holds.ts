import { mastersFetchIdentity, type MastersFetch } from '@mastersfetch/core';
import type { EwayBillClock } from './clock.js';
import type { EwayBillApiError } from './errors.js';

// The NIC 118/658 holds (docs/ARCHITECTURE.md §11): after NIC 118 the same GSTIN's look-ups wait
// 5 minutes, after 658 `quotaBackoffMs`. They belong to the Masters India account, not to one
// `mastersFetch` object: an Express `req.mastersFetch` or a Koa `ctx.mastersFetch` is a new view
// on every request, so holds kept per view would be forgotten by the next request. They are kept
// per client and credential fingerprint (core's `mastersFetchIdentity`), and per clock (the
// windows are read on it; a test's injected clock does not share the system clock's windows).
//
// Bounded by the holds running now: an account's entry is made only when a hold starts, an
// expired hold is dropped when read, and an account with no hold left is dropped (a tenant that
// never met NIC 118/658 leaves nothing behind, however many tenants call).

/** One hold: until when (the clock's monotonic ms) and the error that started it. */
export interface Hold {
  untilMs: number;
  error: EwayBillApiError;
}

/** The holds of one account on one clock, by acting GSTIN. */
export interface Holds {
  /** The running hold of `gstin`, or `undefined` (an expired one is dropped). No allocation. */
  get(gstin: string): Hold | undefined;
  /** Starts (or replaces) the hold of `gstin`. */
  set(gstin: string, hold: Hold): void;
}

/** Acting GSTIN → its hold. */
type HoldMap = Map<string, Hold>;
/** credential fingerprint → clock → holds. */
type ByKey = Map<string, Map<EwayBillClock, HoldMap>>;

/** client → its accounts' holds. */
const byAccount = new WeakMap<object, ByKey>();
/** A `mastersFetch` without an identity (credentials resolved per request, a bare ky): its own. */
const byInstance = new WeakMap<MastersFetch, ByKey>();
/** The account key of a `mastersFetch` without an identity (its own map has one account). */
const OWN = '';

/**
 * The holds shared by every `mastersFetch` acting for the same client and credentials as
 * `fetch`, on `clock`. A `mastersFetch` with no identity (see core's `mastersFetchIdentity`)
 * keeps its own. Nothing is stored until a hold starts.
 */
export function holdsFor(fetch: MastersFetch, clock: EwayBillClock): Holds {
  const identity = mastersFetchIdentity(fetch);
  const owner: object = identity?.client ?? fetch;
  const registry = (identity === undefined ? byInstance : byAccount) as WeakMap<object, ByKey>;
  const account = identity?.keyFingerprint ?? OWN;
  const find = (): HoldMap | undefined => registry.get(owner)?.get(account)?.get(clock);
  return {
    get(gstin) {
      const holds = find();
      const hold = holds?.get(gstin);
      if (hold === undefined || clock.now() < hold.untilMs) return hold;
      holds!.delete(gstin);
      if (holds!.size === 0) drop(registry, owner, account, clock);
      return undefined;
    },
    set(gstin, hold) {
      let byKey = registry.get(owner);
      if (byKey === undefined) registry.set(owner, (byKey = new Map()));
      let byClock = byKey.get(account);
      if (byClock === undefined) byKey.set(account, (byClock = new Map()));
      let holds = byClock.get(clock);
      if (holds === undefined) byClock.set(clock, (holds = new Map()));
      holds.set(gstin, hold);
    },
  };
}

/** Drops the empty holds of `account` on `clock`, and the account when it has none left. */
function drop(
  registry: WeakMap<object, ByKey>,
  owner: object,
  account: string,
  clock: EwayBillClock,
): void {
  const byKey = registry.get(owner);
  const byClock = byKey?.get(account);
  if (byKey === undefined || byClock === undefined) return;
  byClock.delete(clock);
  if (byClock.size === 0) byKey.delete(account);
}

/**
 * How many credential fingerprints of `client` have a holds entry (tests: the per-account state
 * must stay bounded however many tenants call).
 */
export function heldAccounts(client: object): number {
  return byAccount.get(client)?.size ?? 0;
}
