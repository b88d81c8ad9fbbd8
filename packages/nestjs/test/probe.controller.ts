import { EventEmitter } from 'node:events';
import { Controller, Get, Inject, Param, Post, Req } from '@nestjs/common';
import {
  InjectMastersFetch,
  MastersFetch,
  MastersIndiaService,
  unwrapResults,
} from '../src/index.js';

/** GSTIN of the demo user the tests log in as (`DEMO_USERS[2]`, gamma logistics). */
export const GSTIN = '05CCCCC2222C1ZE';

/** `entered` when `/slow` starts, then `outcome` with `'completed'` or the error's name. */
export const slowEvents = new EventEmitter();

/** A controller that uses every way the package offers to reach the client. */
@Controller()
export class ProbeController {
  constructor(
    @Inject(MastersIndiaService) private readonly masters: MastersIndiaService,
    @InjectMastersFetch() private readonly injected: MastersFetch,
  ) {}

  @Get('wiring')
  wiring(
    @MastersFetch() mastersFetch: MastersFetch,
    @Req() req: { raw?: { mastersFetch?: unknown }; mastersFetch?: unknown },
  ): Record<string, boolean> {
    return {
      decoratorIsRequestFetch: mastersFetch === (req.raw ?? req).mastersFetch,
      decoratorIsKy: typeof mastersFetch.extend === 'function',
      injectedIsServiceFetch: this.injected === this.masters.fetch,
    };
  }

  /** Raw envelope of a details call (an unknown EWB number gives a NIC error inside HTTP 200). */
  @Get('bills/:number')
  bill(@Param('number') ewbNumber: string): Promise<unknown> {
    return this.masters.fetch
      .get('api/v1/getEwayBillData/', {
        searchParams: { action: 'GetEwayBill', gstin: GSTIN, eway_bill_number: ewbNumber },
      })
      .json();
  }

  /** Same call, unwrapped: a NIC error becomes `MastersApiError`. */
  @Get('unwrapped/:number')
  async unwrapped(
    @Param('number') ewbNumber: string,
    @MastersFetch() mastersFetch: MastersFetch,
  ): Promise<unknown> {
    const body = await mastersFetch
      .get('api/v1/getEwayBillData/', {
        searchParams: { action: 'GetEwayBill', gstin: GSTIN, eway_bill_number: ewbNumber },
      })
      .json();
    return unwrapResults(body);
  }

  @Get('slow')
  async slow(@MastersFetch() mastersFetch: MastersFetch): Promise<unknown> {
    slowEvents.emit('entered');
    try {
      const body = await mastersFetch
        .get('api/v1/getEwayBillData/', {
          searchParams: { action: 'GetEwayBill', gstin: GSTIN, eway_bill_number: '1' },
        })
        .json();
      slowEvents.emit('outcome', 'completed');
      return body;
    } catch (error) {
      slowEvents.emit('outcome', (error as Error).name);
      throw error;
    }
  }

  @Get('wrong-password')
  wrongPassword(): Promise<unknown> {
    return this.masters
      .forCredentials({
        username: 'dispatch@gamma-logistics.example',
        password: 'not-the-password',
      })
      .get('api/v1/getEwayBillData/', {
        searchParams: { action: 'GetEwayBill', gstin: GSTIN, eway_bill_number: '1' },
      })
      .json();
  }

  @Post('generate')
  generate(): Promise<unknown> {
    return this.masters.fetch
      .post('api/v1/ewayBillsGenerate/', { json: { userGstin: GSTIN } })
      .json();
  }

  @Get('token')
  async token(): Promise<{ length: number }> {
    return { length: (await this.masters.getAccessToken()).length };
  }
}
