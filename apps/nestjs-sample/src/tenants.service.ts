import { Inject, Injectable } from '@nestjs/common';
import { EwayBills, ewayBills } from '@mastersfetch/ewaybill';
import { MastersIndiaService } from '@mastersfetch/nestjs';
import { resolveTenant, type SampleConfig } from '@mastersfetch/sample-kit';
import { SAMPLE_CONFIG } from './sample-config.module';

/** The tenant a request acts for: its GSTIN and its typed e-way bill operations. */
export interface RequestTenant {
  gstin: string;
  eway: EwayBills;
}

/** Picks the tenant of a request (`x-gstin`) and hands out its typed e-way bill operations. */
@Injectable()
export class TenantsService {
  constructor(
    @Inject(SAMPLE_CONFIG) private readonly config: SampleConfig,
    @Inject(MastersIndiaService) private readonly masters: MastersIndiaService,
    @Inject(EwayBills) private readonly eway: EwayBills,
  ) {}

  /** @throws SampleRequestError `unknown_tenant` for a GSTIN without credentials. */
  forRequest(xGstin: string | undefined): RequestTenant {
    const { gstin, credentials } = resolveTenant(this.config, xGstin);
    if (!credentials) return { gstin, eway: this.eway };
    // forCredentials is cached per credential key in the core and ewayBills() per mastersFetch:
    // one token and one set of NIC backoff windows per tenant, shared by its requests.
    return { gstin, eway: ewayBills(this.masters.forCredentials(credentials)) };
  }
}
