import { MastersValidationError, type MastersValidationIssue } from '@mastersfetch/core';
import type { z } from 'zod';
import { systemClock, type EwayBillClock } from './clock.js';
import { OPERATIONS, type OperationName, type OperationRequest } from './operations.js';
import { RULES } from './rules.js';

function zodIssues(error: z.ZodError): MastersValidationIssue[] {
  return error.issues.map((i) => {
    const path = i.path.map(String).join('.');
    // zod says "Invalid input: expected string, received undefined" for a missing field.
    const message = /received undefined$/.test(i.message)
      ? `required (${i.message.replace(/^Invalid input: /, '').replace(/, received undefined$/, '')})`
      : i.message;
    return { path, message };
  });
}

/**
 * Every problem of a request body for `operation`, by the schema and by the documented NIC
 * rules (dates judged by `clock.wallNow()`). An empty list means the body may be sent.
 *
 * @param operation - an operation name, e.g. `'generate'`.
 * @param body - the request body (POST) or query (GET).
 * @param clock - defaults to the system clock.
 */
export function findRequestIssues(
  operation: OperationName,
  body: unknown,
  clock: EwayBillClock = systemClock,
): MastersValidationIssue[] {
  const definition = OPERATIONS[operation];
  const parsed = definition.request.safeParse(body);
  const issues = parsed.success ? [] : zodIssues(parsed.error);
  const rule = RULES[operation];
  if (rule && typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const seen = new Set(issues.map((i) => `${i.path}|${i.message}`));
    for (const i of rule(body as Record<string, unknown>, { nowMs: clock.wallNow() }, '')) {
      if (!seen.has(`${i.path}|${i.message}`)) issues.push(i);
    }
  }
  return issues;
}

/**
 * Validates a request body for `operation` locally, before any network call.
 *
 * @returns the body, typed.
 * @throws {@link MastersValidationError} listing every rejected field path with its message.
 * @example
 * ```ts
 * validateRequest('generate', body, { wallNow: () => Date.parse('2025-03-05'), now: () => 0 });
 * ```
 */
export function validateRequest<N extends OperationName>(
  operation: N,
  body: unknown,
  clock: EwayBillClock = systemClock,
): OperationRequest<N> {
  const issues = findRequestIssues(operation, body, clock);
  if (issues.length > 0) throw new MastersValidationError({ operation, fields: issues });
  return body as OperationRequest<N>;
}
