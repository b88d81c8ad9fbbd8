import {
  MastersApiError,
  redactResponseError,
  redactResponseText,
  unwrapResults,
  type MastersFetch,
  type SpanHandle,
} from '@mastersfetch/core';
import type { EwayBillClock } from './clock.js';
import { EwayBillApiError, toEwayBillApiError } from './errors.js';
import type { Holds } from './holds.js';
import { BACKOFF_CODES, RETRY_ONCE_CODES } from './nic-codes.js';
import type { OperationDefinition, OperationName } from './operations.js';
import type { CallOptions } from './options.js';
import { ewayBillTracing } from './tracing.js';
import { validateRequest } from './validate.js';

// The one way every operation is sent (docs/ARCHITECTURE.md §11): validation before anything
// leaves, the NIC 118/658 holds and the single retry of idempotent calls, the HTTP exchange, the
// envelope and the normalized payload.

const HOLD_118_MS = 5 * 60_000; // NIC 118: "try again after 5 minutes" (docs/ARCHITECTURE.md §13)

type Json = Record<string, unknown>;

/** What an operation needs of its {@link EwayBills}: the fetch, the clock and the settings. */
export interface OperationCore {
  readonly fetch: MastersFetch;
  readonly clock: EwayBillClock;
  /** Validate requests locally (the `validate` option). */
  readonly validate: boolean;
  /** Hold after NIC 658, ms. */
  readonly quotaBackoffMs: number;
  /** Bulk polling's wait. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The NIC 118/658 holds of this client and credentials (./holds.ts), read on first need. */
  holds(): Holds;
}

/** One call of an operation, as {@link callOperation} runs it. */
export interface OperationCall<T> {
  /** The operation's name (`'generate'`, `'downloadPdf'`, ...). */
  name: string;
  /** Its definition: validated against its request schema (absent for `downloadPdf`). */
  definition?: OperationDefinition;
  /** The request body (POST) or query (GET). */
  body?: unknown;
  options: CallOptions;
  /**
   * What the call does, when it is not one exchange ({@link send}): generate's exactly-once
   * flow, a bulk poll, a PDF download. Such a call handles NIC errors itself: the holds and the
   * retry apply only to plain idempotent exchanges.
   */
  perform?: (span: SpanHandle) => Promise<T>;
}

/**
 * THE entry point of every operation of {@link EwayBills}: each public method, and the look-ups
 * that generate makes, go through here, so a tracing wrapper (a span `ewaybill.<name>`) or a
 * metric belongs in this one function.
 *
 * Validates the body first (throws `MastersValidationError`, nothing sent); then a plain
 * idempotent call is held back during a NIC 118/658 hold of its GSTIN (throws
 * {@link EwayBillApiError} with `isFromBackoff`, nothing sent), retried once on NIC 105/106/238,
 * and starts a hold on 118/658. Writes are sent once.
 *
 * @returns the normalized payload (or what `perform` resolves).
 */
export function callOperation<T>(core: OperationCore, call: OperationCall<T>): Promise<T> {
  // A rejection (validation included) ends the span with error.type, the HTTP status and
  // mastersfetch.nic_code of the error (core's createTracing); a success records the status.
  return ewayBillTracing().withSpan(
    `ewaybill.${call.name}`,
    { 'mastersfetch.operation': call.name },
    (span) => runOperation(core, call, span),
  );
}

async function runOperation<T>(
  core: OperationCore,
  call: OperationCall<T>,
  span: SpanHandle,
): Promise<T> {
  const { definition, body, options } = call;
  if (definition && core.validate) {
    validateRequest(definition.name as OperationName, body, core.clock);
  }
  if (call.perform) return call.perform(span);
  const exchange = () => send(core, definition!, body, options, span) as Promise<T>;
  if (!definition!.isIdempotent) return exchange();
  return withNicPolicy(core, definition!, body, exchange);
}

