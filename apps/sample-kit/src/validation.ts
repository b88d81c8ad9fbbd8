import { SampleRequestError } from './sample-request-error.js';

/** A JSON object from a request body. */
export type JsonObject = Record<string, unknown>;

const GSTIN = /^[0-9]{2}[A-Z0-9]{13}$/;
const DATE = /^(0[1-9]|[12][0-9]|3[01])\/(0[1-9]|1[0-2])\/[0-9]{4}$/;

/**
 * Collects per-field problems of one request body, then throws them all at once as a
 * `SampleRequestError` 400 `bad_request` with `fields`.
 */
export class BodyChecker {
  readonly fields: Record<string, string> = {};

  constructor(readonly body: JsonObject) {}

  fail(field: string, message: string): void {
    this.fields[field] ??= message;
  }

  /** A string field; `required` also rejects `''`. */
  string(
    field: string,
    required: boolean,
    pattern?: RegExp,
    hint?: string,
    from: JsonObject = this.body,
    label = field,
  ): void {
    const value = from[field];
    if (value === undefined || value === null) {
      if (required) this.fail(label, 'is required');
      return;
    }
    if (typeof value !== 'string') return this.fail(label, 'must be a string');
    if (required && value.trim() === '') return this.fail(label, 'must not be empty');
    if (pattern && value !== '' && !pattern.test(value))
      this.fail(label, hint ?? 'has an invalid format');
  }

  /** A finite number field, optionally an integer within bounds. */
  number(
    field: string,
    required: boolean,
    bounds: { min?: number; max?: number; integer?: boolean } = {},
    from: JsonObject = this.body,
    label = field,
  ): void {
    const value = from[field];
    if (value === undefined || value === null) {
      if (required) this.fail(label, 'is required');
      return;
    }
    const kind = bounds.integer ? 'an integer' : 'a number';
    if (typeof value !== 'number' || !Number.isFinite(value))
      return this.fail(label, `must be ${kind}`);
    if (bounds.integer && !Number.isInteger(value)) return this.fail(label, `must be ${kind}`);
    if (bounds.min !== undefined && value < bounds.min)
      return this.fail(label, `must be >= ${bounds.min}`);
    if (bounds.max !== undefined && value > bounds.max)
      this.fail(label, `must be <= ${bounds.max}`);
  }

  gstin(field: string, required: boolean, allowUrp = false): void {
    const value = this.body[field];
    if (allowUrp && value === 'URP') return;
    this.string(
      field,
      required,
      GSTIN,
      allowUrp ? 'must be a 15-character GSTIN or URP' : 'must be a 15-character GSTIN',
    );
  }

  date(field: string, required: boolean): void {
    this.string(field, required, DATE, 'must be a date dd/mm/yyyy');
  }

  /** A string label from a fixed list, compared case-insensitively (reference §5 item 16). */
  oneOf(field: string, required: boolean, labels: readonly string[]): void {
    this.string(field, required);
    const value = this.body[field];
    if (
      typeof value === 'string' &&
      value.trim() !== '' &&
      !labels.some((l) => l.toLowerCase() === value.trim().toLowerCase())
    ) {
      this.fail(field, `must be one of: ${labels.join(', ')}`);
    }
  }

  /** Throws the collected problems, if any. */
  done(what: string): void {
    if (Object.keys(this.fields).length > 0) {
      throw new SampleRequestError('bad_request', `Invalid ${what}`, this.fields);
    }
  }
}

/** Requires a JSON object body (not an array, string or null). */
export function requireObject(body: unknown, what: string): JsonObject {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new SampleRequestError('bad_request', `The ${what} must be a JSON object`, {
      body: 'must be a JSON object',
    });
  }
  return body as JsonObject;
}

/** Parses an EWB number from a URL parameter: exactly 12 digits, returned as a number for the API. */
export function parseEwbNumber(raw: unknown): number {
  if (typeof raw !== 'string' || !/^[0-9]{12}$/.test(raw)) {
    throw new SampleRequestError('bad_request', 'Invalid e-way bill number', {
      ewbNumber: 'must be a 12-digit e-way bill number',
    });
  }
  return Number(raw);
}
