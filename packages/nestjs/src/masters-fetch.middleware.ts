import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { MastersFetch } from '@mastersfetch/core';
import { MASTERS_INDIA_SERVICE_KEY } from './masters-india.constants.js';
import { MastersIndiaService } from './masters-india.service.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Authenticated Masters India client, set by `MastersIndiaModule` (Express platform). */
      mastersFetch: MastersFetch;
    }
  }
}

interface MastersRequest {
  mastersFetch?: MastersFetch;
  [MASTERS_INDIA_SERVICE_KEY]?: MastersIndiaService;
}

/**
 * Sets `req.mastersFetch` (Express; on Fastify the raw `IncomingMessage`) and leaves the service on
 * the request for `@MastersFetch()`. Installed by `MastersIndiaModule` for every route.
 */
@Injectable()
export class MastersFetchMiddleware implements NestMiddleware {
  constructor(@Inject(MastersIndiaService) private readonly service: MastersIndiaService) {}

  use(req: MastersRequest, _res: unknown, next: (error?: unknown) => void): void {
    req[MASTERS_INDIA_SERVICE_KEY] = this.service;
    req.mastersFetch = this.service.fetch;
    next();
  }
}
