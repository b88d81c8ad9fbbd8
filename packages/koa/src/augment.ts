import type { MastersFetch } from '@mastersfetch/core';

// Typing for Koa: `ctx.mastersFetch` needs no cast in any middleware or router handler.
declare module 'koa' {
  interface ExtendableContext {
    /**
     * The authenticated ky instance for this request (set by `mastersIndia()` or `extendContext()`).
     * With `resolveCredentials`, it acts as the tenant that function picked.
     */
    mastersFetch: MastersFetch;
  }
  interface DefaultState {
    /** Same value as `ctx.mastersFetch`, set by the `mastersIndia()` middleware. */
    mastersFetch?: MastersFetch;
  }
}

export {};
