// Shared helpers for the packaging scripts: the list of published packages, building them and
// packing each one once with `pnpm pack` (which rewrites `workspace:` ranges like a real publish).
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Folder outside the repo for tarballs, npm cache, Node binaries and fixture installs. */
export const cacheDir =
  process.env.MASTERSFETCH_COMPAT_CACHE ?? join(homedir(), '.cache', 'mastersfetch-compat');

/** The published (non-private) packages under packages/, as { name, dir, manifest }. */
export function publishedPackages() {
  const base = join(root, 'packages');
  return readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const dir = join(base, d.name);
      let manifest;
      try {
        manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      } catch {
        return undefined;
      }
      return { name: manifest.name, dir, manifest };
    })
    .filter((p) => p && !p.manifest.private)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Builds every published package (and what they depend on) with turbo. */
export function buildPackages() {
  execFileSync(
    'pnpm',
    ['exec', 'turbo', 'run', 'build', '--filter=./packages/*', '--output-logs=errors-only'],
    { cwd: root, stdio: 'inherit' },
  );
}

/**
 * Packs every published package with `pnpm pack` into a fresh `dest` folder (in parallel).
 * Resolves a map package name -> absolute tarball path.
 */
export async function packPackages(dest = join(cacheDir, 'tarballs')) {
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const packed = await Promise.all(
    publishedPackages().map(async (pkg) => {
      const { stdout } = await promisify(execFile)(
        'pnpm',
        ['pack', '--json', '--pack-destination', dest],
        { cwd: pkg.dir, encoding: 'utf8' },
      );
      const info = JSON.parse(stdout.slice(stdout.indexOf('{')));
      return [pkg.name, resolve(dest, info.filename)];
    }),
  );
  return new Map(packed);
}
