import { definePackageConfig } from '../vitest.shared.js';

export default definePackageConfig('bench', { test: { include: ['src/**/*.test.ts'] } });
