import { definePackageConfig } from '../../vitest.shared.js';

export default definePackageConfig('@mastersfetch/redis', {
  test: {
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: 'tsconfig.json' },
  },
});
