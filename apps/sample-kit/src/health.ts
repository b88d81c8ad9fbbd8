import type { MastersClient, TokenStatus } from '@mastersfetch/core';

/** Body of `GET /health` (docs/ARCHITECTURE.md §10). */
export interface HealthBody {
  status: 'ok';
  auth: TokenStatus;
}

/**
 * The `GET /health` body: `{ status: 'ok', auth: { mode, hasToken, expiresInSec } }`. Synchronous
 * and never logs in (it reads `client.tokenStatus()`).
 *
 * @example
 * ```ts
 * app.get('/health', (_req, res) => res.json(healthBody(client)));
 * ```
 */
export function healthBody(client: MastersClient): HealthBody {
  return { status: 'ok', auth: client.tokenStatus() };
}
