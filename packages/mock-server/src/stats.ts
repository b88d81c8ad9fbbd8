import type { MockRequestRecord, MockStats } from './types.js';

/** Bound on the request log so a long-running CLI or a load test cannot exhaust memory. */
const MAX_RECORDS = 100_000;

/** Counters and request log behind `MockServer.stats()` / `requests()`. */
export class StatsRecorder {
  logins = 0;
  failedLogins = 0;
  refreshes = 0;
  unauthorized = 0;
  apiCalls = 0;
  private byPath = new Map<string, number>();
  private records: MockRequestRecord[] = [];

  countPath(path: string): void {
    this.byPath.set(path, (this.byPath.get(path) ?? 0) + 1);
  }

  record(entry: MockRequestRecord): void {
    if (entry.status === 401) this.unauthorized += 1;
    this.records.push(entry);
    // Drop the oldest half at once: amortised O(1) instead of shifting on every request.
    if (this.records.length > 2 * MAX_RECORDS) this.records = this.records.slice(-MAX_RECORDS);
  }

  snapshot(): MockStats {
    return {
      logins: this.logins,
      failedLogins: this.failedLogins,
      refreshes: this.refreshes,
      unauthorized: this.unauthorized,
      apiCalls: this.apiCalls,
      byPath: Object.fromEntries(this.byPath),
    };
  }

  list(): MockRequestRecord[] {
    const start = Math.max(0, this.records.length - MAX_RECORDS);
    return this.records.slice(start).map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.logins = 0;
    this.failedLogins = 0;
    this.refreshes = 0;
    this.unauthorized = 0;
    this.apiCalls = 0;
    this.byPath = new Map();
    this.records = [];
  }
}
