import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig, type ViteUserConfig } from 'vitest/config';

/**
 * The secrets check over the whole test run: every package's test files run with it, and a file
 * whose console/stdout/stderr output contains a password, token or API key seen on the wire fails.
 */
const SECRETS_SETUP = fileURLToPath(
  new URL('./packages/core/test/reliability/setup.ts', import.meta.url),
);

/**
 * Shared vitest settings for every workspace package. When `VITEST_JSON_DIR` is set (by `.ci/run`),
 * each package also writes vitest's JSON report there so CI can count passed and failed tests.
 */
export function definePackageConfig(name: string, overrides: ViteUserConfig = {}): ViteUserConfig {
  const jsonDir = process.env.VITEST_JSON_DIR;
  const base = defineConfig({
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      setupFiles: [SECRETS_SETUP],
      testTimeout: 120_000,
      hookTimeout: 60_000,
      reporters: jsonDir ? ['default', 'json'] : ['default'],
      outputFile: jsonDir
        ? { json: `${jsonDir}/${name.replace(/[^a-z0-9-]+/gi, '_')}.json` }
        : undefined,
    },
  });
  return mergeConfig(base, overrides);
}
