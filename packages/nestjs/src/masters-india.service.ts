import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type {
  CredentialsSource,
  MastersClient,
  MastersFetch,
  TokenStatus,
} from '@mastersfetch/core';
import { MASTERS_INDIA_CLIENT } from './masters-india.constants.js';

/**
 * The application's one Masters India client, injectable anywhere (a singleton, never request
 * scoped). Every token decision lives in `@mastersfetch/core`; this class only forwards.
 *
 * @example
 * ```ts
 * constructor(@Inject(MastersIndiaService) private readonly masters: MastersIndiaService) {}
 * const body = await this.masters.fetch.post('api/v1/ewayBillsGenerate/', { json }).json();
 * ```
 */
@Injectable()
export class MastersIndiaService implements OnApplicationShutdown {
  /** Authenticated ky instance for the default credentials (paths relative, no leading `/`). */
  readonly fetch: MastersFetch;

  constructor(@Inject(MASTERS_INDIA_CLIENT) readonly client: MastersClient) {
    this.fetch = client.mastersFetch;
  }

  /** The current access token (logs in when needed). Rejects with `MastersConfigError` in API-key mode. */
  getAccessToken(options?: { signal?: AbortSignal }): Promise<string> {
    return this.client.getAccessToken(options);
  }

  /** A `mastersFetch` for other credentials (e.g. one tenant's), sharing this client's cache and single flight. */
  forCredentials(credentials: CredentialsSource): MastersFetch {
    return this.client.forCredentials(credentials);
  }

  /** Log in now (for readiness probes) instead of on the first request. */
  warmUp(): Promise<void> {
    return this.client.warmUp();
  }

  /** Synchronous token state for health endpoints; never logs in. */
  tokenStatus(): TokenStatus {
    return this.client.tokenStatus();
  }

  /** Closes the client (timers, pending waits) when Nest shuts down (`app.close()` or a signal). */
  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
