import type {
  CancelRequest,
  CancelResponse,
  GenerateRequest,
  GenerateResult,
  GetEwayBillRequest,
  UpdatePartBRequest,
  UpdatePartBResponse,
} from '@mastersfetch/ewaybill';

// What the sample routes (docs/ARCHITECTURE.md §10) add to `@mastersfetch/ewaybill`: the tenant's
// defaults in each request and the answer shapes of the contract. Validation is the package's:
// these functions never reject, they pass anything odd on so that `MastersValidationError`
// names the field (400 `bad_request` with `fields`, nothing sent).

/** `POST /ewaybills` answer (HTTP 201). `ewayBillNo` is always a 12-digit string. */
export interface GeneratedEwayBill {
  ewayBillNo: string;
  /** As printed by the API (IST), e.g. `'05/03/2025 11:20:00 AM'`. */
  ewayBillDate: string;
  validUpto: string;
  /** Absolute PDF link (`https://` prepended when the API omits the scheme); `''` when unknown. */
  pdfUrl: string;
}

/** `PATCH /ewaybills/:number/vehicle` answer; date-times as printed by the API. */
export interface PartBUpdate {
  vehUpdDate: string;
  validUpto: string;
}

/** `POST /ewaybills/:number/cancel` answer; the date-time as printed by the API. */
export interface CancelledEwayBill {
  cancelDate: string;
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * A body with the tenant's defaults: `userGstin` (when absent) is the tenant's GSTIN and
 * `data_source` is `'erp'`, as in every documented request
 * (https://docs.mastersindia.co/eway/generate-e-way-bill). Anything but a JSON object is returned
 * as it is, for the package's validation to reject.
 */
function withTenant(body: unknown, gstin: string): unknown {
  if (!isObject(body)) return body;
  return { data_source: 'erp', ...body, userGstin: body.userGstin ?? gstin };
}

/**
 * The EWB number of a URL as the API documents it, a number
 * (https://docs.mastersindia.co/eway/cancel-e-way-bill), when it is 12 digits; otherwise the text
 * as given, which the package's validation rejects (field `eway_bill_number`).
 */
function ewbNumberFromUrl(ewbNumber: string): number | string {
  return /^[0-9]{12}$/.test(ewbNumber) ? Number(ewbNumber) : ewbNumber;
}

/** The request of `POST /ewaybills`: the body with the tenant's `userGstin` by default. */
export function generateRequest(body: unknown, gstin: string): GenerateRequest {
  return withTenant(body, gstin) as GenerateRequest;
}

/** The query of `GET /ewaybills/:number` for the tenant. */
export function detailsQuery(ewbNumber: string, gstin: string): GetEwayBillRequest {
  return { gstin, eway_bill_number: ewbNumberFromUrl(ewbNumber) };
}

/** A body for the bill of the URL: the tenant's defaults and the URL's EWB number (it wins). */
function billRequest(ewbNumber: string, body: unknown, gstin: string): unknown {
  const request = withTenant(body, gstin);
  return isObject(request)
    ? { ...request, eway_bill_number: ewbNumberFromUrl(ewbNumber) }
    : request;
}

/** The request of `PATCH /ewaybills/:number/vehicle`: the Part-B fields for the URL's bill. */
export function partBRequest(ewbNumber: string, body: unknown, gstin: string): UpdatePartBRequest {
  return billRequest(ewbNumber, body, gstin) as UpdatePartBRequest;
}

/**
 * The request of `POST /ewaybills/:number/cancel`: `{ reason_of_cancel, cancel_remark }` for the
 * URL's bill.
 */
export function cancelRequest(ewbNumber: string, body: unknown, gstin: string): CancelRequest {
  return billRequest(ewbNumber, body, gstin) as CancelRequest;
}

/** The 201 answer of `POST /ewaybills` from the package's generate result. */
export function generatedAnswer(bill: GenerateResult): GeneratedEwayBill {
  return {
    ewayBillNo: bill.ewayBillNo,
    ewayBillDate: bill.ewayBillDate.text,
    validUpto: bill.validUpto.text,
    pdfUrl: bill.url,
  };
}

/** The 200 answer of `PATCH /ewaybills/:number/vehicle`. */
export function partBAnswer(update: UpdatePartBResponse): PartBUpdate {
  return { vehUpdDate: update.vehUpdDate.text, validUpto: update.validUpto.text };
}

/** The 200 answer of `POST /ewaybills/:number/cancel`. */
export function cancelAnswer(cancelled: CancelResponse): CancelledEwayBill {
  return { cancelDate: cancelled.cancelDate.text };
}
