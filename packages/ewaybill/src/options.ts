import type { EwayBillApiError } from './errors.js';
import type { EwayBillClock } from './clock.js';
import type { GenerateResponse } from './schemas/responses.js';

// The option and result types of the EwayBills methods (docs/ARCHITECTURE.md §11).

/** Options of {@link ewayBills} / {@link EwayBills}. */
export interface EwayBillsOptions {
  /**
   * Clock of the date rules (`wallNow`, epoch ms) and the backoff windows (`now`, monotonic ms);
   * the same shape as core's `clock` option. Default: the system clock.
   */
  clock?: EwayBillClock;
  /** Validate requests locally before sending (default `true`). */
  validate?: boolean;
  /** How long look-ups are held back after NIC 658 (quota exceeded), ms. Default 60 000. */
  quotaBackoffMs?: number;
  /** Waits `ms` (bulk polling). Default: an unref'd `setTimeout`. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Options of one call. */
export interface CallOptions {
  /** Aborts the call. */
  signal?: AbortSignal;
  /** Timeout of this HTTP attempt, ms (core's `timeoutMs` otherwise). */
  timeoutMs?: number;
}

/** Options of {@link EwayBills.generate}. */
export interface GenerateOptions extends CallOptions {
  /**
   * On NIC 604 (already generated for this document number): `'error'` (default) throws the
   * {@link EwayBillApiError}; `'return-existing'` looks the bill up and returns it
   * (`outcome: 'existing'`).
   */
  onDuplicate?: 'error' | 'return-existing';
}

/** How a generate ended with a bill. */
export type GenerateOutcome =
  /** The generate answered with the new bill. */
  | 'created'
  /** The generate ended without an answer; the look-up by document found the bill it created. */
  | 'recovered'
  /** NIC 604 with `onDuplicate: 'return-existing'`: the bill that already existed. */
  | 'existing';

/** The answer of {@link EwayBills.generate}. `url` is `''` when the bill came from a look-up. */
export type GenerateResult = GenerateResponse & { outcome: GenerateOutcome };

/** One document of a bulk result (https://docs.mastersindia.co/eway/get-e-way-bill-in-bulk). */
export type BulkResultItem =
  | { docNo: string; status: 'generated'; bill: GenerateResponse }
  | { docNo: string; status: 'failed'; error: EwayBillApiError };

/** A bulk result: `pending` while the API answers "No records found." (https://docs.mastersindia.co/eway/get-e-way-bill-in-bulk). */
export type BulkResult =
  | { status: 'pending'; requestId: string }
  | { status: 'done'; requestId: string; items: BulkResultItem[] };

/** Options of {@link EwayBills.pollBulkResult}. */
export interface PollOptions extends CallOptions {
  /** First wait before a new poll, ms (default 1 000); doubles each time. */
  initialDelayMs?: number;
  /** Longest wait between polls, ms (default 30 000). */
  maxDelayMs?: number;
  /** At most this many polls (default 10). */
  maxAttempts?: number;
}
