import { createMastersClient, MastersConfigError } from '@mastersfetch/core';
import Koa from 'koa';
import { describe, expect, it } from 'vitest';
import { extendContext } from './extend-context.js';
import { mastersIndia } from './middleware.js';

const options = { baseUrl: 'http://127.0.0.1:1', credentials: { apiKey: 'k' } };

describe.each([
  ['mastersIndia()', (source: unknown) => mastersIndia(source as never)],
  ['extendContext()', (source: unknown) => extendContext(new Koa(), source as never)],
])('%s arguments', (_, mount) => {
  it.each([
    ['nothing', undefined, 'options'],
    ['null', null, 'options'],
    ['a number', 42, 'options'],
    ['options without a base', { credentials: { apiKey: 'k' } }, 'environment'],
    ['{ client } that is not a client', { client: {} }, 'client'],
    [
      'a resolveCredentials that is not a function',
      { ...options, resolveCredentials: 'x' },
      'resolveCredentials',
    ],
  ])('throws MastersConfigError naming the option for %s', (_, source, option) => {
    expect(() => mount(source)).toThrow(MastersConfigError);
    expect(() => mount(source)).toThrow(`Invalid option \`${option}`);
  });

  it('accepts { client, resolveCredentials }', () => {
    const client = createMastersClient(options);
    expect(() => mount({ client, resolveCredentials: () => undefined })).not.toThrow();
  });
});
