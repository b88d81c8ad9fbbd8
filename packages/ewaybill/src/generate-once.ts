import { MastersHttpError, type SpanHandle } from '@mastersfetch/core';
import { callOperation, send, type OperationCore } from './call.js';
import {
  EwayBillApiError,
  EwayBillOutcomeUnknownError,
  type GeneratedDocumentRef,
} from './errors.js';
import { OPERATIONS, type OperationRequest, type OperationResponse } from './operations.js';
import type { CallOptions, GenerateOptions, GenerateResult } from './options.js';
import { generateResponseSchema, type GenerateResponse } from './schemas/responses.js';

// Generate exactly once (docs/ARCHITECTURE.md §11): the POST is never repeated; an ending without
// an answer is resolved by looking the document up, never by sending again.

// Network failures that prove the request never left: the server cannot have acted on it.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_INVALID_URL',
  'ENETUNREACH',
  'EHOSTUNREACH',
]);
/** NIC's "no record" answers of the look-up by document (https://docs.mastersindia.co/eway/get-ewb-by-consignor). */
const NOT_FOUND_CODES = new Set(['418', '325', '357']);

/**
 * Generates once through {@link callOperation} (validation first). See `EwayBills.generate`.
 *
 * @throws `MastersValidationError`, {@link EwayBillApiError}, {@link EwayBillOutcomeUnknownError}.
 */
export function generateOnce(
  core: OperationCore,
  body: OperationRequest<'generate'>,
  options: GenerateOptions,
): Promise<GenerateResult> {
  const definition = OPERATIONS.generate;
  return callOperation(core, {
    name: definition.name,
    definition,
    body,
    options,
    perform: (span) => sendOnce(core, body, options, span),
  });
}

async function sendOnce(
  core: OperationCore,
  body: OperationRequest<'generate'>,
  options: GenerateOptions,
  span: SpanHandle,
): Promise<GenerateResult> {
  let result: GenerateResult;
  try {
    const bill = (await send(core, OPERATIONS.generate, body, options, span)) as GenerateResponse;
    // The schema's output is this call's own object: marked, not copied.
    result = Object.assign(bill, { outcome: 'created' as const });
  } catch (error) {
    result = await recover(core, body, options, error);
  }
  // created | existing (NIC 604, onDuplicate) | recovered (found after a lost answer)
  span.setAttribute('mastersfetch.generate.outcome', result.outcome);
  return result;
}

/** After a generate that did not answer with a bill: the bill a look-up finds, or the throw. */
async function recover(
  core: OperationCore,
  body: OperationRequest<'generate'>,
  options: GenerateOptions,
  error: unknown,
): Promise<GenerateResult> {
  const document: GeneratedDocumentRef = {
    userGstin: body.userGstin,
    documentType: body.document_type,
    documentNumber: body.document_number,
  };
  if (error instanceof EwayBillApiError && error.nicCode === '604') {
    if (options.onDuplicate !== 'return-existing') throw error;
    const existing = await lookUpDocument(core, document, options).catch(() => undefined);
    if (existing) return { ...existing, outcome: 'existing' };
    throw error;
  }
  if (!isUnanswered(error)) throw error;
  if (options.signal?.aborted) throw error;
  const lookAgain = () => lookUpDocument(core, document, { signal: options.signal });
  const found = await lookAgain().catch(() => undefined);
  if (found) return { ...found, outcome: 'recovered' };
  throw new EwayBillOutcomeUnknownError({
    document,
    code: error instanceof MastersHttpError ? error.code : undefined,
    status: error instanceof MastersHttpError ? error.status : undefined,
    // An answer arrived that could not be read (no readable envelope, or a success whose payload
    // did not match the schema): not a network error.
    reason: error instanceof EwayBillApiError ? 'an answer that could not be read' : undefined,
    lookAgain,
    cause: error,
  });
}

/** The bill generated for a document, or `undefined` while NIC answers 418 "No record found.". */
async function lookUpDocument(
  core: OperationCore,
  document: GeneratedDocumentRef,
  options: CallOptions,
): Promise<GenerateResponse | undefined> {
  try {
    const definition = OPERATIONS.findByDocument;
    const found = await callOperation<OperationResponse<'findByDocument'>>(core, {
      name: definition.name,
      definition,
      body: {
        gstin: document.userGstin,
        document_type: document.documentType,
        document_number: document.documentNumber,
      },
      options,
    });
    return generateResponseSchema.parse({
      ...found,
      ewayBillDate: found.ewayBillDate.text,
      validUpto: found.validUpto.text,
      url: '',
    });
  } catch (error) {
    if (
      error instanceof EwayBillApiError &&
      error.nicCode !== undefined &&
      NOT_FOUND_CODES.has(error.nicCode)
    ) {
      return undefined;
    }
    throw error;
  }
}

/**
 * Whether a generate ended without an answer that proves what happened: a timeout or a network
 * error after the request may have been sent, a 5xx (a gateway may have passed it on), or a body
 * with no readable envelope. A refused connection proves nothing was sent.
 */
function isUnanswered(error: unknown): boolean {
  if (error instanceof MastersHttpError) {
    if (error.status === undefined) return !NOT_SENT_CODES.has(error.code ?? '');
    return error.status >= 500 || error.status === 408;
  }
  if (error instanceof EwayBillApiError)
    return error.nicCode === undefined && error.code === undefined;
  return false;
}
