import { MastersValidationError, type MastersValidationIssue } from '@mastersfetch/core';
import type { z } from 'zod';
import { systemClock, type EwayBillClock } from './clock.js';
import { compileAcceptor, type Acceptor } from './fast-accept.js';
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

/** Each operation's compiled accept path (./fast-accept.ts), built at its first validation. */
const acceptors = new Map<OperationName, Acceptor>();

function acceptorOf(operation: OperationName): Acceptor {
  let accept = acceptors.get(operation);
  if (accept === undefined) {
    accept = compileAcceptor(OPERATIONS[operation].request);
    acceptors.set(operation, accept);
  }
  return accept;
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
  // The compiled accept path answers a valid body without zod's per-field work; anything it is
  // not sure of goes through the schema, which words the issues (ARCHITECTURE §11).
  let issues: MastersValidationIssue[] = [];
  if (!acceptorOf(operation)(body)) {
    const parsed = OPERATIONS[operation].request.safeParse(body);
    if (!parsed.success) issues = zodIssues(parsed.error);
  }
  const rule = RULES[operation];
  if (rule && typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const found = rule(body as Record<string, unknown>, { nowMs: clock.wallNow() }, '');
    if (found.length === 0) return issues;
    if (issues.length === 0) return found;
    const seen = new Set(issues.map((i) => `${i.path}|${i.message}`));
    for (const i of found) {
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
