import { MastersApiError, MastersHttpError, type MastersApiErrorOptions } from '@mastersfetch/core';
import { nicCodeInfo, type NicCodeInfo } from './nic-codes.js';

/** Options of {@link EwayBillApiError}. */
export interface EwayBillApiErrorOptions extends MastersApiErrorOptions {
  /** The operation that failed, e.g. `'generate'`. */
  operation: string;
  /** Set when the error was answered locally during a backoff (no request was sent). */
  isFromBackoff?: boolean;
}

/**
 * A {@link MastersApiError} (the API's error envelope) from an e-way bill operation, carrying the
 * NIC catalogue entry of its code (docs/ARCHITECTURE.md §13) as `nic`: meaning, whether changing the request
 * can fix it, whether a retry can help, and the field concerned. Adapters map it like any
 * `MastersApiError` (422 `nic_error`).
 */
export class EwayBillApiError extends MastersApiError {
  /** The catalogue entry of `nicCode`, `undefined` for an unknown or missing code. */
  readonly nic: NicCodeInfo | undefined;
  /** The operation that failed. */
  readonly operation: string;
  /** `true` when answered locally during a 118/658 backoff (nothing was sent). */
  readonly isFromBackoff: boolean;

  constructor(options: EwayBillApiErrorOptions) {
    super(options);
    this.nic = nicCodeInfo(options.nicCode);
    this.operation = options.operation;
    this.isFromBackoff = options.isFromBackoff ?? false;
  }

  protected override details(): Record<string, unknown> {
    return {
      ...super.details(),
      operation: this.operation,
      ...(this.nic ? { nic: this.nic } : {}),
      ...(this.isFromBackoff ? { isFromBackoff: true } : {}),
    };
  }
}
Object.defineProperty(EwayBillApiError.prototype, 'name', { value: 'EwayBillApiError' });

/** Core's {@link MastersApiError} of an exchange, as the {@link EwayBillApiError} of `operation`. */
export function toEwayBillApiError(error: MastersApiError, operation: string): EwayBillApiError {
  return new EwayBillApiError({
    message: error.message,
    nicCode: error.nicCode,
    code: error.code,
    status: error.status,
    operation,
  });
}

/** The document a generate was for: what the by-consignor look-up needs. */
export interface GeneratedDocumentRef {
  /** The acting GSTIN (`userGstin` of the generate). */
  userGstin: string;
  /** `document_type` of the generate, e.g. `'Tax Invoice'`. */
  documentType: string;
  /** `document_number` of the generate. */
  documentNumber: string;
}

/**
 * A generate ended without an answer (timeout, connection reset after the request was sent, a
 * gateway error) and the look-up by document (`GetEwayBillGeneratedByConsigner`) found no bill:
 * the e-way bill may or may not exist (the look-up can arrive before the generate commits). It
 * is NOT "not created": do not generate again blindly; call {@link lookAgain} (or
 * `findByDocument(document)`) after a few seconds. Extends {@link MastersHttpError} (status
 * `undefined`, `code` of the original failure) so adapters answer 503 `upstream_unavailable`.
 */
export class EwayBillOutcomeUnknownError extends MastersHttpError {
  /** The document to look up again. */
  readonly document: GeneratedDocumentRef;
  /** Looks the document up again: the bill, or `undefined` while it is still not found. */
  readonly lookAgain: () => Promise<unknown>;

  constructor(options: {
    document: GeneratedDocumentRef;
    code: string | undefined;
    status?: number;
    /** What ended the generate, when it was neither a status nor a network code. */
    reason?: string;
    lookAgain: () => Promise<unknown>;
    cause?: unknown;
  }) {
    const reason =
      options.reason ??
      (options.status !== undefined ? `HTTP ${options.status}` : (options.code ?? 'network error'));
    super({
      status: options.status,
      code: options.code,
      method: 'POST',
      path: '/api/v1/ewayBillsGenerate/',
      message: `The generate for document ${options.document.documentType} ${options.document.documentNumber} ended without an answer that shows its outcome (${reason}) and the look-up found no e-way bill yet: the outcome is unknown`,
      hint: 'do not generate again; look the document up again in a few seconds (error.lookAgain() or findByDocument)',
      cause: options.cause,
    });
    this.document = options.document;
    this.lookAgain = options.lookAgain;
  }

  protected override details(): Record<string, unknown> {
    return { ...super.details(), document: this.document };
  }
}
Object.defineProperty(EwayBillOutcomeUnknownError.prototype, 'name', {
  value: 'EwayBillOutcomeUnknownError',
});

/**
 * The PDF link answered something other than a PDF, e.g. an HTML page (seen in a production debug
 * dump, docs/ARCHITECTURE.md §13). `contentType` is the answer's `content-type`.
 */
export class EwayBillPdfError extends MastersHttpError {
  /** The answer's content type (`''` when absent). */
  readonly contentType: string;

  constructor(options: { status: number; path: string; contentType: string }) {
    super({
      status: options.status,
      method: 'GET',
      path: options.path,
      message: `The e-way bill PDF link answered ${options.contentType || 'an unknown content type'} instead of a PDF (HTTP ${options.status})`,
      hint: 'open the link in a browser or fetch it again later; the PDF may not be ready',
    });
    this.contentType = options.contentType;
  }

  protected override details(): Record<string, unknown> {
    return { ...super.details(), contentType: this.contentType };
  }
}
Object.defineProperty(EwayBillPdfError.prototype, 'name', { value: 'EwayBillPdfError' });
