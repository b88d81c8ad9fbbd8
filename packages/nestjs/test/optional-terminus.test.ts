import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'mastersfetch-no-terminus-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A Node resolve hook that answers `@nestjs/terminus` (an optional peer dependency) the way Node
// does when it is not installed.
writeFileSync(
  join(dir, 'hooks.mjs'),
  `export async function resolve(specifier, context, next) {
  if (specifier === '@nestjs/terminus' || specifier.startsWith('@nestjs/terminus/')) {
    const error = new Error("Cannot find package '" + specifier + "' imported from " + context.parentURL);
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return next(specifier, context);
}
`,
);
writeFileSync(
  join(dir, 'register.mjs'),
  `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`,
);

/** Runs an ES module snippet in a fresh Node (cwd: this package, so it imports itself by name). */
async function run(code: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', join(dir, 'register.mjs'), '--input-type=module', '-e', code],
    { cwd: packageDir },
  );
  return stdout.trim();
}

describe('@nestjs/terminus is optional (the built package, in a fresh Node)', () => {
  it('imports @mastersfetch/nestjs without it; only @mastersfetch/nestjs/health needs it', async () => {
    const out = await run(`
      const main = await import('@mastersfetch/nestjs');
      const health = await import('@mastersfetch/nestjs/health').then(
        () => 'loaded',
        (error) => error.code + ' ' + error.message,
      );
      console.log(JSON.stringify({ module: typeof main.MastersIndiaModule, health }));
    `);
    const result = JSON.parse(out) as { module: string; health: string };
    expect(result.module).toBe('function');
    expect(result.health).toMatch(/^ERR_MODULE_NOT_FOUND Cannot find package '@nestjs\/terminus'/);
  });

  it('loads @mastersfetch/nestjs/health when it is installed (no hook)', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import('@mastersfetch/nestjs/health'); console.log(typeof m.MastersHealthIndicator);`,
      ],
      { cwd: packageDir },
    );
    expect(stdout.trim()).toBe('function');
  });
});
