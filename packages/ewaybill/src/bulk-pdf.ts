import {
  MastersApiError,
  MastersValidationError,
  redactResponseError,
  redactResponseText,
  unwrapResults,
} from '@mastersfetch/core';
import { callOperation, kyOptions, type OperationCore } from './call.js';
import { EwayBillApiError, EwayBillPdfError, toEwayBillApiError } from './errors.js';
import { OPERATIONS, type OperationDefinition } from './operations.js';
import type { BulkResult, BulkResultItem, CallOptions, PollOptions } from './options.js';
import { pdfLink } from './schemas/fields.js';
import { generateResponseSchema } from './schemas/responses.js';

// Bulk results (one poll, and polling until done) and the PDF download: the calls whose answer
// is not one normalized payload (docs/ARCHITECTURE.md §11, §13).

type Json = Record<string, unknown>;

/** Waits `ms` with an unref'd timer (bulk polling); rejects with the signal's reason on abort. */
export const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    timer.unref?.();
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });

/**
 * One poll of a bulk result (`getBulkResult` / `getBulkRequestResult`), through
 * {@link callOperation}: `pending` while the API answers "No records found."
 * (https://docs.mastersindia.co/eway/get-e-way-bill-in-bulk), else every document's bill or
 * error.
 */
export function bulkResult(
  core: OperationCore,
  definition: OperationDefinition,
  query: unknown,
  options: CallOptions = {},
): Promise<BulkResult> {
  return callOperation(core, {
    name: definition.name,
    definition,
    body: query,
    options,
    perform: () => pollOnce(core, definition, query, options),
  });
}

async function pollOnce(
  core: OperationCore,
  definition: OperationDefinition,
  query: unknown,
  options: CallOptions,
): Promise<BulkResult> {
  const requestId = String((query as Json).request_id);
  const response = await core.fetch.get(definition.path, {
    ...kyOptions(options),
    searchParams: { request_id: requestId },
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // Quoted (cut) in the error below: without this call's secrets first (see send in ./call.ts).
    body = redactResponseText(response, text);
  }
  const results = (body as { results?: unknown } | null)?.results;
  if (Array.isArray(results)) {
    const items = results.map((element: unknown): BulkResultItem => {
      // Any element, also `null` or a non-object: a failed item, never a TypeError.
      const docNo = String((element as Json | null | undefined)?.docNo ?? '');
      try {
        const message = unwrapResults({ results: element }, response.status);
        return { docNo, status: 'generated', bill: generateResponseSchema.parse(message) };
      } catch (error) {
        const api = error instanceof MastersApiError ? error : undefined;
        const failure = new EwayBillApiError({
          message: api?.message ?? String(error),
          nicCode: api?.nicCode,
          code: api?.code,
          operation: definition.name,
        });
        // A NIC error text may echo the API key or the password: scrubbed with this call's credential.
        return { docNo, status: 'failed', error: redactResponseError(response, failure) };
      }
    });
    return { status: 'done', requestId, items };
  }
  try {
    unwrapResults(body, response.status);
  } catch (error) {
    // https://docs.mastersindia.co/eway/get-e-way-bill-in-bulk: "No records found." = unknown or not-ready request id.
    if (error instanceof MastersApiError && /no records found/i.test(error.message)) {
      return { status: 'pending', requestId };
    }
    if (error instanceof MastersApiError) {
      throw redactResponseError(response, toEwayBillApiError(error, definition.name));
    }
    throw error;
  }
  return { status: 'done', requestId, items: [] };
}

/**
 * Polls a bulk result until it is done, waiting `initialDelayMs` × 2^n (capped at `maxDelayMs`)
 * between polls, at most `maxAttempts` polls. Resolves the last answer (`status: 'pending'` when
 * the attempts ran out).
 */
export async function pollBulkResult(
  core: OperationCore,
  requestId: string,
  options: PollOptions & { kind?: 'generate' | 'request' } = {},
): Promise<BulkResult> {
  const initial = options.initialDelayMs ?? 1_000;
  const cap = options.maxDelayMs ?? 30_000;
  const attempts = Math.max(1, options.maxAttempts ?? 10);
  const definition =
    options.kind === 'request' ? OPERATIONS.getBulkRequestResult : OPERATIONS.getBulkResult;
  let result: BulkResult = { status: 'pending', requestId };
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await core.sleep(Math.min(cap, initial * 2 ** (i - 1)), options.signal);
    result = await bulkResult(core, definition, { request_id: requestId }, options);
    if (result.status === 'done') return result;
  }
  return result;
}

/**
 * Downloads an e-way bill PDF from its `url` (scheme added when missing, docs/ARCHITECTURE.md
 * §13), through {@link callOperation}. The auth header goes only to the configured base origin
 * (core's rule).
 *
 * @throws {@link EwayBillPdfError} when the answer is not a PDF (e.g. an HTML page);
 *   `MastersValidationError` (field `url`, nothing sent) for an empty or non-`http(s)` link.
 */
export function downloadPdf(
  core: OperationCore,
  url: string,
  options: CallOptions = {},
): Promise<Uint8Array> {
  return callOperation(core, {
    name: 'downloadPdf',
    options,
    perform: async () => {
      const target = pdfTarget(url);
      const response = await core.fetch.get(target, kyOptions(options));
      const bytes = new Uint8Array(await response.arrayBuffer());
      const contentType = response.headers.get('content-type') ?? '';
      const isPdf = bytes.length >= 5 && new TextDecoder().decode(bytes.subarray(0, 5)) === '%PDF-';
      if (!isPdf) {
        throw new EwayBillPdfError({ status: response.status, path: target.pathname, contentType });
      }
      return bytes;
    },
  });
}

/**
 * The URL of an e-way bill's PDF link (a link without a scheme gets `https://`, ./schemas/fields.ts).
 *
 * @throws `MastersValidationError` (field `url`) for a link that is empty, not `http(s)` or not a URL.
 */
function pdfTarget(url: unknown): URL {
  const link = typeof url === 'string' ? pdfLink(url) : '';
  if (link !== '' && URL.canParse(link)) return new URL(link);
  throw new MastersValidationError({
    operation: 'downloadPdf',
    fields: [{ path: 'url', message: 'must be an http(s) link to the e-way bill PDF' }],
  });
}
