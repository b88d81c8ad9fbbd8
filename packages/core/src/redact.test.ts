import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from './redact.js';

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
});
