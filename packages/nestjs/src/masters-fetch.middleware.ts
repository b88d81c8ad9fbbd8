import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { MastersFetch } from '@mastersfetch/core';
import { MASTERS_INDIA_SERVICE_KEY } from './masters-india.constants.js';
import { MastersIndiaService } from './masters-india.service.js';
import { requestFetch } from './request-fetch.js';

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
 * `req.mastersFetch` is a lazy property: the service's `fetch` bound to this request's disconnect
 * (a client that goes away aborts this request's token wait, not the shared login).
 */
@Injectable()
export class MastersFetchMiddleware implements NestMiddleware {
  constructor(@Inject(MastersIndiaService) private readonly service: MastersIndiaService) {}

  use(req: MastersRequest, res: object, next: (error?: unknown) => void): void {
    const service = this.service;
    req[MASTERS_INDIA_SERVICE_KEY] = service;
    Object.defineProperty(req, 'mastersFetch', {
      configurable: true,
      enumerable: true,
      get: () => requestFetch(service.fetch, req, res),
      set(replacement: MastersFetch) {
        Object.defineProperty(req, 'mastersFetch', {
          value: replacement,
          writable: true,
          configurable: true,
        });
      },
    });
    next();
  }
}
