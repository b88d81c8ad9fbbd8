import { describe, expect, it, vi } from 'vitest';
import { MastersConfigError } from '../errors.js';
import { createLogger } from '../logger.js';
import { envLogger, LOG_LEVEL_ENV } from './log-level.js';

describe('envLogger (MASTERSFETCH_LOG_LEVEL)', () => {
  it('unset, empty or silent: no logger', () => {
    expect(envLogger({})).toBeUndefined();
    expect(envLogger({ [LOG_LEVEL_ENV]: ' ' })).toBeUndefined();
    expect(envLogger({ [LOG_LEVEL_ENV]: 'silent' })).toBeUndefined();
  });

  it('writes the level and above to console, and reports debug off through createLogger', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    try {
      const log = createLogger(envLogger({ [LOG_LEVEL_ENV]: 'warn' }));
      log.info('hidden');
      log.warn('shown', { n: 1 });
      expect(info).not.toHaveBeenCalled();
      expect(warn).toHaveBeenCalledWith('[mastersfetch] shown', { n: 1 });
      expect(log.isDebugEnabled?.()).toBe(false);
      expect(createLogger(envLogger({ [LOG_LEVEL_ENV]: 'Debug' })).isDebugEnabled?.()).toBe(true);
      expect(createLogger(undefined).isDebugEnabled?.()).toBe(false);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('an unknown level: MastersConfigError naming the variable', () => {
    expect(() => envLogger({ [LOG_LEVEL_ENV]: 'trace' })).toThrow(MastersConfigError);
    expect(() => envLogger({ [LOG_LEVEL_ENV]: 'trace' })).toThrow(/MASTERSFETCH_LOG_LEVEL/);
  });
});
