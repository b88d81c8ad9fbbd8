import { Catch, Inject, Optional, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { MastersError, mastersErrorResponse } from '@mastersfetch/core';

interface ReplyLike {
  status(code: number): { send(body: unknown): unknown };
}

/**
 * Maps `@mastersfetch/core` errors to HTTP like the Express and Koa adapters (docs/ARCHITECTURE.md §5): NIC error
 * → 422 `nic_error` (+ `nicCode`), invalid credentials / 401-403 after the replay → 502
 * `upstream_auth`, other 4xx → 502 `upstream_rejected`, 5xx / timeout / network / token failure →
 * 503 `upstream_unavailable`, `MastersConfigError` → 500 `misconfigured`. Bodies carry `error` and
 * `message`, never a secret. Other exceptions are not caught. Works on Express and Fastify.
 *
 * @example
 * ```ts
 * app.useGlobalFilters(new MastersExceptionFilter());
 * // or: providers: [{ provide: APP_FILTER, useClass: MastersExceptionFilter }]
 * ```
 */
@Catch(MastersError)
export class MastersExceptionFilter implements ExceptionFilter<MastersError> {
  constructor(
    @Optional() @Inject(HttpAdapterHost) private readonly adapterHost?: HttpAdapterHost,
  ) {}

  catch(exception: MastersError, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const mapped = mastersErrorResponse(exception) ?? {
      status: 500,
      body: { error: 'internal', message: 'Masters India client error' },
    };
    const response = host.switchToHttp().getResponse<ReplyLike>();
    const adapter = this.adapterHost?.httpAdapter;
    if (adapter) adapter.reply(response, mapped.body, mapped.status);
    else response.status(mapped.status).send(mapped.body);
  }
}
