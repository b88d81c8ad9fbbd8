import type { Scenario } from '../types.js';
import { cacheHit } from './cache-hit.js';
import { coldBurst } from './cold-burst.js';
import { coldStart } from './cold-start.js';
import { expiry } from './expiry.js';
import { fleet } from './fleet.js';
import { instrumentation } from './instrumentation.js';
import { mock } from './mock.js';
import { overhead } from './overhead.js';
import { peers } from './peers.js';
import { redaction } from './redaction.js';
import { soak } from './soak.js';
import { tenants } from './tenants.js';
import { typed } from './typed.js';

/**
 * Every scenario the runner knows (`pnpm bench <name>`). `SCENARIO_ORDER` in report.ts must list
 * each of them, or its results never reach RESULTS.md (report.test.ts checks it).
 */
export const SCENARIOS: readonly Scenario[] = [
  overhead,
  cacheHit,
  coldBurst,
  coldStart,
  expiry,
  tenants,
  fleet,
  peers,
  soak,
  mock,
  redaction,
  typed,
  instrumentation,
];
