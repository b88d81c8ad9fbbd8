import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { definePackageConfig } from '../../../../vitest.shared.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// `@mastersfetch/nestjs` is linked to packages/nestjs, whose own devDependencies are Nest 11 (and
// Terminus 12).
// Vitest inlines the linked dist (it is outside node_modules), so pin every `@nestjs/*` import,
// including the package's, to this fixture's Nest 10 copies (and Terminus 11, which supports Nest 10).
export default definePackageConfig('@mastersfetch/nestjs-test-nest10', {
  plugins: [swc.vite()],
  resolve: {
    alias: [
      { find: /^@nestjs\/common$/, replacement: here('./node_modules/@nestjs/common/index.js') },
      { find: /^@nestjs\/core$/, replacement: here('./node_modules/@nestjs/core/index.js') },
      {
        find: /^@nestjs\/terminus$/,
        replacement: here('./node_modules/@nestjs/terminus/dist/index.js'),
      },
    ],
  },
  test: {
    include: ['*.test.ts'],
    server: { deps: { inline: ['@mastersfetch/nestjs'] } },
  },
});
