/**
 * Preload (`--import`) of the `instrumentation` scenario's "absent" side: makes
 * `@opentelemetry/api` unresolvable in this process, as in an app that does not install the
 * optional peer. Core loads it with `createRequire` (docs/ARCHITECTURE.md §12), which resolves
 * through `Module._resolveFilename`; bench-only, never shipped.
 */
import Module from 'node:module';

type Resolve = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve };
const resolve = loader._resolveFilename;
loader._resolveFilename = function (request: string, ...rest: unknown[]): string {
  if (request === '@opentelemetry/api' || request.startsWith('@opentelemetry/api/')) {
    throw Object.assign(new Error(`Cannot find module '${request}' (hidden by the bench)`), {
      code: 'MODULE_NOT_FOUND',
    });
  }
  return resolve.call(this, request, ...rest);
};
