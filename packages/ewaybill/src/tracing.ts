import { createRequire } from 'node:module';
import { createTracing, type Tracing } from '@mastersfetch/core';

// One span per operation, `ewaybill.<operation>` (docs/ARCHITECTURE.md §11, §12), from core's
// tracing helper: a no-op without `@opentelemetry/api`, and the parent of core's
// `mastersfetch.request` span (and so of the login and of undici's HTTP spans) when it is there.

const PACKAGE_NAME = '@mastersfetch/ewaybill';

function packageVersion(): string {
  try {
    const pkg = createRequire(import.meta.url)('../package.json') as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

let tracing: Tracing | undefined;

/** The package's {@link Tracing}, made at the first operation (the OTel API is looked up once). */
export function ewayBillTracing(): Tracing {
  return (tracing ??= createTracing({
    packageName: PACKAGE_NAME,
    packageVersion: packageVersion(),
  }));
}
