import {
  MastersApiError,
  MastersConfigError,
  MastersHttpError,
  unwrapResults,
  type MastersFetch,
} from '@mastersfetch/core';
import { systemClock, type EwayBillClock } from './clock.js';
import {
  EwayBillApiError,
  EwayBillOutcomeUnknownError,
  EwayBillPdfError,
  type GeneratedDocumentRef,
} from './errors.js';
import { BACKOFF_CODES, RETRY_ONCE_CODES } from './nic-codes.js';
import {
  OPERATIONS,
  type OperationDefinition,
  type OperationName,
  type OperationRequest,
  type OperationResponse,
} from './operations.js';
import { generateResponseSchema, type GenerateResponse } from './schemas/responses.js';
import { pdfUrl } from './schemas/fields.js';
import { resolveMastersFetch, type MastersFetchSource } from './source.js';
import { validateRequest } from './validate.js';

/** Options of {@link ewayBills} / {@link EwayBills}. */
export interface EwayBillsOptions {
  /**
   * Clock of the date rules (`wallNow`, epoch ms) and the backoff windows (`now`, monotonic ms);
   * the same shape as core's `clock` option. Default: the system clock.
   */
  clock?: EwayBillClock;
  /** Validate requests locally before sending (default `true`). */
  validate?: boolean;
  /** How long look-ups are held back after NIC 658 (quota exceeded), ms. Default 60 000. */
  quotaBackoffMs?: number;
  /** Waits `ms` (bulk polling). Default: an unref'd `setTimeout`. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Options of one call. */
export interface CallOptions {
  /** Aborts the call. */
  signal?: AbortSignal;
  /** Timeout of this HTTP attempt, ms (core's `timeoutMs` otherwise). */
  timeoutMs?: number;
}

/** Options of {@link EwayBills.generate}. */
export interface GenerateOptions extends CallOptions {
  /**
   * On NIC 604 (already generated for this document number): `'error'` (default) throws the
   * {@link EwayBillApiError}; `'return-existing'` looks the bill up and returns it
   * (`outcome: 'existing'`).
   */
  onDuplicate?: 'error' | 'return-existing';
}

/** How a generate ended with a bill. */
export type GenerateOutcome =
  /** The generate answered with the new bill. */
  | 'created'
  /** The generate ended without an answer; the look-up by document found the bill it created. */
  | 'recovered'
  /** NIC 604 with `onDuplicate: 'return-existing'`: the bill that already existed. */
  | 'existing';

/** The answer of {@link EwayBills.generate}. `url` is `''` when the bill came from a look-up. */
export type GenerateResult = GenerateResponse & { outcome: GenerateOutcome };

/** One document of a bulk result (https://docs.mastersindia.co/eway/get-e-way-bill-in-bulk). */
export type BulkResultItem =
  | { docNo: string; status: 'generated'; bill: GenerateResponse }
  | { docNo: string; status: 'failed'; error: EwayBillApiError };

/** A bulk result: `pending` while the API answers "No records found." (https://docs.mastersindia.co/eway/get-e-way-bill-in-bulk). */
export type BulkResult =
  | { status: 'pending'; requestId: string }
  | { status: 'done'; requestId: string; items: BulkResultItem[] };

/** Options of {@link EwayBills.pollBulkResult}. */
export interface PollOptions extends CallOptions {
  /** First wait before a new poll, ms (default 1 000); doubles each time. */
  initialDelayMs?: number;
  /** Longest wait between polls, ms (default 30 000). */
  maxDelayMs?: number;
  /** At most this many polls (default 10). */
  maxAttempts?: number;
}

const HOLD_118_MS = 5 * 60_000; // NIC 118: "try again after 5 minutes" (docs/ARCHITECTURE.md §13)
// Network failures that prove the request never left: the server cannot have acted on it.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_INVALID_URL',
  'ENETUNREACH',
  'EHOSTUNREACH',
]);
const NOT_FOUND_CODES = new Set(['418', '325', '357']);

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
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

