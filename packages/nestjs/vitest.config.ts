import swc from 'unplugin-swc';
import { definePackageConfig } from '../../vitest.shared.js';

// SWC compiles the legacy decorators of Nest tests (tsconfig.json: experimentalDecorators, and
// deliberately no emitDecoratorMetadata: every injection uses an explicit token).
export default definePackageConfig('@mastersfetch/nestjs', {
  plugins: [swc.vite()],
  test: {
    exclude: ['test/nest10/**', '**/node_modules/**'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
