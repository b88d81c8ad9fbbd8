import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, Optional, type NestMiddleware } from '@nestjs/common';
import { bindRequests, type MastersFetch, type RequestBinding } from '@mastersfetch/core';
import { MASTERS_INDIA_SERVICE_KEY } from './masters-india.constants.js';
import {
  MASTERS_INDIA_OPTIONS,
  type MastersIndiaModuleOptions,
} from './masters-india.module-definition.js';
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

type MastersRequest = IncomingMessage & { [MASTERS_INDIA_SERVICE_KEY]?: MastersIndiaService };

/**
 * Sets `req.mastersFetch` (Express; on Fastify the raw `IncomingMessage`) and leaves the service on
 * the request for `@MastersFetch()`. Installed by `MastersIndiaModule` for every route; one
 * instance per application (a singleton), the per-request part is `bindRequests` from
 * `@mastersfetch/core` (docs/ARCHITECTURE.md §8). `req.mastersFetch` is lazy: the module's
 * `resolveCredentials` runs at its first read, and a client that goes away aborts this request's
 * token wait, not the shared login.
 */
@Injectable()
export class MastersFetchMiddleware implements NestMiddleware {
  readonly #binding: RequestBinding<IncomingMessage>;

  constructor(
    @Inject(MastersIndiaService) private readonly service: MastersIndiaService,
    @Optional() @Inject(MASTERS_INDIA_OPTIONS) options?: MastersIndiaModuleOptions,
  ) {
    this.#binding = bindRequests<IncomingMessage>(service.client, {
      resolveCredentials: options?.resolveCredentials,
    });
  }

  use(req: MastersRequest, res: ServerResponse, next: (error?: unknown) => void): void {
    req[MASTERS_INDIA_SERVICE_KEY] = this.service;
    this.#binding.attach(req, req, res);
    next();
  }
}
