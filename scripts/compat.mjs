#!/usr/bin/env node
// pnpm test:compat: installs the packed tarballs into the consumer fixtures of test/consumers/ and
// runs them on several Node versions (the machine's Node plus Node binaries from the npm registry's
// `node` package), swapping only the binary. Prints a matrix; exits non-zero on any failure.
//
// Usage: node scripts/compat.mjs [--node 20,22,24] [--only packages,express5] [--no-build]
// Cache (npm cache, Node binaries, tarballs, fixture installs) lives outside the repo in
// $MASTERSFETCH_COMPAT_CACHE or ~/.cache/mastersfetch-compat; delete it for a cold run.
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPackages, cacheDir, packPackages, root } from './packages.mjs';

const { values: args } = parseArgs({
  options: {
    node: { type: 'string', default: '20,22,24' },
    only: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    jobs: { type: 'string', default: '2' },
  },
});

const fixturesDir = join(root, 'test', 'consumers', 'fixtures');
const sharedDir = join(root, 'test', 'consumers', 'shared');
const workDir = join(cacheDir, 'work');
const npmCache = join(cacheDir, 'npm-cache');
const jobs = Math.max(1, Number(args.jobs) || 2);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)}s`;
const log = (msg) => console.log(`[compat ${elapsed()}] ${msg}`);

/** Runs a command; resolves { code, output, ms } (never rejects). Output is stdout+stderr. */
function run(cmd, argv, { cwd, timeoutMs = 120_000, env } = {}) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(cmd, argv, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const add = (chunk) => {
      output += chunk;
      if (output.length > 200_000) output = output.slice(-100_000);
    };
    child.stdout.on('data', add);
    child.stderr.on('data', add);
    const timer = setTimeout(() => {
      add(`\n[compat] timed out after ${timeoutMs / 1000}s, killed\n`);
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => add(`\n[compat] could not start ${cmd}: ${err.message}\n`));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 1 : 0), output, ms: Date.now() - t0 });
    });
  });
}

/** Runs async tasks with at most `limit` at a time; returns their results in order. */
async function pool(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const npmEnv = {
  npm_config_cache: npmCache,
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
};

/** Path of a Node binary of the given major: the machine's, or the npm `node@MAJOR` package's. */
async function nodeBinary(major) {
  if (process.versions.node.split('.')[0] === String(major)) return process.execPath;
  const dir = join(cacheDir, `node${major}`);
  const bin = join(dir, 'node_modules', '.bin', 'node');
  if (!existsSync(bin)) {
    log(`installing node@${major} from the npm registry into ${dir}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
    const res = await run('npm', ['install', '--no-save', '--prefer-offline', `node@${major}`], {
      cwd: dir,
      env: npmEnv,
      timeoutMs: 600_000,
    });
    if (res.code !== 0 || !existsSync(bin)) {
      throw new Error(
        `could not install node@${major} from the npm registry:\n${res.output.slice(-4000)}`,
      );
    }
  }
  return bin;
}

