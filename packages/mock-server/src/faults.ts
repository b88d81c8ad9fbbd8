import type { MockFaultHandle, MockFaultRule } from './types.js';

interface ActiveFault {
  rule: MockFaultRule;
  method?: string;
  remaining: number;
  removed: boolean;
}

/** Injected faults, matched in the order they were added (see `MockServer.fault`). */
export class FaultRegistry {
  private faults: ActiveFault[] = [];

  add(rule: MockFaultRule): MockFaultHandle {
    if (typeof rule.path !== 'string' || !rule.path.startsWith('/')) {
      throw new TypeError('fault(): `path` must be an exact pathname starting with "/"');
    }
    const fault: ActiveFault = {
      rule: { ...rule },
      ...(rule.method !== undefined ? { method: rule.method.toUpperCase() } : {}),
      remaining: rule.times ?? Number.POSITIVE_INFINITY,
      removed: false,
    };
    this.faults.push(fault);
    return {
      remove: () => {
        fault.removed = true;
        this.faults = this.faults.filter((candidate) => candidate !== fault);
      },
    };
  }

  /** The first live fault for this request, consuming one of its `times`. */
  take(method: string, path: string): MockFaultRule | undefined {
    if (this.faults.length === 0) return undefined;
    for (const fault of this.faults) {
      if (fault.removed || fault.remaining <= 0) continue;
      if (fault.rule.path !== path) continue;
      if (fault.method !== undefined && fault.method !== method) continue;
      fault.remaining -= 1;
      if (fault.remaining <= 0)
        this.faults = this.faults.filter((candidate) => candidate !== fault);
      return fault.rule;
    }
    return undefined;
  }

  clear(): void {
    this.faults = [];
  }
}
