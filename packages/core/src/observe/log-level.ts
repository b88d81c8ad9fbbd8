import { MastersConfigError } from '../errors.js';
import type { MastersLogger } from '../types.js';

/** The environment variable that picks a console log level when no `logger` option is passed. */
export const LOG_LEVEL_ENV = 'MASTERSFETCH_LOG_LEVEL';

/** Levels of {@link LOG_LEVEL_ENV}, most verbose first. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

type Method = Exclude<LogLevel, 'silent'>;

/**
 * The console logger of `MASTERSFETCH_LOG_LEVEL` (docs/ARCHITECTURE.md §12): read once, when the
 * client is created; unset or empty = `undefined` (silence, as without a logger). Lines go to
 * `console.debug|info|warn|error` as `[mastersfetch] <message>` plus the (already redacted) fields.
 *
 * @param env - the environment to read (default `process.env`)
 * @returns a pino-style logger writing `level` and above, or `undefined`
 * @throws MastersConfigError naming `MASTERSFETCH_LOG_LEVEL` for a value other than
 *   debug|info|warn|error|silent (case-insensitive)
 */
export function envLogger(env: NodeJS.ProcessEnv = process.env): MastersLogger | undefined {
  const raw = env[LOG_LEVEL_ENV];
  if (raw === undefined || raw.trim() === '') return undefined;
  const level = raw.trim().toLowerCase();
  const index = (LOG_LEVELS as readonly string[]).indexOf(level);
  if (index < 0) {
    throw new MastersConfigError({
      option: LOG_LEVEL_ENV,
      reason: `must be one of ${LOG_LEVELS.join(', ')} (got ${JSON.stringify(raw.slice(0, 20))})`,
    });
  }
  if (level === 'silent') return undefined;
  const enabled = (method: Method): boolean => LOG_LEVELS.indexOf(method) >= index;
  const line =
    (method: Method) =>
    (fields: Record<string, unknown> | undefined, message: string): void => {
      if (!enabled(method)) return;
      const { lib: _lib, ...rest } = fields ?? {};
      // The one place core writes to the console: the user asked for it with the variable.
      // eslint-disable-next-line no-console
      if (Object.keys(rest).length > 0) console[method](`[mastersfetch] ${message}`, rest);
      // eslint-disable-next-line no-console
      else console[method](`[mastersfetch] ${message}`);
    };
  return {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    isLevelEnabled: (l: string) => enabled(l as Method),
  } as MastersLogger;
}
