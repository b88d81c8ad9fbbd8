// `@mastersfetch/nestjs/health`: a separate entry point, so the main one never loads the optional
// peer dependency `@nestjs/terminus`.
import { Inject, Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import {
  createHealthCheck,
  type MastersClient,
  type MastersHealth,
  type MastersHealthCheck,
} from '@mastersfetch/core';
import { MASTERS_INDIA_CLIENT } from './masters-india.constants.js';
import {
  MASTERS_INDIA_OPTIONS,
  type MastersIndiaModuleOptions,
} from './masters-india.module-definition.js';

/** What the indicator adds under its key: {@link MastersHealth} without `status` (Terminus sets it). */
export type MastersHealthDetails = Omit<MastersHealth, 'status'>;

/**
 * Terminus health indicator (`@nestjs/terminus` 11 or 12, `HealthIndicatorService`) of the
 * module's client. Synchronous and never logs in: it reports `tokenStatus()` plus the login
 * failures the client emitted since bootstrap, by the rule of `createHealthCheck()` in
 * `@mastersfetch/core` (docs/ARCHITECTURE.md §12):
 *
 * - down, `reason: 'closed'`: the client was closed (`close()`, e.g. on application shutdown);
 * - up: API-key mode; a usable token cached (`expiresInSec`); a cold client (not logged in yet, or
 *   its token expired while idle): its next request logs in;
 * - down, `reason: 'invalid_credentials'`: token-auth rejected the default credentials, until a
 *   login of them succeeds;
 * - down, `reason: 'renewal_failing'`: no token, and the client backs off after a failed login or
 *   renewal (until that backoff ends).
 *
 * Add it to the providers of a module that imports `TerminusModule` and sees the client
 * (`MastersIndiaModule.forRoot({ isGlobal: true, ... })`, or the same module). The details carry
 * `mode`, `hasToken`, `expiresInSec`, `keyFingerprint` and `reason`: no secret.
 *
 * @example
 * ```ts
 * @Controller('health')
 * class HealthController {
 *   constructor(
 *     @Inject(HealthCheckService) private readonly health: HealthCheckService,
 *     @Inject(MastersHealthIndicator) private readonly masters: MastersHealthIndicator,
 *   ) {}
 *   @Get() @HealthCheck()
 *   check() {
 *     return this.health.check([() => this.masters.isHealthy('mastersIndia')]);
 *   }
 * }
 * ```
 */
@Injectable()
export class MastersHealthIndicator {
  readonly #check: MastersHealthCheck;

  constructor(
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(MASTERS_INDIA_CLIENT) client: MastersClient,
    @Optional() @Inject(MASTERS_INDIA_OPTIONS) options?: MastersIndiaModuleOptions,
  ) {
    // Subscribes to the client's events now (bootstrap), before any request can fail a login.
    // The client's own clock, when the options inject one, measures its backoff (tests).
    this.#check = createHealthCheck(client, options?.clock ? { clock: options.clock } : {});
  }

  /**
   * The health of the client's default credentials under `key`.
   * @param key - the key of the result in Terminus' answer (default `'mastersIndia'`).
   * @returns `{ [key]: { status: 'up' | 'down', ...MastersHealthDetails } }`; a `down` result makes
   *   `HealthCheckService.check()` answer 503.
   */
  isHealthy<const Key extends string = 'mastersIndia'>(
    key: Key = 'mastersIndia' as Key,
  ): HealthIndicatorResult<Key> {
    const { status, ...details } = this.#check();
    const session = this.indicators.check(key);
    return status === 'up' ? session.up(details) : session.down(details);
  }
}
