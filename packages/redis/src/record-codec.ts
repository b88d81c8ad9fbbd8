import type { TokenRecord } from '@mastersfetch/core';

/**
 * Serializes a {@link TokenRecord} to JSON, copying only the record's own fields so that nothing
 * else a caller may have attached to the object (never a password) reaches Redis.
 */
export function serializeRecord(record: TokenRecord): string {
  const value: TokenRecord = {
    token: record.token,
    expiresAtMs: record.expiresAtMs,
    generation: record.generation,
    obtainedAtMs: record.obtainedAtMs,
  };
  if (record.refreshToken !== undefined) value.refreshToken = record.refreshToken;
  if (record.refreshExpiresAtMs !== undefined) value.refreshExpiresAtMs = record.refreshExpiresAtMs;
  return JSON.stringify(value);
}

/**
 * Parses what {@link serializeRecord} wrote. Returns `undefined` for anything that is not a
 * well-formed record (the caller turns that into an error that never quotes the value, since the
 * value holds an access token).
 */
export function parseRecord(text: string): TokenRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.token !== 'string' || v.token === '') return undefined;
  if (!isFiniteNumber(v.expiresAtMs) || !isFiniteNumber(v.obtainedAtMs)) return undefined;
  if (!Number.isSafeInteger(v.generation)) return undefined;
  if (v.refreshToken !== undefined && typeof v.refreshToken !== 'string') return undefined;
  if (v.refreshExpiresAtMs !== undefined && !isFiniteNumber(v.refreshExpiresAtMs)) {
    return undefined;
  }
  const record: TokenRecord = {
    token: v.token,
    expiresAtMs: v.expiresAtMs,
    generation: v.generation as number,
    obtainedAtMs: v.obtainedAtMs,
  };
  if (v.refreshToken !== undefined) record.refreshToken = v.refreshToken;
  if (v.refreshExpiresAtMs !== undefined) record.refreshExpiresAtMs = v.refreshExpiresAtMs;
  return record;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
