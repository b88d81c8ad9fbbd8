import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor, sanitizeError, sharedRedactor } from './redact.js';

describe('Redactor', () => {
  it('replaces registered secrets, longest first', () => {
    const r = new Redactor();
    r.add('abcd');
    r.add('abcdef');
    expect(r.redact('x abcdef y abcd z')).toBe(`x ${REDACTED} y ${REDACTED} z`);
  });

  it('ignores empty and non-string secrets', () => {
    const r = new Redactor();
    r.add('');
    r.add(undefined);
    expect(r.size).toBe(0);
  });

  it('is bounded and forgets the oldest secret first', () => {
    const r = new Redactor([], 2);
    r.add('first-secret');
    r.add('second-secret');
    r.add('third-secret');
    expect(r.size).toBe(2);
    expect(r.redact('first-secret')).toBe('first-secret');
    expect(r.redact('third-secret')).toBe(REDACTED);
  });

  it('hides Authorization and api_key header values generically', () => {
    const r = new Redactor();
    expect(r.redact('Authorization: JWT abc.def.ghijklmnop')).not.toContain('abc.def');
    expect(r.redact('Authorization: Bearer sometokenvalue')).not.toContain('sometokenvalue');
    expect(r.redact("{ api_key: 'KEY-12345' }")).not.toContain('KEY-12345');
    expect(r.redact('{"password":"pw\\"x","username":"u"}')).toBe(
      `{"password":${REDACTED},"username":"u"}`,
    );
    expect(r.redact('username=u&password=p%40ss&grant_type=password')).toBe(
      `username=u&password=${REDACTED}&grant_type=password`,
    );
  });

  it('hides JWT-shaped strings', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.sig_nature-1';
    expect(new Redactor().redact(`token was ${jwt}.`)).toBe(`token was ${REDACTED}.`);
  });

  it('redacts structured values by key and by content', () => {
    const r = new Redactor();
    r.add('tok-secret-1');
    const headers = new Headers({ api_key: 'k-1', 'content-type': 'application/json' });
    const circular: Record<string, unknown> = { note: 'has tok-secret-1 inside' };
    circular.self = circular;
    expect(
      r.redactValue({ password: 'p', apiKey: 'k', nested: circular, headers, n: 1, empty: '' }),
    ).toEqual({
      password: REDACTED,
      apiKey: REDACTED,
      nested: { note: `has ${REDACTED} inside`, self: '[Circular]' },
      headers: { api_key: REDACTED, 'content-type': 'application/json' },
      n: 1,
      empty: '',
    });
  });

  it('turns plain errors into redacted objects', () => {
    const r = new Redactor();
    r.add('pw-secret');
    const out = r.redactValue(new Error('bad pw-secret')) as Record<string, string>;
    expect(out.message).toBe(`bad ${REDACTED}`);
    expect(out.stack).not.toContain('pw-secret');
  });

  it('replaces a short secret only as a whole token', () => {
    const r = new Redactor(['b']);
    expect(r.redact('e-way bill number b')).toBe(`e-way bill number ${REDACTED}`);
    expect(r.redact('user:b@host')).toBe(`user:${REDACTED}@host`);
  });

  it('keeps each redactor to its own secrets', () => {
    const a = new Redactor(['tenant-a-secret']);
    const b = new Redactor(['tenant-b-secret']);
    expect(b.redact('tenant-a-secret')).toBe('tenant-a-secret');
    expect(a.redact('tenant-a-secret')).toBe(REDACTED);
    expect(sharedRedactor.size).toBe(0);
  });

  it('copies a foreign error with its own properties and cause chain redacted', () => {
    const r = new Redactor(['Stored-Token-Value-1']);
    const foreign = Object.assign(
      new Error('SET failed', { cause: new Error('deep Stored-Token-Value-1') }),
      {
        command: { name: 'set', args: ['key', '{"x":"Stored-Token-Value-1"}'] },
        password: 'anything',
      },
    );
    const copy = sanitizeError(foreign, r);
    expect(copy).not.toBe(foreign);
    expect(copy.name).toBe('Error');
    const text = inspect(copy, { depth: 10 });
    expect(text).toContain('SET failed');
    expect(text).not.toContain('Stored-Token-Value-1');
    expect(text).not.toContain('anything');
  });
});
