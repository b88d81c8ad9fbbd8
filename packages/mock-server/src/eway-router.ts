import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate } from './auth.js';
import { parseJsonBody } from './body.js';
import { NicError, nicErrorEnvelope, successEnvelope } from './envelopes.js';
import type { EwayBillStore, OperationContext } from './eway-bills.js';
import type { RequestContext, Responder } from './http.js';
import {
  generateConsolidated,
  regenerateConsolidated,
  reject,
  tripSheet,
  updateTransporter,
} from './ops-transport.js';
import { generateByIrn, getByIrn } from './ops-irn.js';
import { LOOK_UPS } from './ops-lookups.js';
import { addMultiVehicle, changeMultiVehicle, initiateMultiVehicle } from './ops-multi-vehicle.js';
import { bulkGenerate, bulkRequest, bulkResult, distance, returnStatus } from './ops-bulk.js';
import type { TokenAuthority } from './tokens.js';

type Fields = Record<string, unknown>;

/** One e-way operation: its method and how it turns the request into an answer body. */
interface Route {
  method: 'GET' | 'POST';
  /** Returns the answer (serialized when a string, e.g. a cached look-up); NIC errors are thrown. */
  run(
    bills: EwayBillStore,
    input: { body: Fields; query: URLSearchParams },
    ctx: OperationContext,
  ): unknown;
}

const post = (run: Route['run']): Route => ({ method: 'POST', run });
const get = (run: Route['run']): Route => ({ method: 'GET', run });

/** The unknown-action answer of `getEwayBillData` (see the README: why this envelope). */
function lookUp(bills: EwayBillStore, query: URLSearchParams, ctx: OperationContext): unknown {
  const action = query.get('action') ?? '';
  if (action === 'GetEwayBill') return bills.detailsResponse(query, ctx);
  if (action === 'GetTripSheet') return successEnvelope(tripSheet(bills, query, ctx));
  if (action === 'GetGSTINDetails') return successEnvelope(bills.gstinDetails(query, ctx));
  if (action === 'GetEwayBillGeneratedByConsigner') {
    return successEnvelope(bills.byConsigner(query, ctx));
  }
  const lookUpAction = Object.hasOwn(LOOK_UPS, action) ? LOOK_UPS[action] : undefined;
  if (lookUpAction !== undefined) return successEnvelope(lookUpAction(bills, query, ctx));
  // [inferred] The documentation gives no answer for an unknown action. The generic bulk request
  // documents "Invalid Action" inside a 204 `results` envelope
  // (https://docs.mastersindia.co/eway/generate-e-way-bill-in-bulk), so the mock answers the same
  // text in the standard NIC-less error envelope of docs/ARCHITECTURE.md §13 rather than a shape
  // the API lacks.
  return { results: { message: 'Invalid Action', status: 'No Content', code: 204, nic_code: '' } };
}

/**
 * Every e-way path the mock serves (https://docs.mastersindia.co/eway/llms.txt), by exact pathname.
 */
