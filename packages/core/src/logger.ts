import { sharedRedactor, type Redactor } from './redact.js';
import type { MastersLogger } from './types.js';

/** The client's internal logger: one call shape whatever logger the user passed. */
export interface InternalLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /**
   * `false` when a `debug` line would be dropped anyway (no logger, no `debug` method, or the
   * logger's own `isLevelEnabled('debug')` says so): the per-call debug line of §12 is then not
   * even built. Absent = enabled.
   */
  isDebugEnabled?(): boolean;
}

/** The Nest context string passed as the last argument to a `LoggerService`. */
export const LOG_CONTEXT = 'MastersFetch';

type Level = Exclude<keyof InternalLogger, 'isDebugEnabled'>;

const silent: InternalLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  isDebugEnabled: () => false,
};

/**
 * `true` for a NestJS `LoggerService` (`log(message, context)`, no `info`); `false` for a pino-style
 * logger (`info(obj, msg)`), which includes pino, bunyan-like loggers and `console`.
 */
export function isNestLogger(logger: MastersLogger): boolean {
  return typeof logger.log === 'function' && typeof logger.info !== 'function';
}

/**
 * Wraps a pino-style logger (`logger.warn({ ...fields }, message)`) or a NestJS `LoggerService`
 * (`logger.warn('message {json fields}', 'MastersFetch')`, or without the context argument when the
 * Nest logger has a context of its own) into an {@link InternalLogger}. Every
 * message and field goes through the redactor first; a logger that throws is ignored; no logger
 * means silence.
 *
 * @param logger - the user's logger, or `undefined`.
 * @param redactor - defaults to the process-wide {@link sharedRedactor}.
 * @example
 * ```ts
 * const log = createLogger(pino());
 * log.warn('token renewal failed', { keyFingerprint, nextAttemptInMs: 2000 });
 * ```
 */
export function createLogger(
  logger: MastersLogger | undefined,
  redactor: Redactor = sharedRedactor,
): InternalLogger {
  if (!logger) return silent;
  const nest = isNestLogger(logger);
  const target = logger as unknown as Record<string, unknown>;
  // Nest's `Logger` and `ConsoleLogger` keep the context they were created with in `context`.
  const hasOwnContext = typeof target.context === 'string' && target.context !== '';

  const pick = (level: Level): string | undefined => {
    const candidates: Record<Level, string[]> = nest
      ? { debug: ['debug'], info: ['log'], warn: ['warn'], error: ['error'] }
      : { debug: ['debug'], info: ['info', 'log'], warn: ['warn'], error: ['error'] };
    return candidates[level].find((m) => typeof target[m] === 'function');
  };

  const make =
    (level: Level) =>
    (message: string, fields?: Record<string, unknown>): void => {
      try {
        // Inside the guard: reading the method may run a getter that throws.
        const method = pick(level);
        if (!method) return;
        const text = redactor.redact(message);
        const safe =
          fields && Object.keys(fields).length > 0
            ? (redactor.redactValue(fields) as Record<string, unknown>)
            : undefined;
        const fn = target[method] as (...args: unknown[]) => void;
        if (nest) {
          const suffix = safe ? ` ${safeJson(safe)}` : '';
          // A Nest `Logger` created with a context appends its own: an extra context argument would
          // be printed as a second line (`Logger.warn(msg, 'MastersFetch')` -> two lines).
          if (hasOwnContext) fn.call(logger, `${text}${suffix}`);
          else fn.call(logger, `${text}${suffix}`, LOG_CONTEXT);
        } else {
          fn.call(logger, { ...safe, lib: 'mastersfetch' }, text);
        }
      } catch {
        // A broken logger must never break a request.
      }
    };

  return {
    debug: make('debug'),
    info: make('info'),
    warn: make('warn'),
    error: make('error'),
    isDebugEnabled: () => {
      try {
        return pick('debug') !== undefined && levelEnabled(logger, 'debug');
      } catch {
        return false; // a logger whose `debug` cannot even be read gets no debug line
      }
    },
  };
}

/**
 * Asks the logger whether `level` is on: pino's and a Nest `ConsoleLogger`'s `isLevelEnabled`, or
 * Nest `Logger`'s static one; `true` when the logger cannot tell (or its check throws).
 */
function levelEnabled(logger: MastersLogger, level: 'debug'): boolean {
  try {
    const own = (logger as { isLevelEnabled?: unknown }).isLevelEnabled;
    if (typeof own === 'function')
      return (own as (l: string) => unknown).call(logger, level) !== false;
    const ctor = (logger as { constructor?: { isLevelEnabled?: unknown } }).constructor;
    const statik = ctor?.isLevelEnabled;
    if (typeof statik === 'function')
      return (statik as (l: string) => unknown).call(ctor, level) !== false;
  } catch {
    // A broken logger: let it decide per call.
  }
  return true;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return '[unserializable]';
  }
}
