import { describe, expect, it } from 'vitest';
import { summarizeError } from './channels.js';
import { createTracing } from './tracing.js';

describe('createTracing', () => {
  it('without the OpenTelemetry API it just calls fn (sync and async), errors untouched', async () => {
    const tracing = createTracing({ packageName: 'p', packageVersion: '1.0.0' }, null);
    expect(tracing.withSpan('p.op', { a: 1 }, (span) => (span.setAttribute('b', 2), 'sync'))).toBe(
      'sync',
    );
    await expect(tracing.withSpan('p.op', {}, async () => 'async')).resolves.toBe('async');
    const error = new Error('boom');
    expect(() =>
      tracing.withSpan('p.op', {}, () => {
        throw error;
      }),
    ).toThrow(error);
    await expect(tracing.withSpan('p.op', {}, () => Promise.reject(error))).rejects.toBe(error);
  });
});

describe('summarizeError', () => {
  it('keeps the name and typed fields, never the message', () => {
    const error = Object.assign(new Error('password=hunter22'), {
      code: 'ECONNRESET',
      status: 502,
    });
    expect(summarizeError(error)).toEqual({ name: 'Error', code: 'ECONNRESET', status: 502 });
    expect(summarizeError(Object.assign(new Error('x'), { code: 'has spaces secret' }))).toEqual({
      name: 'Error',
    });
    expect(summarizeError('text')).toEqual({ name: 'string' });
  });
});
