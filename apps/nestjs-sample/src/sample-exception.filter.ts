import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { sampleErrorResponse } from '@mastersfetch/sample-kit';
import type { Response } from 'express';

/**
 * Everything `MastersExceptionFilter` does not answer: the sample's own 400 (`unknown_tenant`),
 * malformed JSON, and a generic 500 (docs/ARCHITECTURE.md §10 table).
 */
@Catch()
export class SampleExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const { status, body } = sampleErrorResponse(exception);
    host.switchToHttp().getResponse<Response>().status(status).json(body);
  }
}
