import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  UseFilters,
} from '@nestjs/common';
import type { EwayBillDetails } from '@mastersfetch/ewaybill';
import { MastersExceptionFilter } from '@mastersfetch/nestjs';
import {
  cancelAnswer,
  cancelRequest,
  detailsQuery,
  generateRequest,
  generatedAnswer,
  partBAnswer,
  partBRequest,
  type CancelledEwayBill,
  type GeneratedEwayBill,
  type PartBUpdate,
} from '@mastersfetch/sample-kit';
import { TenantsService } from './tenants.service';

/**
 * The e-way bill routes of docs/ARCHITECTURE.md §10, each one call of `@mastersfetch/ewaybill`
 * for the request's tenant. Its errors (validation → 400 `bad_request` with `fields`, NIC → 422,
 * ...) are answered by `MastersExceptionFilter`.
 */
@Controller('ewaybills')
@UseFilters(MastersExceptionFilter)
export class EwayBillsController {
  constructor(@Inject(TenantsService) private readonly tenants: TenantsService) {}

  @Post()
  @HttpCode(201)
  async generate(
    @Body() body: unknown,
    @Headers('x-gstin') xGstin: string | undefined,
  ): Promise<GeneratedEwayBill> {
    const { gstin, eway } = this.tenants.forRequest(xGstin);
    return generatedAnswer(await eway.generate(generateRequest(body, gstin)));
  }

  @Get(':number')
  details(
    @Param('number') ewbNumber: string,
    @Headers('x-gstin') xGstin: string | undefined,
  ): Promise<EwayBillDetails> {
    const { gstin, eway } = this.tenants.forRequest(xGstin);
    return eway.getEwayBill(detailsQuery(ewbNumber, gstin));
  }

  @Patch(':number/vehicle')
  @HttpCode(200)
  async updatePartB(
    @Param('number') ewbNumber: string,
    @Body() body: unknown,
    @Headers('x-gstin') xGstin: string | undefined,
  ): Promise<PartBUpdate> {
    const { gstin, eway } = this.tenants.forRequest(xGstin);
    return partBAnswer(await eway.updatePartB(partBRequest(ewbNumber, body, gstin)));
  }

  @Post(':number/cancel')
  @HttpCode(200)
  async cancel(
    @Param('number') ewbNumber: string,
    @Body() body: unknown,
    @Headers('x-gstin') xGstin: string | undefined,
  ): Promise<CancelledEwayBill> {
    const { gstin, eway } = this.tenants.forRequest(xGstin);
    return cancelAnswer(await eway.cancel(cancelRequest(ewbNumber, body, gstin)));
  }
}