type Json = Record<string, unknown>;

/**
 * Every e-way bill operation of Masters India, typed and validated (docs/ARCHITECTURE.md §11), on an
 * authenticated `mastersFetch` (public API of `@mastersfetch/core` only). Create it with
 * {@link ewayBills}. Also a NestJS injection token: provide it with
 * `{ provide: EwayBills, useFactory: (s: MastersIndiaService) => ewayBills(s), inject: [MastersIndiaService] }`.
 *
 * Every method validates its request first and throws `MastersValidationError` (nothing sent) on
 * a documented rule; NIC errors are {@link EwayBillApiError} (a `MastersApiError` with the NIC
 * catalogue entry). Look-ups retry once on NIC 105/106/238 and are held back after 118/658; writes
 * are never repeated.
 */
export class EwayBills {
  readonly #fetch: MastersFetch;
  readonly #clock: EwayBillClock;
  readonly #validate: boolean;
  readonly #quotaBackoffMs: number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** GSTIN → the end of its 118/658 hold (monotonic ms) and the error that started it. */
  readonly #holds = new Map<string, { untilMs: number; error: EwayBillApiError }>();

  constructor(source: MastersFetchSource, options: EwayBillsOptions = {}) {
    this.#fetch = resolveMastersFetch(source);
    this.#clock = options.clock ?? systemClock;
    this.#validate = options.validate ?? true;
    const quota = options.quotaBackoffMs ?? 60_000;
    if (!Number.isFinite(quota) || quota < 0) {
      throw new MastersConfigError({
        option: 'quotaBackoffMs',
        reason: 'must be a finite number >= 0',
      });
    }
    this.#quotaBackoffMs = quota;
    this.#sleep = options.sleep ?? defaultSleep;
  }

