import { MastersConfigError } from '@mastersfetch/core';
import { bulkResult, defaultSleep, downloadPdf, pollBulkResult } from './bulk-pdf.js';
import { callOperation, type OperationCore } from './call.js';
import { systemClock } from './clock.js';
import { generateOnce } from './generate-once.js';
import { holdsFor, type Holds } from './holds.js';
import {
  OPERATIONS,
  type OperationDefinition,
  type OperationRequest,
  type OperationResponse,
} from './operations.js';
import type {
  BulkResult,
  CallOptions,
  EwayBillsOptions,
  GenerateOptions,
  GenerateResult,
  PollOptions,
} from './options.js';
import { resolveMastersFetch, type MastersFetchSource } from './source.js';

export type {
  BulkResult,
  BulkResultItem,
  CallOptions,
  EwayBillsOptions,
  GenerateOptions,
  GenerateOutcome,
  GenerateResult,
  PollOptions,
} from './options.js';

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
  readonly #core: OperationCore;

  constructor(source: MastersFetchSource, options: EwayBillsOptions = {}) {
    const fetch = resolveMastersFetch(source);
    const clock = options.clock ?? systemClock;
    const quota = options.quotaBackoffMs ?? 60_000;
    if (!Number.isFinite(quota) || quota < 0) {
      throw new MastersConfigError({
        option: 'quotaBackoffMs',
        reason: 'must be a finite number >= 0',
      });
    }
    let holds: Holds | undefined;
    this.#core = {
      fetch,
      clock,
      validate: options.validate ?? true,
      quotaBackoffMs: quota,
      sleep: options.sleep ?? defaultSleep,
      // Shared by every EwayBills of the same client and credentials (./holds.ts).
      holds: () => (holds ??= holdsFor(fetch, clock)),
    };
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
  generate(
    body: OperationRequest<'generate'>,
    options: GenerateOptions = {},
  ): Promise<GenerateResult> {
    return generateOnce(this.#core, body, options);
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
    return bulkResult(this.#core, OPERATIONS.getBulkResult, body, options);
  }
  /** One poll of a generic bulk request (`GET api/v1/bulkEwayApiResponse/`, https://docs.mastersindia.co/eway/get-e-way-response-in-bulk). */
  getBulkRequestResult(
    body: OperationRequest<'getBulkRequestResult'>,
    options?: CallOptions,
  ): Promise<BulkResult> {
    return bulkResult(this.#core, OPERATIONS.getBulkRequestResult, body, options);
  }

  /**
   * Polls a bulk result until it is done, waiting `initialDelayMs` × 2^n (capped at `maxDelayMs`)
   * between polls, at most `maxAttempts` polls. Resolves the last answer (`status: 'pending'` when
   * the attempts ran out).
   */
  pollBulkResult(
    requestId: string,
    options: PollOptions & { kind?: 'generate' | 'request' } = {},
  ): Promise<BulkResult> {
    return pollBulkResult(this.#core, requestId, options);
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
   * @throws {@link EwayBillPdfError} when the answer is not a PDF (e.g. an HTML page, docs/ARCHITECTURE.md §13);
   *   `MastersValidationError` (field `url`, nothing sent) for an empty or non-`http(s)` link.
   */
  downloadPdf(url: string, options: CallOptions = {}): Promise<Uint8Array> {
    return downloadPdf(this.#core, url, options);
  }

  /** One operation through the single entry point ({@link callOperation}, ./call.ts). */
  #call(definition: OperationDefinition, body: unknown, options: CallOptions = {}): Promise<never> {
    return callOperation<never>(this.#core, { name: definition.name, definition, body, options });
  }
}

const cache = new WeakMap<object, EwayBills>();

/**
 * The typed e-way bill operations for a source of `mastersFetch` (see {@link MastersFetchSource}):
 * `ewayBills(req)` in Express, `ewayBills(ctx)` in Koa, `ewayBills(client)`,
 * `ewayBills(mastersFetch)`, or `ewayBills(mastersIndiaService)` in NestJS. Per-request
 * credentials flow through (the request's own `mastersFetch` is used). Without options the
 * instance is cached per `mastersFetch`. The NIC 118/658 holds are kept per client and
 * credentials (./holds.ts), so they carry from one request's `ewayBills(req)` to the next.
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
