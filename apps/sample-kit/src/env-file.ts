import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

/** Options of {@link loadSampleEnvFile}. */
export interface LoadSampleEnvFileOptions {
  /** Name of the app, for the log line, e.g. `'express-sample'`. */
  appName: string;
  /** The app's own folder (where its `package.json` and `.env.example` are); `.env` is read from it. */
  appDir: string;
  /** Environment to fill in (default `process.env`). Variables already set in it win over the file. */
  env?: NodeJS.ProcessEnv;
  /**
   * Command-line arguments (default `process.argv.slice(2)`). `--no-env-file` skips the file (the
   * demo passes it, so a `.env` left in a sample's folder never redirects the demo's apps).
   */
  argv?: readonly string[];
  /** Where to write the log line (default `console.log`). Never receives a value from the file. */
  logger?: (line: string) => void;
}

/**
 * Loads `<appDir>/.env` into `env` the same way in every sample app, whatever the working
 * directory: a variable already set in `env` (even to an empty string) wins over the file. Logs
 * which file it loaded (`<app>: loaded /path/to/.env (variables already set in the environment
 * win)`), or that there was none, so a sample never silently falls back to the embedded mock.
 * Values are never logged. Parsing is Node's own `util.parseEnv` (the format of `node --env-file`).
 *
 * @returns the absolute path of the loaded file, or `undefined` when there was none or
 *   `--no-env-file` was given.
 * @throws Error naming the file when it exists but cannot be read.
 * @example
 * ```ts
 * loadSampleEnvFile({ appName: 'koa-sample', appDir: fileURLToPath(new URL('..', import.meta.url)) });
 * const config = await loadSampleConfig({ appName: 'koa-sample', defaultPort: 3002 });
 * ```
 */
export function loadSampleEnvFile(options: LoadSampleEnvFileOptions): string | undefined {
  const env = options.env ?? process.env;
  const argv = options.argv ?? process.argv.slice(2);
  const log = options.logger ?? ((line: string) => console.log(line));
  const file = join(options.appDir, '.env');
  if (argv.includes('--no-env-file')) {
    log(`${options.appName}: --no-env-file given; not reading ${file}`);
    return undefined;
  }
  if (!existsSync(file)) {
    log(`${options.appName}: no .env file at ${file}; using the environment only`);
    return undefined;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = err instanceof Error && 'code' in err ? String(err.code) : 'unreadable';
    throw new Error(`Cannot read ${file}: ${reason}`, { cause: err });
  }
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (value !== undefined && env[name] === undefined) env[name] = value;
  }
  log(`${options.appName}: loaded ${file} (variables already set in the environment win)`);
  return file;
}
