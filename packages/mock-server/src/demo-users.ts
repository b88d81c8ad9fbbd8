import type { MockUser } from './types.js';

/**
 * The logins a mock server accepts by default: one per sample app, each with its own GSTIN(s).
 * All values are made up; the passwords are public test fixtures and must never be used anywhere
 * real. The CLI prints the usernames, never the passwords.
 *
 * | username | password | GSTINs | used by |
 * |---|---|---|---|
 * | `erp-bot@alpha-widgets.example` | `alpha-demo-pass` | `05AAAAA0000A1Z8` | express-sample |
 * | `accounts@beta-retail.example` | `beta-demo-pass` | `09BBBBB1111B1ZL` | koa-sample |
 * | `dispatch@gamma-logistics.example` | `gamma-demo-pass` | `05CCCCC2222C1ZE`, `27CCCCC2222C1Z8` | nestjs-sample |
 *
 * @example
 * ```ts
 * const [alpha] = DEMO_USERS;
 * await fetch(`${mock.url}/api/v1/token-auth/`, {
 *   method: 'POST',
 *   headers: { 'content-type': 'application/json' },
 *   body: JSON.stringify({ username: alpha.username, password: alpha.password }),
 * });
 * ```
 */
export const DEMO_USERS: readonly [Readonly<MockUser>, Readonly<MockUser>, Readonly<MockUser>] =
  Object.freeze([
    Object.freeze({
      username: 'erp-bot@alpha-widgets.example',
      password: 'alpha-demo-pass',
      gstins: ['05AAAAA0000A1Z8'],
      email: 'erp-bot@alpha-widgets.example',
    }),
    Object.freeze({
      username: 'accounts@beta-retail.example',
      password: 'beta-demo-pass',
      gstins: ['09BBBBB1111B1ZL'],
      email: 'accounts@beta-retail.example',
    }),
    Object.freeze({
      username: 'dispatch@gamma-logistics.example',
      password: 'gamma-demo-pass',
      gstins: ['05CCCCC2222C1ZE', '27CCCCC2222C1Z8'],
      email: 'dispatch@gamma-logistics.example',
    }),
  ]);
