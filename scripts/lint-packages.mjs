#!/usr/bin/env node
// pnpm lint:packages: builds the published packages, packs each one (pnpm pack, as a publish
// would) and runs publint (strict: every suggestion, warning and error counts) and
// @arethetypeswrong/cli (esm-only profile) on each tarball. Exits non-zero on any problem.
//
// Usage: node scripts/lint-packages.mjs [--no-build]
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { buildPackages, packPackages, root } from './packages.mjs';

const attwBin = join(root, 'node_modules', '.bin', 'attw');

async function lintOne(name, tarball) {
  const problems = [];
  const data = readFileSync(tarball);
  const tarballBuffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  const { messages, pkg } = await publint({ pack: { tarball: tarballBuffer }, strict: true });
  for (const m of messages) problems.push(`publint ${m.type}: ${formatMessage(m, pkg) ?? m.code}`);

  try {
    await promisify(execFile)(
      attwBin,
      [tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-color', '--no-emoji'],
      { env: { ...process.env, FORCE_COLOR: '0' }, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (err) {
    problems.push(
      `attw (esm-only profile):\n${String(err.stdout ?? '')}${String(err.stderr ?? err.message)}`,
    );
  }
  return { name, problems };
}

async function main() {
  if (!process.argv.includes('--no-build')) buildPackages();
  const dest = mkdtempSync(join(tmpdir(), 'mastersfetch-pack-'));
  try {
    const tarballs = await packPackages(dest);
    const results = await Promise.all([...tarballs].map(([name, file]) => lintOne(name, file)));
    let failed = 0;
    for (const { name, problems } of results) {
      if (problems.length === 0) {
        console.log(`ok   ${name}: publint and attw report no problems`);
      } else {
        failed += 1;
        console.log(`FAIL ${name}:`);
        for (const p of problems) console.log(`  - ${p.replace(/\n/g, '\n    ')}`);
      }
    }
    const version = (pkg) =>
      JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
    const publintVersion = version('publint');
    const attwVersion = version('@arethetypeswrong/cli');
    console.log(`(publint ${publintVersion}, @arethetypeswrong/cli ${attwVersion})`);
    console.log(`lint:packages: ${results.length - failed} passed, ${failed} failed`);
    if (failed > 0) process.exitCode = 1;
  } finally {
    rmSync(dest, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err.stack ?? err);
  process.exitCode = 1;
});
