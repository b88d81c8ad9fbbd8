// Repository-wide checks of the rules in docs/ARCHITECTURE.md and the contributor brief, over the
// files themselves (no allow-list: a rule holds for every file, or the test names the offenders).
// turbo runs this after building every package (turbo.json: `@mastersfetch/repo-checks#test`
// depends on `^build`, and every package is a devDependency here), so `dist` is current.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const packagesDir = join(root, 'packages');

/** Largest non-test source file of packages/*\/src, in lines. */
const MAX_SOURCE_LINES = 400;
/** Largest middleware file of an adapter, in lines (ARCHITECTURE §8: about 60-90 lines each). */
const MAX_MIDDLEWARE_LINES = 90;
/** The framework adapters and how their middleware files are named. */
const ADAPTERS = ['express', 'koa', 'nestjs'];
const MIDDLEWARE_FILE = /(^|[.-])middleware\.ts$|^extend-context\.ts$/;
/** Code cites docs/ARCHITECTURE.md and public URLs; never the design notes or the reference file. */
const FORBIDDEN_CITATION = /\b(?:DESIGN(?:\.md)?|reference)\s*§/i;
const TEST_FILE = /\.test(?:-d)?\.ts$/;

/** Every file under `dir` (recursively), as absolute paths. */
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : walk(path);
    return entry.isFile() ? [path] : [];
  });
}

/** Lines as `wc -l` counts them for a file that ends with a newline. */
function lineCount(path: string): number {
  const text = readFileSync(path, 'utf8');
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

const rel = (path: string) => relative(root, path);

/** packages/<name> folders that have a package.json. */
const packageDirs = readdirSync(packagesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(packagesDir, d.name, 'package.json')))
  .map((d) => join(packagesDir, d.name));

/** Non-test TypeScript files of packages/*\/src. */
const sourceFiles = packageDirs.flatMap((dir) =>
  existsSync(join(dir, 'src'))
    ? walk(join(dir, 'src')).filter((f) => f.endsWith('.ts') && !TEST_FILE.test(f))
    : [],
);

describe('published files (packages/*/dist)', () => {
  it('never cite "DESIGN §" or "reference §" (cite docs/ARCHITECTURE.md sections instead)', () => {
    const offenders: string[] = [];
    for (const dir of packageDirs) {
      const dist = join(dir, 'dist');
      expect(existsSync(dist), `${rel(dist)} is missing: run \`pnpm build\``).toBe(true);
      // What `files` publishes: .js and .d.ts, without the test files.
      const published = walk(dist).filter(
        (f) => /\.(?:js|d\.ts)$/.test(f) && !/\.test(?:-d)?\.(?:js|d\.ts)$/.test(f),
      );
      for (const file of published) {
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (FORBIDDEN_CITATION.test(line))
              offenders.push(`${rel(file)}:${i + 1}: ${line.trim()}`);
          });
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe('source files (packages/*/src)', () => {
  it(`no non-test file is over ${MAX_SOURCE_LINES} lines`, () => {
    expect(sourceFiles.length).toBeGreaterThan(50); // the walk found the sources
    const offenders = sourceFiles
      .map((file) => ({ file: rel(file), lines: lineCount(file) }))
      .filter((f) => f.lines > MAX_SOURCE_LINES)
      .map((f) => `${f.file}: ${f.lines} lines`);
    expect(offenders).toEqual([]);
  });

  it(`every adapter middleware file is at most ${MAX_MIDDLEWARE_LINES} lines`, () => {
    const offenders: string[] = [];
    for (const adapter of ADAPTERS) {
      const files = sourceFiles.filter(
        (f) =>
          f.startsWith(join(packagesDir, adapter, 'src') + '/') &&
          MIDDLEWARE_FILE.test(f.slice(f.lastIndexOf('/') + 1)),
      );
      // A rename must not turn the check off silently.
      expect(files.length, `no middleware file found in packages/${adapter}/src`).toBeGreaterThan(
        0,
      );
      for (const file of files) {
        const lines = lineCount(file);
        if (lines > MAX_MIDDLEWARE_LINES) offenders.push(`${rel(file)}: ${lines} lines`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
