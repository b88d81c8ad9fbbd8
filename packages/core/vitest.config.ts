import { definePackageConfig } from '../../vitest.shared.js';

export default definePackageConfig('@mastersfetch/core', {
  // Secrets check over the console/stdout output of every test file (see the file).
  test: { setupFiles: ['./test/reliability/setup.ts'] },
});
