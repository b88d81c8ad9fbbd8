import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate } from './auth.js';
import { parseJsonBody } from './body.js';
import { NicError, nicErrorEnvelope, successEnvelope } from './envelopes.js';
import type { EwayBillStore, OperationContext } from './eway-bills.js';
import type { RequestContext, Responder } from './http.js';
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

/** The unknown-action answer of `getEwayBillData` (see the README: why this envelope). */
function lookUp(bills: EwayBillStore, query: URLSearchParams, ctx: OperationContext): unknown {
  const action = query.get('action') ?? '';
  if (action === 'GetEwayBill') return bills.detailsResponse(query, ctx);
  if (action === 'GetGSTINDetails') return successEnvelope(bills.gstinDetails(query, ctx));
  if (action === 'GetEwayBillGeneratedByConsigner') {
    return successEnvelope(bills.byConsigner(query, ctx));
  }
  // [inferred] The reference documents no answer for an unknown action. The generic bulk request
  // documents "Invalid Action" inside a 204 `results` envelope (§3.12), so the mock answers the
  // same text in the standard NIC-less error envelope of §3.0 rather than a shape the API lacks.
  return { results: { message: 'Invalid Action', status: 'No Content', code: 204, nic_code: '' } };
}

/** Every e-way path the mock serves (reference §3.1), by exact pathname. */
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

/** Authenticate, parse and run an e-way operation; NIC errors go out inside HTTP 200 (§3.0). */
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
