import { describe, expect, it } from 'vitest';
import { mastersErrorResponse } from './error-response.js';
import {
  MastersApiError,
  MastersConfigError,
  MastersHttpError,
  MastersInvalidCredentialsError,
  MastersTokenError,
  MastersValidationError,
} from './errors.js';

const http = (status: number | undefined, code?: string) =>
  new MastersHttpError({ status, code, method: 'GET', path: '/api/v1/x/' });

describe('mastersErrorResponse', () => {
  it('maps MastersValidationError to 400 bad_request with every field', () => {
    const fields = [
      { path: 'document_date', message: 'must be dd/mm/yyyy' },
      { path: 'itemList.0.hsn_code', message: 'required' },
    ];
    const err = new MastersValidationError({ operation: 'generate', fields });
    expect(mastersErrorResponse(err)).toEqual({
      status: 400,
      body: { error: 'bad_request', message: err.message, fields },
    });
    expect(err.message).toContain('document_date - must be dd/mm/yyyy');
    expect(err.toJSON()).toMatchObject({ name: 'MastersValidationError', fields });
  });

  it('maps MastersApiError to 422 nic_error with nicCode', () => {
    expect(
      mastersErrorResponse(new MastersApiError({ message: '604: dup', nicCode: '604' })),
    ).toEqual({
      status: 422,
      body: { error: 'nic_error', message: '604: dup', nicCode: '604' },
    });
    expect(mastersErrorResponse(new MastersApiError({ message: 'x' }))?.body).not.toHaveProperty(
      'nicCode',
    );
  });

  it('maps invalid credentials and 401/403 to 502 upstream_auth', () => {
    const errors = [
      new MastersInvalidCredentialsError({ status: 206, keyFingerprint: 'f' }),
      http(401),
      http(403),
    ];
    for (const err of errors) {
      const res = mastersErrorResponse(err);
      expect(res?.status).toBe(502);
      expect(res?.body.error).toBe('upstream_auth');
    }
  });

  it('maps other 4xx to 502 upstream_rejected with the status', () => {
    expect(mastersErrorResponse(http(404))).toEqual({
      status: 502,
      body: { error: 'upstream_rejected', message: http(404).message, status: 404 },
    });
  });

  it('maps 5xx, timeouts, network errors and token errors to 503 upstream_unavailable', () => {
    for (const err of [
      http(500),
      http(504),
      http(undefined, 'ETIMEDOUT'),
      http(undefined, 'ECONNRESET'),
      new MastersTokenError({ message: 'login failed' }),
    ]) {
      expect(mastersErrorResponse(err)).toMatchObject({
        status: 503,
        body: { error: 'upstream_unavailable' },
      });
    }
  });

  it('maps MastersConfigError to 500 misconfigured', () => {
    expect(
      mastersErrorResponse(new MastersConfigError({ option: 'credentials', reason: 'missing' })),
    ).toMatchObject({ status: 500, body: { error: 'misconfigured' } });
  });

  it('returns undefined for anything else', () => {
    expect(mastersErrorResponse(new Error('x'))).toBeUndefined();
    expect(mastersErrorResponse('x')).toBeUndefined();
    expect(mastersErrorResponse(undefined)).toBeUndefined();
  });
});
