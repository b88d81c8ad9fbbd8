import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MastersApiError,
  MastersConfigError,
  MastersError,
  MastersHttpError,
  MastersInvalidCredentialsError,
  MastersTokenError,
  sanitizeCause,
} from './errors.js';
import { sharedRedactor } from './redact.js';

const PASSWORD = 'S3cret-Example-pw';
const TOKEN =
  'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjo0MiwiZXhwIjoxNzQxMjQwODAwfQ.c2lnbmF0dXJlLXZhbHVl';

function fakeKyHttpError() {
  return Object.assign(new Error(`Request failed with status code 500: POST ${PASSWORD}`), {
    name: 'HTTPError',
    request: {
      method: 'POST',
      url: 'https://sandb-api.mastersindia.co/api/v1/token-auth/?x=1',
      headers: { authorization: `JWT ${TOKEN}` },
    },
    response: { status: 500 },
    options: { json: { username: 'u', password: PASSWORD } },
  });
}

function everyView(err: Error): string[] {
  return [err.message, err.stack ?? '', JSON.stringify(err), inspect(err, { depth: 10 })];
}

describe('MastersError', () => {
  afterEach(() => sharedRedactor.clear());

  it('sets name per class and keeps instanceof', () => {
    const errors: [MastersError, string][] = [
      [new MastersConfigError({ option: 'baseUrl', reason: 'bad' }), 'MastersConfigError'],
      [
        new MastersInvalidCredentialsError({ status: 206, keyFingerprint: 'abc' }),
        'MastersInvalidCredentialsError',
      ],
      [new MastersTokenError({ message: 'no token' }), 'MastersTokenError'],
      [new MastersHttpError({ status: 500, method: 'GET', path: '/a' }), 'MastersHttpError'],
      [new MastersApiError({ message: '604: dup', nicCode: '604' }), 'MastersApiError'],
    ];
    for (const [err, name] of errors) {
      expect(err).toBeInstanceOf(MastersError);
      expect(err).toBeInstanceOf(Error);
      expect(err.name).toBe(name);
      expect(err.stack?.startsWith(`${name}: `)).toBe(true);
    }
  });

  it('replaces a ky HTTPError cause with { status, method, path }', () => {
    const err = new MastersHttpError({
      status: 500,
      method: 'POST',
      path: '/api/v1/token-auth/',
      cause: fakeKyHttpError(),
    });
    expect(err.cause).toEqual({ status: 500, method: 'POST', path: '/api/v1/token-auth/' });
  });

  it('keeps a redacted copy of a network error as cause', () => {
    const net = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const err = new MastersHttpError({
      status: undefined,
      code: 'ECONNRESET',
      method: 'GET',
      path: '/x',
      cause: net,
    });
    // A copy, never the foreign original (whose own properties could hold a secret).
    expect(err.cause).not.toBe(net);
    expect(err.cause).toBeInstanceOf(Error);
    expect(err.cause).toMatchObject({
      name: 'Error',
      message: 'socket hang up',
      code: 'ECONNRESET',
    });
    expect(err.message).toContain('ECONNRESET');
    expect(JSON.parse(JSON.stringify(err)).cause).toEqual({
      name: 'Error',
      message: 'socket hang up',
      code: 'ECONNRESET',
    });
  });

  it('sanitizes a ky TimeoutError (no response)', () => {
    const timeout = Object.assign(new Error('Request timed out'), {
      name: 'TimeoutError',
      request: { method: 'GET', url: 'https://h.example/api/v1/x/?q=1' },
    });
    expect(sanitizeCause(timeout)).toEqual({
      status: undefined,
      method: 'GET',
      path: '/api/v1/x/',
    });
  });

  it('never shows a registered secret in message, stack, JSON or inspect', () => {
    sharedRedactor.add(PASSWORD);
    sharedRedactor.add(TOKEN);
    const errs = [
      new MastersTokenError({ message: `login failed for ${PASSWORD}`, cause: fakeKyHttpError() }),
      new MastersHttpError({
        status: 401,
        method: 'GET',
        path: '/x',
        message: `rejected JWT ${TOKEN}`,
        cause: new Error(`inner ${PASSWORD} ${TOKEN}`),
      }),
      new MastersTokenError({
        message: 'wrapped',
        cause: new MastersTokenError({ message: `deep ${PASSWORD}` }),
      }),
    ];
    for (const err of errs) {
      for (const view of everyView(err)) {
        expect(view).not.toContain(PASSWORD);
        expect(view).not.toContain(TOKEN);
      }
    }
  });

  it('redacts JWT-shaped strings even when not registered', () => {
    const err = new MastersTokenError({ message: `got ${TOKEN}` });
    for (const view of everyView(err)) expect(view).not.toContain(TOKEN);
  });

  it('shows its fields in toJSON and inspect', () => {
    const err = new MastersApiError({
      message: '604: dup',
      nicCode: '604',
      code: 204,
      status: 200,
    });
    expect(err.toJSON()).toEqual({
      name: 'MastersApiError',
      message: '604: dup',
      nicCode: '604',
      code: 204,
      status: 200,
    });
    expect(inspect(err)).toContain("nicCode: '604'");
  });
});

describe('MastersConfigError', () => {
  it('names the option in its message', () => {
    const err = new MastersConfigError({ option: 'timeoutMs', reason: 'must be >= 0' });
    expect(err.option).toBe('timeoutMs');
    expect(err.message).toBe('Invalid option `timeoutMs`: must be >= 0');
  });
});

describe('MastersInvalidCredentialsError', () => {
  it('keeps the status, field errors and fingerprint', () => {
    const err = new MastersInvalidCredentialsError({
      status: 400,
      keyFingerprint: 'f00',
      fieldErrors: { username: ['missing field'] },
    });
    expect(err.status).toBe(400);
    expect(err.fieldErrors).toEqual({ username: ['missing field'] });
    expect(err.keyFingerprint).toBe('f00');
    expect(err.message).toContain('username - missing field');
  });
});
