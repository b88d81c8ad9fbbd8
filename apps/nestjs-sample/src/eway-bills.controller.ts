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
import { MastersExceptionFilter } from '@mastersfetch/nestjs';
import type { CancelledEwayBill, GeneratedEwayBill, PartBUpdate } from '@mastersfetch/sample-kit';
import { TenantsService } from './tenants.service';

/** The e-way bill routes of DESIGN §5. Masters India errors are answered by `MastersExceptionFilter`. */
@Controller('ewaybills')
@UseFilters(MastersExceptionFilter)
export class EwayBillsController {
  constructor(@Inject(TenantsService) private readonly tenants: TenantsService) {}

  @Post()
  @HttpCode(201)
  generate(
    @Body() body: unknown,
    @Headers('x-gstin') xGstin: string | undefined,
  ): Promise<GeneratedEwayBill> {
    return this.tenants.ewayBills(xGstin).generate(body);
  }

  @Get(':number')
  details(
    @Param('number') ewbNumber: string,
    @Headers('x-gstin') xGstin: string | undefined,
  ): Promise<Record<string, unknown>> {
    return this.tenants.ewayBills(xGstin).details(ewbNumber);
  }

  @Patch(':number/vehicle')
  @HttpCode(200)
  updatePartB(
    @Param('number') ewbNumber: string,
    @Body() body: unknown,
    @Headers('x-gstin') xGstin: string | undefined,
  ): Promise<PartBUpdate> {
    return this.tenants.ewayBills(xGstin).updatePartB(ewbNumber, body);
  }

  @Post(':number/cancel')
  @HttpCode(200)
  cancel(
    @Param('number') ewbNumber: string,
    @Body() body: unknown,
    @Headers('x-gstin') xGstin: string | undefined,
  ): Promise<CancelledEwayBill> {
    return this.tenants.ewayBills(xGstin).cancel(ewbNumber, body);
  }
}
