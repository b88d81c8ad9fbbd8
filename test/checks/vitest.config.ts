import { definePackageConfig } from '../../vitest.shared.js';

export default definePackageConfig('@mastersfetch/repo-checks', {
  test: { include: ['*.test.ts'] },
});
