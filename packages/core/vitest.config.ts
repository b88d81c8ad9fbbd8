import { definePackageConfig } from '../../vitest.shared.js';

// The secrets check over console/stdout output (test/reliability/setup.ts) comes from the shared config.
export default definePackageConfig('@mastersfetch/core');