export const ROUTES: Record<string, Route> = {
  '/api/v1/ewayBillsGenerate/': post((bills, { body }, ctx) => {
    const { message, requestId } = bills.generate(body, ctx);
    return successEnvelope(message, { requestId });
  }),
  '/api/v1/ewayBillCancel/': post((bills, { body }, ctx) =>
    successEnvelope(bills.cancel(body, ctx)),
  ),
  '/api/v1/updateVehicleNumber/': post((bills, { body }, ctx) =>
    successEnvelope(bills.updateVehicle(body, ctx)),
  ),
  '/api/v1/ewayBillValidityExtend/': post((bills, { body }, ctx) =>
    successEnvelope(bills.extendValidity(body, ctx)),
  ),
  '/api/v1/transporterIdUpdate/': post((bills, { body }, ctx) =>
    successEnvelope(updateTransporter(bills, body, ctx)),
  ),
  '/api/v1/ewayBillReject/': post((bills, { body }, ctx) =>
    successEnvelope(reject(bills, body, ctx)),
  ),
  '/api/v1/consolidatedEwayBillsGenerate/': post((bills, { body }, ctx) =>
    successEnvelope(generateConsolidated(bills, body, ctx)),
  ),
  '/api/v1/consolidatedEwayBillsRegenerate/': post((bills, { body }, ctx) =>
    successEnvelope(regenerateConsolidated(bills, body, ctx)),
  ),
  '/api/v1/multiVehicleMovement/': post((bills, { body }, ctx) =>
    successEnvelope(initiateMultiVehicle(bills, body, ctx)),
  ),
  '/api/v1/addvehiclesDetailsforMultiVehicle/': post((bills, { body }, ctx) =>
    successEnvelope(addMultiVehicle(bills, body, ctx)),
  ),
  '/api/v1/changeVehiclesDetailsforMultiVehicle/': post((bills, { body }, ctx) =>
    successEnvelope(changeMultiVehicle(bills, body, ctx)),
  ),
  '/api/v1/returnStatus/': post((bills, { body }, ctx) => returnStatus(bills, body, ctx)),
  '/api/v1/ewayBillsGenerateInBulk/': post((bills, { body }, ctx) =>
    bulkGenerate(bills, body, ctx),
  ),
  '/api/v1/getBulkEwayBillsResponse/': get((bills, { query }, ctx) =>
    bulkResult(bills, query, ctx, 'requestId'),
  ),
  '/api/v1/bulkEwayApiRequest/': post((bills, { body }, ctx) => bulkRequest(bills, body, ctx)),
  '/api/v1/bulkEwayApiResponse/': get((bills, { query }, ctx) =>
    bulkResult(bills, query, ctx, 'request_id'),
  ),
  '/api/v1/gen-ewb-by-irn/': post((bills, { body }, ctx) => generateByIrn(bills, body, ctx)),
  '/api/v1/get-ewb-byirn/': get((bills, { query }, ctx) => getByIrn(bills, query, ctx)),
  '/api/v1/distance/': get((_bills, { query }) => distance(query)),
  '/api/v1/getEwayBillData/': {
    method: 'GET',
    run: (bills, { query }, ctx) => lookUp(bills, query, ctx),
  },
};

/** What the e-way handler needs from the server. */
export interface EwayDeps {
  http: Responder;
  tokens: TokenAuthority;
  apiKeys: ReadonlyMap<string, string>;
  bills: EwayBillStore;
  serverNowMs(): number;
  operationContext(username: string): OperationContext;
}

/**
 * Authenticate, parse and run an e-way operation; NIC errors go out inside HTTP 200
 * (docs/ARCHITECTURE.md §13).
 */
export function handleEway(
  deps: EwayDeps,
  route: Route,
  ctx: RequestContext,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  query: string,
): void {
  const { http } = deps;
  const auth = authenticate(req, deps.tokens, deps.apiKeys, Math.floor(deps.serverNowMs() / 1000));
  if (auth.username !== undefined) ctx.username = auth.username;
  if (auth.generation !== undefined) ctx.tokenGeneration = auth.generation;
  if (!auth.ok) {
    return http.sendJson(
      res,
      ctx,
      401,
      { detail: auth.detail },
      { 'www-authenticate': 'JWT realm="api"' },
    );
  }
  let fields: Fields = {};
  if (route.method === 'POST') {
    const parsed = parseJsonBody(body, req.headers['content-type']);
    if (!parsed.ok) return http.sendJson(res, ctx, parsed.status, { detail: parsed.detail });
    fields = parsed.fields;
  }
  let answer: unknown;
  try {
    answer = route.run(
      deps.bills,
      { body: fields, query: new URLSearchParams(query) },
      deps.operationContext(auth.username),
    );
  } catch (error) {
    if (!(error instanceof NicError)) throw error;
    answer = nicErrorEnvelope(error.nicCode, error.text);
  }
  if (typeof answer === 'string') return http.send(res, ctx, 200, answer);
  http.sendJson(res, ctx, 200, answer);
}
