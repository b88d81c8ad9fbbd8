import { describe, expect, it } from 'vitest';
import { MastersApiError } from './errors.js';
import { normalizePdfUrl, unwrapResults } from './unwrap.js';

function catchApi(fn: () => unknown): MastersApiError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(MastersApiError);
    return err as MastersApiError;
  }
  throw new Error('expected a MastersApiError');
}

describe('unwrapResults', () => {
  it('returns results.message of a success envelope', () => {
    const body = { results: { message: { ewayBillNo: 1 }, status: 'Success', code: 200 } };
    expect(unwrapResults(body, 200)).toEqual({ ewayBillNo: 1 });
  });

  it('parses a JSON string body', () => {
    expect(unwrapResults('{"results":{"message":{"a":1},"status":"Success","code":200}}')).toEqual({
      a: 1,
    });
  });

  it('throws for a NIC error envelope in HTTP 200, taking nic_code', () => {
    const err = catchApi(() =>
      unwrapResults(
        {
          results: {
            message: '216: Invalid HSN code',
            status: 'No Content',
            code: 204,
            nic_code: '216',
          },
        },
        200,
      ),
    );
    expect(err.nicCode).toBe('216');
    expect(err.code).toBe(204);
    expect(err.status).toBe(200);
    expect(err.message).toBe('216: Invalid HSN code');
  });

  it('falls back to the NNN: prefix when nic_code is empty', () => {
    const err = catchApi(() =>
      unwrapResults(
        {
          results: {
            message: '312: already cancelled',
            status: 'No Content',
            code: 204,
            nic_code: '',
          },
        },
        206,
      ),
    );
    expect(err.nicCode).toBe('312');
    expect(err.status).toBe(206);
  });

  it("recognises the duplicate text without prefix as '604'", () => {
    const err = catchApi(() =>
      unwrapResults({
        results: {
          message: 'E-way bill(s) are already generated for the same document number',
          code: 204,
        },
      }),
    );
    expect(err.nicCode).toBe('604');
  });

  it('leaves nicCode undefined for other texts', () => {
    const err = catchApi(() =>
      unwrapResults({ results: { message: 'Invalid Action', code: 204 } }),
    );
    expect(err.nicCode).toBeUndefined();
  });

  it('treats message.error === true as an error', () => {
    const err = catchApi(() =>
      unwrapResults({
        results: { message: { error: true, message: '238: invalid auth token' }, code: 200 },
      }),
    );
    expect(err.nicCode).toBe('238');
  });

  it('treats errorMessage + status Failed as an error (IRN shape)', () => {
    const err = catchApi(() =>
      unwrapResults({ errorMessage: '4005: EWB details not found', status: 'Failed' }),
    );
    expect(err.message).toBe('4005: EWB details not found');
    expect(err.nicCode).toBe('4005');
    const nested = catchApi(() =>
      unwrapResults({ results: { errorMessage: '2302: IRN not active', status: 'Failed' } }),
    );
    expect(nested.nicCode).toBe('2302');
  });

  it('treats a top-level error as an error', () => {
    const err = catchApi(() =>
      unwrapResults({ error: 'invalid_request', error_description: 'Invalid Json Structure.' }),
    );
    expect(err.message).toBe('Invalid Json Structure.');
  });

  it('throws a clear error for empty bodies', () => {
    for (const body of [undefined, null, '', '   ']) {
      const err = catchApi(() => unwrapResults(body, 204));
      expect(err.message).toMatch(/empty body/);
      expect(err.status).toBe(204);
    }
  });

  it('throws for non-JSON text and unknown shapes', () => {
    expect(catchApi(() => unwrapResults('<html>504</html>', 504)).message).toMatch(/non-JSON/);
    expect(catchApi(() => unwrapResults({ foo: 1 })).message).toMatch(/without a `results`/);
    expect(catchApi(() => unwrapResults([1])).message).toMatch(/unexpected body/);
  });
});

describe('normalizePdfUrl', () => {
  it('prepends https:// when the scheme is missing', () => {
    expect(normalizePdfUrl('sandb-api.mastersindia.co/api/v1/detailPrintPdf/1/')).toBe(
      'https://sandb-api.mastersindia.co/api/v1/detailPrintPdf/1/',
    );
    expect(normalizePdfUrl('//h.example/x')).toBe('https://h.example/x');
  });

  it('keeps URLs that already have a scheme', () => {
    expect(normalizePdfUrl(' https://h.example/a ')).toBe('https://h.example/a');
    expect(normalizePdfUrl('http://127.0.0.1:3000/a')).toBe('http://127.0.0.1:3000/a');
    expect(normalizePdfUrl('HTTPS://h.example/a')).toBe('HTTPS://h.example/a');
    expect(normalizePdfUrl('javascript://x%0aalert(1)')).toBe('');
    expect(normalizePdfUrl('ftp://h.example/a.pdf')).toBe('');
  });
});