  /**
   * Generates an e-way bill exactly once (`POST api/v1/ewayBillsGenerate/`, https://docs.mastersindia.co/eway/generate-e-way-bill). When the call
   * ends without an answer (timeout, connection reset after sending, a 5xx or an unreadable body),
   * it is never repeated: the document is looked up (`GetEwayBillGeneratedByConsigner` by type and
   * number) and the bill returned if it exists (`outcome: 'recovered'`); otherwise it throws
   * {@link EwayBillOutcomeUnknownError} with `lookAgain()` (never "not created").
   *
   * @throws `MastersValidationError` (nothing sent), {@link EwayBillApiError} (NIC error, e.g. 604
   * unless `onDuplicate: 'return-existing'`), {@link EwayBillOutcomeUnknownError}.
   * @example
   * ```ts
   * const bill = await ewayBills(client).generate(body, { onDuplicate: 'return-existing' });
   * bill.ewayBillNo; // '351000000001'
   * ```
   */
  async generate(
    body: OperationRequest<'generate'>,
    options: GenerateOptions = {},
  ): Promise<GenerateResult> {
    const definition = OPERATIONS.generate;
    if (this.#validate) validateRequest('generate', body, this.#clock);
    const document: GeneratedDocumentRef = {
      userGstin: body.userGstin,
      documentType: body.document_type,
      documentNumber: body.document_number,
    };
    try {
      const bill = (await this.#send(definition, body, options)) as GenerateResponse;
      return { ...bill, outcome: 'created' };
    } catch (error) {
      if (error instanceof EwayBillApiError && error.nicCode === '604') {
        if (options.onDuplicate !== 'return-existing') throw error;
        const existing = await this.#lookUpDocument(document, options).catch(() => undefined);
        if (existing) return { ...existing, outcome: 'existing' };
        throw error;
      }
      if (!isUnanswered(error)) throw error;
      if (options.signal?.aborted) throw error;
      const lookAgain = () => this.#lookUpDocument(document, { signal: options.signal });
      const found = await lookAgain().catch(() => undefined);
      if (found) return { ...found, outcome: 'recovered' };
      throw new EwayBillOutcomeUnknownError({
        document,
        code: error instanceof MastersHttpError ? error.code : undefined,
        status: error instanceof MastersHttpError ? error.status : undefined,
        lookAgain,
        cause: error,
      });
    }
  }

  /** The bill generated for a document, or `undefined` while NIC answers 418 "No record found.". */
  async #lookUpDocument(
    document: GeneratedDocumentRef,
    options: CallOptions,
  ): Promise<GenerateResponse | undefined> {
    try {
      const found = await this.findByDocument(
        {
          gstin: document.userGstin,
          document_type: document.documentType,
          document_number: document.documentNumber,
        },
        options,
      );
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

  /** Cancels an e-way bill (`POST api/v1/ewayBillCancel/`, https://docs.mastersindia.co/eway/cancel-e-way-bill). NIC 312/315/316. */
  cancel(
    body: OperationRequest<'cancel'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'cancel'>> {
    return this.#call(OPERATIONS.cancel, body, options);
  }
  /** Updates Part-B, the vehicle (`POST api/v1/updateVehicleNumber/`, https://docs.mastersindia.co/eway/update-part-b). NIC 362. */
  updatePartB(
    body: OperationRequest<'updatePartB'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'updatePartB'>> {
    return this.#call(OPERATIONS.updatePartB, body, options);
  }
  /** Extends the validity (`POST api/v1/ewayBillValidityExtend/`, https://docs.mastersindia.co/eway/extend-validity-of-e-way-bill). NIC 382/384/390. */
  extendValidity(
    body: OperationRequest<'extendValidity'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'extendValidity'>> {
    return this.#call(OPERATIONS.extendValidity, body, options);
  }
  /** Changes the transporter (`POST api/v1/transporterIdUpdate/`, https://docs.mastersindia.co/eway/update-transporter). NIC 222/338. */
  updateTransporter(
    body: OperationRequest<'updateTransporter'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'updateTransporter'>> {
    return this.#call(OPERATIONS.updateTransporter, body, options);
  }
  /** Rejects another party's e-way bill (`POST api/v1/ewayBillReject/`, https://docs.mastersindia.co/eway/reject-e-way-bill). NIC 341-346. */
  reject(
    body: OperationRequest<'reject'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'reject'>> {
    return this.#call(OPERATIONS.reject, body, options);
  }
  /** Generates a consolidated e-way bill (`POST api/v1/consolidatedEwayBillsGenerate/`, https://docs.mastersindia.co/eway/generate-consolidate-e-way-bill). */
  generateConsolidated(
    body: OperationRequest<'generateConsolidated'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'generateConsolidated'>> {
    return this.#call(OPERATIONS.generateConsolidated, body, options);
  }
  /** Regenerates a consolidated e-way bill (`POST api/v1/consolidatedEwayBillsRegenerate/`, https://docs.mastersindia.co/eway/regenerate-consolidate-e-way-bill). */
  regenerateConsolidated(
    body: OperationRequest<'regenerateConsolidated'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'regenerateConsolidated'>> {
    return this.#call(OPERATIONS.regenerateConsolidated, body, options);
  }
  /** Starts a multi-vehicle movement (`POST api/v1/multiVehicleMovement/`, https://docs.mastersindia.co/eway/initiate-multi-vehicle). */
  initiateMultiVehicle(
    body: OperationRequest<'initiateMultiVehicle'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'initiateMultiVehicle'>> {
    return this.#call(OPERATIONS.initiateMultiVehicle, body, options);
  }
  /** Adds a vehicle to a multi-vehicle group (`POST api/v1/addvehiclesDetailsforMultiVehicle/`, https://docs.mastersindia.co/eway/add-multi-vehicles). */
  addMultiVehicle(
    body: OperationRequest<'addMultiVehicle'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'addMultiVehicle'>> {
    return this.#call(OPERATIONS.addMultiVehicle, body, options);
  }
  /** Changes a vehicle of a group (`POST api/v1/changeVehiclesDetailsforMultiVehicle/`, https://docs.mastersindia.co/eway/change-multi-vehicles). NIC 406. */
  changeMultiVehicle(
    body: OperationRequest<'changeMultiVehicle'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'changeMultiVehicle'>> {
    return this.#call(OPERATIONS.changeMultiVehicle, body, options);
  }
  /** GSTINs' return status, blocked/unblocked (`POST api/v1/returnStatus/`, https://docs.mastersindia.co/eway/return-status-blocked-and-unblocked). */
  returnStatus(
    body: OperationRequest<'returnStatus'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'returnStatus'>> {
    return this.#call(OPERATIONS.returnStatus, body, options);
  }
  /** Submits bills for asynchronous generation (`POST api/v1/ewayBillsGenerateInBulk/`, https://docs.mastersindia.co/eway/generate-e-way-bill-in-bulk). */
  generateBulk(
    body: OperationRequest<'generateBulk'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'generateBulk'>> {
    return this.#call(OPERATIONS.generateBulk, body, options);
  }
  /** Submits a generic bulk request (`POST api/v1/bulkEwayApiRequest/`, https://docs.mastersindia.co/eway/generate-e-way-request-in-bulk). */
  bulkRequest(
    body: OperationRequest<'bulkRequest'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'bulkRequest'>> {
    return this.#call(OPERATIONS.bulkRequest, body, options);
  }
  /** One poll of a bulk generate (`GET api/v1/getBulkEwayBillsResponse/`, https://docs.mastersindia.co/eway/get-e-way-bill-in-bulk). */
  getBulkResult(
    body: OperationRequest<'getBulkResult'>,
    options?: CallOptions,
  ): Promise<BulkResult> {
    return this.#bulkResult(OPERATIONS.getBulkResult, body, options);
  }
  /** One poll of a generic bulk request (`GET api/v1/bulkEwayApiResponse/`, https://docs.mastersindia.co/eway/get-e-way-response-in-bulk). */
  getBulkRequestResult(
    body: OperationRequest<'getBulkRequestResult'>,
    options?: CallOptions,
  ): Promise<BulkResult> {
    return this.#bulkResult(OPERATIONS.getBulkRequestResult, body, options);
  }

  /**
   * Polls a bulk result until it is done, waiting `initialDelayMs` × 2^n (capped at `maxDelayMs`)
   * between polls, at most `maxAttempts` polls. Resolves the last answer (`status: 'pending'` when
   * the attempts ran out).
   */
  async pollBulkResult(
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
      if (i > 0) await this.#sleep(Math.min(cap, initial * 2 ** (i - 1)), options.signal);
      result = await this.#bulkResult(definition, { request_id: requestId }, options);
      if (result.status === 'done') return result;
    }
    return result;
  }

  /** The details of an e-way bill (`GetEwayBill`, https://docs.mastersindia.co/eway/get-e-way-bill-details). NIC 357. */
  getEwayBill(
    query: OperationRequest<'getEwayBill'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'getEwayBill'>> {
    return this.#call(OPERATIONS.getEwayBill, query, options);
  }
  /** Bills generated by others for you on a date (`GetEwayBillsofOtherParty`, https://docs.mastersindia.co/eway/get-other-party-ewb). NIC 366. */
  getEwayBillsOfOtherParty(
    query: OperationRequest<'getEwayBillsOfOtherParty'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'getEwayBillsOfOtherParty'>> {
    return this.#call(OPERATIONS.getEwayBillsOfOtherParty, query, options);
  }
  /** A consolidated bill's trip sheet (`GetTripSheet`, https://docs.mastersindia.co/eway/get-consolidated-ewb). NIC 325. */
  getTripSheet(
    query: OperationRequest<'getTripSheet'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'getTripSheet'>> {
    return this.#call(OPERATIONS.getTripSheet, query, options);
  }
  /** A taxpayer's details (`GetGSTINDetails`, https://docs.mastersindia.co/eway/get-gstin-details). NIC 325. */
  getGstinDetails(
    query: OperationRequest<'getGstinDetails'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'getGstinDetails'>> {
    return this.#call(OPERATIONS.getGstinDetails, query, options);
  }
  /** A transporter's details (`GetTransporterDetails`, https://docs.mastersindia.co/eway/get-transporter-details). NIC 325. */
  getTransporterDetails(
    query: OperationRequest<'getTransporterDetails'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'getTransporterDetails'>> {
    return this.#call(OPERATIONS.getTransporterDetails, query, options);
  }
  /** An HSN code's description (`GetHsnDetailsByHsnCode`, https://docs.mastersindia.co/eway/get-hsn-details). NIC 216. */
  getHsnDetails(
    query: OperationRequest<'getHsnDetails'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'getHsnDetails'>> {
    return this.#call(OPERATIONS.getHsnDetails, query, options);
  }
  /** The bill of a document by type and number (`GetEwayBillGeneratedByConsigner`, https://docs.mastersindia.co/eway/get-ewb-by-consignor). NIC 418. */
  findByDocument(
    query: OperationRequest<'findByDocument'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'findByDocument'>> {
    return this.#call(OPERATIONS.findByDocument, query, options);
  }
  /** Your bills of a date (`GetEwayBillsByDate`, https://docs.mastersindia.co/eway/get-ewb-by-date). NIC 418. */
  getEwayBillsByDate(
    query: OperationRequest<'getEwayBillsByDate'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'getEwayBillsByDate'>> {
    return this.#call(OPERATIONS.getEwayBillsByDate, query, options);
  }
  /** Your bills that others rejected (`GetEwayBillsRejectedByOthers`, https://docs.mastersindia.co/eway/get-ewaybills-rejected-by-others). NIC 418. */
  getEwayBillsRejectedByOthers(
    query: OperationRequest<'getEwayBillsRejectedByOthers'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'getEwayBillsRejectedByOthers'>> {
    return this.#call(OPERATIONS.getEwayBillsRejectedByOthers, query, options);
  }
  /** Bills assigned to a transporter, by state (`GetEwayBillsForTransporterByState`, https://docs.mastersindia.co/eway/get-ewb-by-transporter-1). NIC 336. */
  getEwayBillsForTransporterByState(
    query: OperationRequest<'getEwayBillsForTransporterByState'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'getEwayBillsForTransporterByState'>> {
    return this.#call(OPERATIONS.getEwayBillsForTransporterByState, query, options);
  }
  /** Bills assigned to a transporter (`GetEwayBillsForTransporter`, https://docs.mastersindia.co/eway/get-ewb-by-transporter-2). NIC 336. */
  getEwayBillsForTransporter(
    query: OperationRequest<'getEwayBillsForTransporter'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'getEwayBillsForTransporter'>> {
    return this.#call(OPERATIONS.getEwayBillsForTransporter, query, options);
  }
  /** Bills assigned to a transporter by one generator (`GetEwayBillsForTransporterByGstin`, https://docs.mastersindia.co/eway/get-ewb-by-transporter-3). NIC 336. */
  getEwayBillsForTransporterByGstin(
    query: OperationRequest<'getEwayBillsForTransporterByGstin'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'getEwayBillsForTransporterByGstin'>> {
    return this.#call(OPERATIONS.getEwayBillsForTransporterByGstin, query, options);
  }
  /** Transporter report by assigned date (`GetEwayBillReportByTransporterassignedDate`, https://docs.mastersindia.co/eway/get-ewb-by-transporter-4). NIC 336. */
  getEwayBillReportByTransporterAssignedDate(
    query: OperationRequest<'getEwayBillReportByTransporterAssignedDate'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'getEwayBillReportByTransporterAssignedDate'>> {
    return this.#call(OPERATIONS.getEwayBillReportByTransporterAssignedDate, query, options);
  }
  /** Generates an e-way bill from an IRN (`POST api/v1/gen-ewb-by-irn/`, https://docs.mastersindia.co/einvoicing/generate-e-way-bill-by-irn). Never repeated. */
  generateByIrn(
    body: OperationRequest<'generateByIrn'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'generateByIrn'>> {
    return this.#call(OPERATIONS.generateByIrn, body, options);
  }
  /** The e-way bill of an IRN (`GET api/v1/get-ewb-byirn/`, https://docs.mastersindia.co/einvoicing/get-e-waybill-details-by-irn). Code 4005. */
  getEwayBillByIrn(
    query: OperationRequest<'getEwayBillByIrn'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'getEwayBillByIrn'>> {
    return this.#call(OPERATIONS.getEwayBillByIrn, query, options);
  }
  /** Road distance between two pincodes, km (`GET api/v1/distance/`, docs/ARCHITECTURE.md §13). */
  getDistance(
    query: OperationRequest<'getDistance'>,
    options?: CallOptions,
  ): Promise<OperationResponse<'getDistance'>> {
    return this.#call(OPERATIONS.getDistance, query, options);
  }

  /**
   * Downloads an e-way bill PDF from its `url` (scheme added when missing, docs/ARCHITECTURE.md §13). The auth header
   * goes only to the configured base origin (core's rule).
   *
   * @returns the PDF bytes.
   * @throws {@link EwayBillPdfError} when the answer is not a PDF (e.g. an HTML page, docs/ARCHITECTURE.md §13).
   */
  async downloadPdf(url: string, options: CallOptions = {}): Promise<Uint8Array> {
    const target = new URL(pdfUrl.parse(url));
    const response = await this.#fetch.get(target, {
      signal: options.signal,
      ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const contentType = response.headers.get('content-type') ?? '';
    const isPdf = bytes.length >= 5 && new TextDecoder().decode(bytes.subarray(0, 5)) === '%PDF-';
    if (!isPdf)
      throw new EwayBillPdfError({ status: response.status, path: target.pathname, contentType });
    return bytes;
  }

  async #call<Req extends OperationDefinition>(
    definition: Req,
    body: unknown,
    options: CallOptions = {},
  ): Promise<never> {
    if (this.#validate) validateRequest(definition.name as OperationName, body, this.#clock);
    if (!definition.isIdempotent) return (await this.#send(definition, body, options)) as never;
    const gstin = actingGstin(body);
    const hold = this.#holds.get(gstin);
    if (hold && this.#clock.now() < hold.untilMs) {
      throw new EwayBillApiError({
        message: `${hold.error.message} (held back locally until the NIC backoff ends; not sent)`,
        nicCode: hold.error.nicCode,
        code: hold.error.code,
        operation: definition.name,
        isFromBackoff: true,
      });
    }
    try {
      return (await this.#send(definition, body, options)) as never;
    } catch (error) {
      if (!(error instanceof EwayBillApiError) || error.nicCode === undefined) throw error;
      if (RETRY_ONCE_CODES.has(error.nicCode))
        return (await this.#send(definition, body, options)) as never;
      if (BACKOFF_CODES.has(error.nicCode)) {
        const holdMs = error.nicCode === '118' ? HOLD_118_MS : this.#quotaBackoffMs;
        this.#holds.set(gstin, { untilMs: this.#clock.now() + holdMs, error });
      }
      throw error;
    }
  }

  /** One HTTP exchange: send, unwrap the envelope, normalize the payload. */
  async #send(
    definition: OperationDefinition,
    body: unknown,
    options: CallOptions,
  ): Promise<unknown> {
    const payload = await this.#exchange(definition, body, options);
    const parsed = definition.response.safeParse(payload);
    if (!parsed.success) {
      throw new EwayBillApiError({
        message: `Masters India answered ${definition.name} with an unexpected payload: ${parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.') || '(payload)'} ${i.message}`)
          .join('; ')}`,
        operation: definition.name,
      });
    }
    return parsed.data;
  }

  /** Sends and unwraps: the payload (`results.message`, or `results` for some operations). */
  async #exchange(
    definition: OperationDefinition,
    body: unknown,
    options: CallOptions,
  ): Promise<unknown> {
    const kyOptions = {
      signal: options.signal,
      ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
    };
    const response =
      definition.method === 'POST'
        ? await this.#fetch.post(definition.path, { ...kyOptions, json: body })
        : await this.#fetch.get(definition.path, {
            ...kyOptions,
            searchParams: toSearchParams(definition.action, body as Json),
          });
    const text = await response.text();
    try {
      const message = unwrapResults(text, response.status);
      if (definition.payload === 'results') {
        const results = (JSON.parse(text) as { results?: Json }).results ?? {};
        return definition.name === 'getDistance'
          ? { ...results, distance: results.distance ?? message }
          : results;
      }
      return message;
    } catch (error) {
      if (error instanceof MastersApiError) {
        throw new EwayBillApiError({
          message: error.message,
          nicCode: error.nicCode,
          code: error.code,
          status: error.status,
          operation: definition.name,
        });
      }
      throw error;
    }
  }

  async #bulkResult(
    definition: OperationDefinition,
    query: unknown,
    options: CallOptions = {},
  ): Promise<BulkResult> {
    if (this.#validate) validateRequest(definition.name as OperationName, query, this.#clock);
    const requestId = String((query as Json).request_id);
    const response = await this.#fetch.get(definition.path, {
      signal: options.signal,
      ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
      searchParams: { request_id: requestId },
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    const results = (body as { results?: unknown } | null)?.results;
    if (Array.isArray(results)) {
      const items = results.map((element: Json): BulkResultItem => {
        const docNo = String(element.docNo ?? '');
        try {
          const message = unwrapResults({ results: element }, response.status);
          return { docNo, status: 'generated', bill: generateResponseSchema.parse(message) };
        } catch (error) {
          const api = error instanceof MastersApiError ? error : undefined;
          return {
            docNo,
            status: 'failed',
            error: new EwayBillApiError({
              message: api?.message ?? String(error),
              nicCode: api?.nicCode,
              code: api?.code,
              operation: definition.name,
            }),
          };
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
        throw new EwayBillApiError({
          ...error,
          message: error.message,
          nicCode: error.nicCode,
          code: error.code,
          status: error.status,
          operation: definition.name,
        });
      }
      throw error;
    }
    return { status: 'done', requestId, items: [] };
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

const cache = new WeakMap<object, EwayBills>();

/**
 * The typed e-way bill operations for a source of `mastersFetch` (see {@link MastersFetchSource}):
 * `ewayBills(req)` in Express, `ewayBills(ctx)` in Koa, `ewayBills(client)`,
 * `ewayBills(mastersFetch)`, or `ewayBills(mastersIndiaService)` in NestJS. Per-request
 * credentials flow through (the request's own `mastersFetch` is used). Without options the
 * instance is cached per `mastersFetch`.
 *
 * @throws `MastersConfigError` when the source carries no `mastersFetch`.
 * @example
 * ```ts
 * app.post('/ewaybills', async (req, res) => {
 *   const bill = await ewayBills(req).generate(req.body);
 *   res.status(201).json(bill);
 * });
 * ```
 */
export function ewayBills(source: MastersFetchSource, options?: EwayBillsOptions): EwayBills {
  const fetch = resolveMastersFetch(source);
  if (options !== undefined) return new EwayBills(fetch, options);
  let instance = cache.get(fetch);
  if (!instance) {
    instance = new EwayBills(fetch);
    cache.set(fetch, instance);
  }
  return instance;
}
