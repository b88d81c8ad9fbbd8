import { describe, expect, it } from 'vitest';
import { createLogger, isNestLogger, LOG_CONTEXT } from './logger.js';
import { Redactor } from './redact.js';

const SECRET = 'pw-very-secret-1';

function recorder(methods: string[]) {
  const calls: { method: string; args: unknown[] }[] = [];
  const logger: Record<string, (...args: unknown[]) => void> = {};
  for (const m of methods) logger[m] = (...args) => calls.push({ method: m, args });
  return { logger: logger as never, calls };
}

describe('createLogger', () => {
  it('calls a pino-style logger as (obj, msg), redacted', () => {
    const redactor = new Redactor();
    redactor.add(SECRET);
    const { logger, calls } = recorder(['debug', 'info', 'warn', 'error']);
    const log = createLogger(logger, redactor);
    log.warn(`login failed ${SECRET}`, { password: 'x', nested: { note: SECRET }, n: 1 });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.method).toBe('warn');
    const [obj, msg] = calls[0]?.args as [Record<string, unknown>, string];
    expect(msg).toBe('login failed [REDACTED]');
    expect(obj).toMatchObject({ password: '[REDACTED]', nested: { note: '[REDACTED]' }, n: 1 });
    expect(JSON.stringify(calls)).not.toContain(SECRET);
  });

  it('calls a Nest LoggerService as (msg, context), info -> log', () => {
    const redactor = new Redactor();
    redactor.add(SECRET);
    const { logger, calls } = recorder(['log', 'warn', 'error']);
    expect(isNestLogger(logger)).toBe(true);
    const log = createLogger(logger, redactor);
    log.info('renewed', { token: SECRET, generation: 2 });
    log.debug('dropped: Nest logger without debug');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.method).toBe('log');
    expect(calls[0]?.args[1]).toBe(LOG_CONTEXT);
    expect(calls[0]?.args[0]).toBe('renewed {"token":"[REDACTED]","generation":2}');
  });

  it('is silent without a logger and survives a throwing logger', () => {
    expect(() => createLogger(undefined).error('x')).not.toThrow();
    const log = createLogger({
      warn: () => {
        throw new Error('broken');
      },
      error: () => {},
    });
    expect(() => log.warn('x')).not.toThrow();
  });
});