/** The holds and the single retry of an idempotent call (docs/ARCHITECTURE.md §11). */
async function withNicPolicy<T>(
  core: OperationCore,
  definition: OperationDefinition,
  body: unknown,
  exchange: () => Promise<T>,
): Promise<T> {
  const holds = core.holds();
  const gstin = actingGstin(body);
  const hold = holds.get(gstin);
  if (hold && core.clock.now() < hold.untilMs) {
    throw new EwayBillApiError({
      message: `${hold.error.message} (held back locally until the NIC backoff ends; not sent)`,
      nicCode: hold.error.nicCode,
      code: hold.error.code,
      operation: definition.name,
      isFromBackoff: true,
    });
  }
  try {
    return await exchange();
  } catch (error) {
    if (!(error instanceof EwayBillApiError) || error.nicCode === undefined) throw error;
    if (RETRY_ONCE_CODES.has(error.nicCode)) return await exchange();
    if (BACKOFF_CODES.has(error.nicCode)) {
      const holdMs = error.nicCode === '118' ? HOLD_118_MS : core.quotaBackoffMs;
      holds.set(gstin, { untilMs: core.clock.now() + holdMs, error });
    }
    throw error;
  }
}

/**
 * One HTTP exchange: send, unwrap the envelope (the payload is `results.message`, or `results` for
 * some operations) and normalize the payload with the operation's schema.
 */
export async function send(
  core: OperationCore,
  definition: OperationDefinition,
  body: unknown,
  options: CallOptions,
  span?: SpanHandle,
): Promise<unknown> {
  const response =
    definition.method === 'POST'
      ? await core.fetch.post(definition.path, { ...kyOptions(options), json: body })
      : await core.fetch.get(definition.path, {
          ...kyOptions(options),
          searchParams: toSearchParams(definition.action, body as Json),
        });
  span?.setAttribute('http.response.status_code', response.status);
  const text = await response.text().catch((error: unknown) => {
    throw redactResponseError(response, error);
  });
  let payload: unknown;
  try {
    payload = unwrapPayload(definition, text, response.status);
  } catch (error) {
    // A NIC error text, or the quoted start of a non-JSON body, may echo the API key or the
    // password: the error is made again from the text without this call's secrets (a cut quote
    // could keep the start of one), then scrubbed.
    const clean = redactResponseText(response, text);
    throw redactResponseError(response, failureOf(definition, clean, response.status) ?? error);
  }
  const usual = definition.readUsualAnswer?.(payload);
  if (usual !== undefined) return usual;
  const parsed = definition.response.safeParse(payload);
  if (!parsed.success) {
    const failure = new EwayBillApiError({
      message: `Masters India answered ${definition.name} with an unexpected payload: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || '(payload)'} ${i.message}`)
        .join('; ')}`,
      operation: definition.name,
    });
    throw redactResponseError(response, failure); // the issue paths are the answer's key names
  }
  return parsed.data;
}

/** The error {@link unwrapPayload} throws for `text`, or `undefined` if, oddly, it throws none. */
function failureOf(definition: OperationDefinition, text: string, status: number): unknown {
  try {
    unwrapPayload(definition, text, status);
    return undefined;
  } catch (error) {
    return error;
  }
}

/** ky's options of one call: the caller's signal and timeout. */
export function kyOptions(options: CallOptions): { signal?: AbortSignal; timeout?: number } {
  const ky: { signal?: AbortSignal; timeout?: number } = {};
  if (options.signal !== undefined) ky.signal = options.signal;
  if (options.timeoutMs !== undefined) ky.timeout = options.timeoutMs;
  return ky;
}

/** The payload of an answer (`results.message`, or `results`); NIC errors as {@link EwayBillApiError}. */
function unwrapPayload(definition: OperationDefinition, text: string, status: number): unknown {
  try {
    const message = unwrapResults(text, status);
    if (definition.payload === 'results') {
      const results = (JSON.parse(text) as { results?: Json }).results ?? {};
      return definition.name === 'getDistance'
        ? { ...results, distance: results.distance ?? message }
        : results;
    }
    return message;
  } catch (error) {
    if (error instanceof MastersApiError) throw toEwayBillApiError(error, definition.name);
    throw error;
  }
}

/** The acting GSTIN of a body (for the 118/658 hold): `userGstin`, `user_gstin` or `gstin`. */
function actingGstin(body: unknown): string {
  const b = body as Json;
  return String(b.userGstin ?? b.user_gstin ?? b.gstin ?? '');
}

function toSearchParams(action: string | undefined, query: Json): Record<string, string> {
  const params: Record<string, string> = action ? { action } : {};
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params[key] = String(value);
  }
  return params;
}
