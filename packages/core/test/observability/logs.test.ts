import { afterEach, describe, expect, it, vi } from 'vitest';
import { MastersConfigError } from '../../src/index.js';
import { ALPHA, DETAILS_PATH, GSTIN_QUERY, Harness } from '../helpers.js';

type Line = { level: string; message: string; fields: Record<string, unknown> };

/** A pino-style logger recording (fields, message); `debug` optionally reported off. */
function pinoLike(debugOn = true) {
  const lines: Line[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) =>
    lines.push({ level, message, fields });
  const logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    isLevelEnabled: (level: string) => level !== 'debug' || debugOn,
  };
  return { logger, lines };
}

describe('observability: log lines', () => {
  const h = new Harness();
  const saved = process.env.MASTERSFETCH_LOG_LEVEL;
  afterEach(async () => {
    vi.restoreAllMocks();
    if (saved === undefined) delete process.env.MASTERSFETCH_LOG_LEVEL;
    else process.env.MASTERSFETCH_LOG_LEVEL = saved;
    await h.close();
  });

  it('info per login, per renewal and per 401 replay; debug per API call (method, path without query, status, durationMs)', async () => {
    await h.start();
    const { logger, lines } = pinoLike();
    const client = h.client({ logger });
    await client.mastersFetch.get(GSTIN_QUERY);
    h.mock.revokeTokens(ALPHA.username);
    await client.mastersFetch.get(GSTIN_QUERY);
    const summary = lines.map((l) => `${l.level} ${l.message}`);
    expect(summary).toEqual([
      'info Masters India login succeeded',
      'info Masters India access token ready',
      'debug Masters India API call',
      'info Masters India login succeeded',
      'info Masters India access token ready',
      'info 401 from the API; replaying once with a renewed access token',
      'debug Masters India API call',
    ]);
    expect(lines[1]!.fields).toMatchObject({ reason: 'cold', generation: 1, lib: 'mastersfetch' });
    expect(lines[4]!.fields).toMatchObject({ reason: 'unauthorized', generation: 2 });
    const call = lines[2]!.fields;
    expect(call).toMatchObject({ method: 'GET', path: DETAILS_PATH, status: 200 });
    expect(typeof call.durationMs).toBe('number');
    expect(lines[5]!.fields).toMatchObject({ method: 'GET', path: DETAILS_PATH });
    expect(JSON.stringify(lines)).not.toContain('?action=');
  });

  it('a failed call gets its debug line with the status and the error type', async () => {
    await h.start();
    const { logger, lines } = pinoLike();
    const client = h.client({ logger });
    await client.warmUp();
    h.mock.fault({ path: '/api/v1/ewayBillCancel/', status: 500, body: { detail: 'x' } });
    await client.mastersFetch.post('api/v1/ewayBillCancel/', { json: {} }).catch(() => {});
    const call = lines.filter((l) => l.message === 'Masters India API call');
    expect(call.map((l) => l.fields)).toEqual([
      expect.objectContaining({ method: 'POST', status: 500, error: 'MastersHttpError' }),
    ]);
  });

  it("a logger whose isLevelEnabled('debug') is false gets no debug line (and the call builds none)", async () => {
    await h.start();
    const { logger, lines } = pinoLike(false);
    const debug = vi.spyOn(logger, 'debug');
    const client = h.client({ logger });
    await client.mastersFetch.get(GSTIN_QUERY);
    expect(debug).not.toHaveBeenCalled();
    expect(lines.map((l) => l.level)).toEqual(['info', 'info']);
  });

  it('a Nest LoggerService: info goes to log(), debug to debug()', async () => {
    await h.start();
    const calls: string[] = [];
    const nest = {
      log: (m: string) => calls.push(`log ${m}`),
      debug: (m: string) => calls.push(`debug ${m}`),
      warn: (m: string) => calls.push(`warn ${m}`),
      error: (m: string) => calls.push(`error ${m}`),
    };
    const client = h.client({ logger: nest });
    await client.mastersFetch.get(GSTIN_QUERY);
    expect(calls.map((c) => c.split(' {')[0])).toEqual([
      'log Masters India login succeeded',
      'log Masters India access token ready',
      'debug Masters India API call',
    ]);
  });

  it('MASTERSFETCH_LOG_LEVEL=info without a logger: console lines at info and above, no debug', async () => {
    await h.start();
    process.env.MASTERSFETCH_LOG_LEVEL = 'INFO';
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const client = h.client();
    await client.mastersFetch.get(GSTIN_QUERY);
    expect(debug).not.toHaveBeenCalled();
    expect(info.mock.calls.map((c) => c[0])).toEqual([
      '[mastersfetch] Masters India login succeeded',
      '[mastersfetch] Masters India access token ready',
    ]);
    expect(info.mock.calls[1]![1]).toMatchObject({ reason: 'cold' });
  });

  it('MASTERSFETCH_LOG_LEVEL=debug adds the call line; silent, unset and a passed logger print nothing to console', async () => {
    await h.start();
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    process.env.MASTERSFETCH_LOG_LEVEL = 'debug';
    await h.client().mastersFetch.get(GSTIN_QUERY);
    expect(debug.mock.calls.map((c) => c[0])).toEqual(['[mastersfetch] Masters India API call']);
    debug.mockClear();
    info.mockClear();
    for (const level of ['silent', '']) {
      process.env.MASTERSFETCH_LOG_LEVEL = level;
      await h.client().mastersFetch.get(GSTIN_QUERY);
    }
    delete process.env.MASTERSFETCH_LOG_LEVEL;
    await h.client().mastersFetch.get(GSTIN_QUERY);
    process.env.MASTERSFETCH_LOG_LEVEL = 'debug';
    const { logger, lines } = pinoLike();
    await h.client({ logger }).mastersFetch.get(GSTIN_QUERY);
    expect(debug).not.toHaveBeenCalled();
    expect(info).not.toHaveBeenCalled();
    expect(lines.length).toBeGreaterThan(0);
  });

  it('an invalid MASTERSFETCH_LOG_LEVEL is a MastersConfigError naming it (read at client creation)', async () => {
    await h.start();
    process.env.MASTERSFETCH_LOG_LEVEL = 'verbose';
    let error: unknown;
    try {
      h.client();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MastersConfigError);
    expect(error).toMatchObject({ option: 'MASTERSFETCH_LOG_LEVEL' });
    expect((error as Error).message).toContain('debug, info, warn, error, silent');
    // With a logger the variable is not read.
    expect(() => h.client({ logger: pinoLike().logger })).not.toThrow();
  });
});
