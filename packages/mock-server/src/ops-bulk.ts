/**
 * Asynchronous bulk generation and the generic bulk request
 * (https://docs.mastersindia.co/eway/generate-e-way-bill-in-bulk), GSTIN return status
 * (https://docs.mastersindia.co/eway/return-status-blocked-and-unblocked) and the pincode distance
 * look-up (public clients, docs/ARCHITECTURE.md §13).
 */
import { randomBytes } from 'node:crypto';
import { NicError, successEnvelope } from './envelopes.js';
import type { EwayBillStore, OperationContext } from './eway-bills.js';
import { type Fields, isPincode, num, str } from './fields.js';
import { GSTIN_DIRECTORY } from './gstin-directory.js';

/** [inferred] A bulk request's result is ready 1 s (mock clock) after it was accepted. */
export const BULK_READY_AFTER_MS = 1_000;

/**
 * Generate each body now; the per-document elements of
 * https://docs.mastersindia.co/eway/generate-e-way-bill-in-bulk (failures: the NIC error element
 * [inferred]).
 */
function generateAll(store: EwayBillStore, list: unknown[], ctx: OperationContext): unknown[] {
  return list.map((entry) => {
    const fields = (typeof entry === 'object' && entry !== null ? entry : {}) as Fields;
    const docNo = str(fields.document_number);
    try {
      const { message, requestId } = store.generate(fields, ctx);
      return { message, status: 'Success', code: 200, requestId, docNo };
    } catch (error) {
      if (!(error instanceof NicError)) throw error;
      const message = error.nicCode === '' ? error.text : `${error.nicCode}: ${error.text}`;
      return { message, status: 'No Content', code: 204, nic_code: error.nicCode, docNo };
    }
  });
}

function accept(store: EwayBillStore, list: unknown[], ctx: OperationContext): string {
  const id = `edoc_${Math.floor(ctx.nowMs / 1000)}_${randomBytes(6).toString('hex')}`;
  store.bulkRequests.set(id, { acceptedAtMs: ctx.nowMs, results: generateAll(store, list, ctx) });
  return id;
}

const ACCEPTED = 'Request accepted, poll with the request id for the result';

/**
 * `POST /api/v1/ewayBillsGenerateInBulk/` `{ ewayBillList }`
 * (https://docs.mastersindia.co/eway/generate-e-way-bill-in-bulk).
 */
export function bulkGenerate(store: EwayBillStore, fields: Fields, ctx: OperationContext): unknown {
  if (!Array.isArray(fields.ewayBillList) || fields.ewayBillList.length === 0) {
    return { error: 'invalid_request', error_description: 'Invalid Json Structure.' };
  }
  const requestId = accept(store, fields.ewayBillList, ctx);
  return {
    results: {
      status: 'Success',
      message: ACCEPTED,
      code: 200,
      request_status: 'pending',
      requestId,
    },
  };
}

/**
 * `POST /api/v1/bulkEwayApiRequest/` `{ action: "eway", list }`
 * (https://docs.mastersindia.co/eway/generate-e-way-bill-in-bulk): snake `request_id`.
 */
export function bulkRequest(store: EwayBillStore, fields: Fields, ctx: OperationContext): unknown {
  if (fields.action !== 'eway') {
    return {
      results: {
        status: 'No Content',
        message: 'Invalid Action',
        code: 204,
        request_status: 'Not Accepted',
        request_id: '',
      },
    };
  }
  if (!Array.isArray(fields.list) || fields.list.length === 0) {
    return { error: 'invalid_request', error_description: 'Invalid Json Structure.' };
  }
  const request_id = accept(store, fields.list, ctx);
  return {
    results: {
      status: 'Success',
      message: ACCEPTED,
      code: 200,
      request_status: 'pending',
      request_id,
    },
  };
}

/**
 * `GET getBulkEwayBillsResponse/` and `GET bulkEwayApiResponse/`
 * (https://docs.mastersindia.co/eway/generate-e-way-bill-in-bulk): the array of per-document
 * results once ready, else "No records found." with the id under `idKey`. Both `request_id` and
 * `requestId` query spellings are accepted.
 */
export function bulkResult(
  store: EwayBillStore,
  query: URLSearchParams,
  ctx: OperationContext,
  idKey: 'requestId' | 'request_id',
): unknown {
  const id = query.get('request_id') ?? query.get('requestId') ?? '';
  const request = store.bulkRequests.get(id);
  if (request === undefined || ctx.nowMs - request.acceptedAtMs < BULK_READY_AFTER_MS) {
    return {
      results: {
        status: 'No Content',
        code: 204,
        request_status: '',
        [idKey]: id,
        message: 'No records found.',
      },
    };
  }
  return { results: request.results };
}

/**
 * `POST /api/v1/returnStatus/`
 * (https://docs.mastersindia.co/eway/return-status-blocked-and-unblocked): `user_gstin` (snake),
 * `gstin_list` of `{gstin}`.
 */
export function returnStatus(store: EwayBillStore, fields: Fields, ctx: OperationContext): unknown {
  store.requireGstin(ctx, fields.user_gstin);
  const list = Array.isArray(fields.gstin_list) ? fields.gstin_list : [];
  const message: Record<string, string> = {};
  let failed = list.length === 0;
  for (const entry of list) {
    const gstin = str(
      typeof entry === 'object' && entry !== null ? (entry as Fields).gstin : entry,
    ).toUpperCase();
    const record = GSTIN_DIRECTORY.get(gstin);
    if (record === undefined) failed = true;
    // [inferred] Known taxpayers are "Unblocked" unless their record says blocked.
    message[gstin] =
      record === undefined
        ? 'Incorrect user id/User does not exists'
        : record.block_status === 'B'
          ? 'Blocked'
          : 'Unblocked';
  }
  return failed ? { results: { message, status: 'Fail', code: 204 } } : successEnvelope(message);
}

/**
 * `GET /api/v1/distance/?fromPincode=&toPincode=` → `results.distance` (docs/ARCHITECTURE.md §13,
 * [code] only). [inferred] A deterministic made-up distance: 0 for equal pincodes, else
 * `|from − to| / 250` km rounded, between 1 and 4000.
 */
export function distance(query: URLSearchParams): unknown {
  const from = query.get('fromPincode');
  const to = query.get('toPincode');
  if (!isPincode(from) || !isPincode(to)) {
    return {
      results: {
        message: '210: Invalid or Blank Supplier PIN Code',
        status: 'No Content',
        code: 204,
        nic_code: '210',
      },
    };
  }
  const km =
    from === to
      ? 0
      : Math.min(4000, Math.max(1, Math.round(Math.abs(num(from)! - num(to)!) / 250)));
  return { results: { distance: km, status: 'Success', code: 200 } };
}
