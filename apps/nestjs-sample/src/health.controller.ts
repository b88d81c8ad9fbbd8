import { Controller, Get, Inject } from '@nestjs/common';
import { MastersIndiaService } from '@mastersfetch/nestjs';
import { healthBody, type HealthBody } from '@mastersfetch/sample-kit';

/** `GET /health`: token state without logging in. */
@Controller('health')
export class HealthController {
  constructor(@Inject(MastersIndiaService) private readonly masters: MastersIndiaService) {}

  @Get()
  health(): HealthBody {
    return healthBody(this.masters.client);
  }
}
