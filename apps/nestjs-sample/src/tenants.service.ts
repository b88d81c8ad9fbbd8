import { Inject, Injectable } from '@nestjs/common';
import { MastersIndiaService } from '@mastersfetch/nestjs';
import {
  createEwayBillService,
  resolveTenant,
  type EwayBillService,
  type SampleConfig,
} from '@mastersfetch/sample-kit';
import { SAMPLE_CONFIG } from './sample-config.module';

/** Picks the tenant of a request (`x-gstin`) and hands out its e-way bill operations. */
@Injectable()
export class TenantsService {
  constructor(
    @Inject(SAMPLE_CONFIG) private readonly config: SampleConfig,
    @Inject(MastersIndiaService) private readonly masters: MastersIndiaService,
  ) {}

  /** @throws SampleRequestError `unknown_tenant` for a GSTIN without credentials. */
  ewayBills(xGstin: string | undefined): EwayBillService {
    const { gstin, credentials } = resolveTenant(this.config, xGstin);
    // forCredentials is cached per credential key in the core: one token per tenant, shared.
    const fetch = credentials ? this.masters.forCredentials(credentials) : this.masters.fetch;
    return createEwayBillService(fetch, gstin);
  }
}