/** Copies a fixture into its work folder (keeping node_modules) and points it at the tarballs. */
function prepareFixture(name, tarballs) {
  const src = join(fixturesDir, name);
  const dest = join(workDir, name);
  mkdirSync(dest, { recursive: true });
  for (const entry of readdirSync(dest)) {
    if (entry !== 'node_modules') rmSync(join(dest, entry), { recursive: true, force: true });
  }
  // Our packages are reinstalled from the fresh tarballs every run; the rest of node_modules stays.
  rmSync(join(dest, 'node_modules', '@mastersfetch'), { recursive: true, force: true });
  rmSync(join(dest, 'node_modules', '.package-lock.json'), { force: true });
  cpSync(src, dest, {
    recursive: true,
    filter: (p) => !/[\\/](node_modules|dist)([\\/]|$)/.test(p.slice(src.length)),
  });
  cpSync(sharedDir, join(dest, 'shared'), { recursive: true });

  const manifestPath = join(dest, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const spec = (pkg) => {
    const file = tarballs.get(pkg);
    if (!file) throw new Error(`fixture ${name} wants ${pkg}, which was not packed`);
    return `file:${file}`;
  };
  for (const field of ['dependencies', 'devDependencies']) {
    for (const [pkg, range] of Object.entries(manifest[field] ?? {})) {
      if (range === 'tarball:') manifest[field][pkg] = spec(pkg);
    }
  }
  // Transitive @mastersfetch/* dependencies (e.g. an adapter's core) come from the tarballs too,
  // never from the registry; the fixture itself lists only what a user would install.
  manifest.overrides = Object.fromEntries([...tarballs.keys()].map((pkg) => [pkg, spec(pkg)]));
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  const config = JSON.parse(readFileSync(join(dest, 'fixture.json'), 'utf8'));
  return { name, dir: dest, config };
}

/**
 * A fixture.json build/typecheck entry: "tsconfig.json", or "typescript5:tsconfig.json" to use
 * another TypeScript installed under that npm alias.
 */
function tscEntry(entry) {
  const [compiler, project] = entry.includes(':') ? entry.split(':') : ['typescript', entry];
  const check = compiler === 'typescript' ? `tsc -p ${project}` : `${compiler} -p ${project}`;
  return { compiler, project, check };
}

async function main() {
  const fixtureNames = readdirSync(fixturesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(fixturesDir, d.name, 'fixture.json')))
    .map((d) => d.name)
    .filter((n) => !args.only || args.only.split(',').includes(n))
    .sort();
  const majors = args.node
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  mkdirSync(cacheDir, { recursive: true });
  log(`cache: ${cacheDir}; fixtures: ${fixtureNames.join(', ')}; Node: ${majors.join(', ')}`);

  if (!args['no-build']) {
    log('building the published packages');
    buildPackages();
  }
  log('packing the published packages (pnpm pack)');
  const tarballs = await packPackages(join(cacheDir, 'tarballs'));

  // Node binaries download while fixtures install.
  const nodesPromise = Promise.all(
    majors.map(async (major) => {
      try {
        const bin = await nodeBinary(major);
        const res = await run(bin, ['--version']);
        return { major, bin, version: res.output.trim() };
      } catch (err) {
        return { major, error: err.message };
      }
    }),
  );

  const fixtures = fixtureNames.map((n) => prepareFixture(n, tarballs));
  log(
    `installing ${fixtures.length} fixtures (npm install; reuses node_modules and the npm cache)`,
  );
  const results = []; // { fixture, check, column, ok, ms, output }
  const installOk = new Map();
  await pool(fixtures, jobs, async (fx) => {
    const res = await run(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
      {
        cwd: fx.dir,
        env: npmEnv,
        timeoutMs: 900_000,
      },
    );
    installOk.set(fx.name, res.code === 0);
    results.push({
      fixture: fx.name,
      check: 'npm install',
      column: 'setup',
      ok: res.code === 0,
      ms: res.ms,
      output: res.output,
    });
    log(
      `${res.code === 0 ? 'ok  ' : 'FAIL'} ${fx.name}: npm install (${(res.ms / 1000).toFixed(1)}s)`,
    );
  });

  // TypeScript steps (type checks, builds) once, with the machine's Node: tsc output does not
  // depend on the Node that later runs it.
  const tscSteps = fixtures.flatMap((fx) => [
    ...(fx.config.build ?? []).map((entry) => ({ fx, ...tscEntry(entry), typecheck: false })),
    ...(fx.config.typecheck ?? []).map((entry) => ({ fx, ...tscEntry(entry), typecheck: true })),
  ]);
  await pool(tscSteps, jobs, async ({ fx, project, compiler, check, typecheck }) => {
    if (!installOk.get(fx.name)) {
      results.push({
        fixture: fx.name,
        check,
        column: 'setup',
        ok: false,
        ms: 0,
        output: 'not run: npm install failed',
      });
      return;
    }
    const res = await run(
      process.execPath,
      [join('node_modules', compiler, 'bin', 'tsc'), '-p', project],
      {
        cwd: fx.dir,
        timeoutMs: 300_000,
      },
    );
    results.push({
      fixture: fx.name,
      check,
      column: 'setup',
      typecheck,
      ok: res.code === 0,
      ms: res.ms,
      output: res.output,
    });
    log(
      `${res.code === 0 ? 'ok  ' : 'FAIL'} ${fx.name}: ${check} (${(res.ms / 1000).toFixed(1)}s)`,
    );
  });

  const nodes = await nodesPromise;
  const runSteps = nodes.flatMap((node) =>
    fixtures.flatMap((fx) => (fx.config.run ?? []).map((entry) => ({ node, fx, entry }))),
  );
  await pool(runSteps, jobs, async ({ node, fx, entry }) => {
    const column = `node${node.major}`;
    const base = { fixture: fx.name, check: `node ${entry}`, column };
    // Type-check failures do not block running; a failed install or build does.
    const setupFailed = results.some(
      (r) => r.fixture === fx.name && r.column === 'setup' && !r.ok && !r.typecheck,
    );
    if (node.error) return results.push({ ...base, ok: false, ms: 0, output: node.error });
    if (setupFailed)
      return results.push({
        ...base,
        ok: false,
        ms: 0,
        output: 'not run: install or build failed',
      });
    const res = await run(node.bin, [entry], { cwd: fx.dir, timeoutMs: 90_000 });
    results.push({ ...base, ok: res.code === 0, ms: res.ms, output: res.output });
    log(
      `${res.code === 0 ? 'ok  ' : 'FAIL'} ${fx.name}: ${entry} on Node ${node.version} (${(res.ms / 1000).toFixed(1)}s)`,
    );
  });

  report(fixtures, nodes, results);
}

function report(fixtures, nodes, results) {
  const cell = (fixture, check, column) => {
    const r = results.find(
      (x) => x.fixture === fixture && x.check === check && x.column === column,
    );
    return r ? (r.ok ? 'ok' : 'FAIL') : '';
  };
  const header = [
    'fixture',
    'check',
    'setup',
    ...nodes.map((n) => `Node ${n.version ?? `${n.major} (missing)`}`),
  ];
  const rows = [];
  for (const fx of fixtures) {
    const checks = [
      'npm install',
      ...[...(fx.config.build ?? []), ...(fx.config.typecheck ?? [])].map((e) => tscEntry(e).check),
      ...(fx.config.run ?? []).map((entry) => `node ${entry}`),
    ];
    for (const check of checks) {
      rows.push([
        fx.name,
        check,
        cell(fx.name, check, 'setup'),
        ...nodes.map((n) => cell(fx.name, check, `node${n.major}`)),
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cols) => `| ${cols.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const failures = results.filter((r) => !r.ok);
  for (const f of failures) {
    console.log(`\n----- FAILED: ${f.fixture}: ${f.check} [${f.column}] -----`);
    console.log(f.output.trim().split('\n').slice(-60).join('\n'));
  }
  console.log(
    "\nCompatibility matrix (setup = npm install and tsc, once, on the machine's Node):\n",
  );
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(r));
  const passed = results.length - failures.length;
  console.log(`\ncompat finished in ${elapsed()}`);
  console.log(`compat: ${passed} passed, ${failures.length} failed`);
  if (failures.length > 0) process.exitCode = 1;
}

main().catch((err) => {
  console.error(`[compat] ${err.stack ?? err}`);
  console.log('compat: 0 passed, 1 failed');
  process.exitCode = 1;
});
