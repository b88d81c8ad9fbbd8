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
  [responseKey]?: object;
}

const responseKey = Symbol('mastersfetch.nestjs.response');

// One getter/setter pair for every request: a closure per request would give each request object
// its own hidden class (V8 keeps accessor functions in it) and make every `req.*` access after
// this middleware megamorphic.
function getMastersFetch(this: MastersRequest): MastersFetch {
  const service = this[MASTERS_INDIA_SERVICE_KEY] as MastersIndiaService;
  return requestFetch(service.fetch, this, this[responseKey]);
}

function setMastersFetch(this: MastersRequest, replacement: MastersFetch): void {
  Object.defineProperty(this, 'mastersFetch', {
    value: replacement,
    writable: true,
    configurable: true,
  });
}

const accessor: PropertyDescriptor = {
  configurable: true,
  enumerable: true,
  get: getMastersFetch,
  set: setMastersFetch,
};

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
    req[MASTERS_INDIA_SERVICE_KEY] = this.service;
    req[responseKey] = res;
    Object.defineProperty(req, 'mastersFetch', accessor);
    next();
  }
}
