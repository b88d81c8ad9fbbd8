import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { MastersFetch as CoreMastersFetch } from '@mastersfetch/core';
import { MASTERS_INDIA_SERVICE_KEY } from './masters-india.constants.js';
import type { MastersIndiaService } from './masters-india.service.js';
import { requestFetch } from './request-fetch.js';

type RequestWithService = {
  [MASTERS_INDIA_SERVICE_KEY]?: MastersIndiaService;
  raw?: { [MASTERS_INDIA_SERVICE_KEY]?: MastersIndiaService };
};
type ResponseWithRaw = { raw?: object };

const mastersFetchParam = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
  const req = ctx.switchToHttp().getRequest<RequestWithService>();
  // Express hands middleware and handlers the same object; Fastify runs middleware on the raw
  // IncomingMessage and hands handlers its own request wrapping it as `raw`.
  const service = req[MASTERS_INDIA_SERVICE_KEY] ?? req.raw?.[MASTERS_INDIA_SERVICE_KEY];
  if (!service) {
    throw new Error(
      '@MastersFetch() found no MastersIndiaService on this request: import MastersIndiaModule.forRoot() or forRootAsync() in the application module.',
    );
  }
  // Same per-request instance as `req.mastersFetch`: its token wait ends if the client disconnects.
  const response = ctx.switchToHttp().getResponse<ResponseWithRaw>();
  return requestFetch(service.fetch, req.raw ?? req, response.raw ?? response);
});

/** The authenticated Masters India client (ky instance) type; same as `@mastersfetch/core`'s. */
export type MastersFetch = CoreMastersFetch;

/**
 * Route parameter decorator: the `fetch` of the application's `MastersIndiaService` (Express and
 * Fastify platforms), bound to the request: a client that disconnects aborts this request's wait
 * for a token, never the shared login (an upstream call already sent is left to finish). Value and type share the name, so `@MastersFetch() f: MastersFetch` reads naturally.
 *
 * @example
 * ```ts
 * @Get(':number')
 * details(@Param('number') n: string, @MastersFetch() mastersFetch: MastersFetch) {
 *   return mastersFetch.get('api/v1/getEwayBillData/', { searchParams: { action: 'GetEwayBill', eway_bill_number: n } }).json();
 * }
 * ```
 */
export const MastersFetch = (): ParameterDecorator => mastersFetchParam();
