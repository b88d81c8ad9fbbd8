import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { MastersFetch as CoreMastersFetch } from '@mastersfetch/core';
import { MASTERS_INDIA_SERVICE_KEY } from './masters-india.constants.js';
import type { MastersIndiaService } from './masters-india.service.js';

type RequestWithService = {
  [MASTERS_INDIA_SERVICE_KEY]?: MastersIndiaService;
  mastersFetch?: CoreMastersFetch;
  raw?: { [MASTERS_INDIA_SERVICE_KEY]?: MastersIndiaService; mastersFetch?: CoreMastersFetch };
};

const mastersFetchParam = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
  const req = ctx.switchToHttp().getRequest<RequestWithService>();
  // Express hands middleware and handlers the same object; Fastify runs middleware on the raw
  // IncomingMessage and hands handlers its own request wrapping it as `raw`.
  const bound = req[MASTERS_INDIA_SERVICE_KEY] ? req : req.raw;
  if (!bound?.[MASTERS_INDIA_SERVICE_KEY]) {
    throw new Error(
      '@MastersFetch() found no MastersIndiaService on this request: import MastersIndiaModule.forRoot() or forRootAsync() in the application module.',
    );
  }
  // The same lazy per-request instance as `req.mastersFetch` (docs/ARCHITECTURE.md §8).
  return bound.mastersFetch;
});

/** The authenticated Masters India client (ky instance) type; same as `@mastersfetch/core`'s. */
export type MastersFetch = CoreMastersFetch;

/**
 * Route parameter decorator: the request's `mastersFetch` (Express and Fastify platforms): the
 * application's client acting as the module's `resolveCredentials` picks (default credentials
 * without it). A client that disconnects aborts this request's wait for a token, never the shared
 * login (an upstream call already sent is left to finish). Value and type share the name, so
 * `@MastersFetch() f: MastersFetch` reads naturally.
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
