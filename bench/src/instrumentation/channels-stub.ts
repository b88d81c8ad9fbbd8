/**
 * Stands in for `@mastersfetch/core`'s `dist/observe/channels.js` on the `instrumentation`
 * scenario's "no publications" side (swapped in by `channels-hook.ts`): the same exports, with
 * channels that never have a subscriber and publish nothing. Keep its exports in step with
 * `packages/core/src/observe/channels.ts`; the scenario fails to start when one is missing.
 */
const silent = { publish() {}, runStores: <T>(_payload: unknown, fn: () => T): T => fn() };
const never = {
  hasSubscribers: false,
  start: silent,
  end: silent,
  asyncStart: silent,
  asyncEnd: silent,
  error: silent,
};

export const MASTERSFETCH_CHANNELS = {
  login: 'mastersfetch:login',
  refresh: 'mastersfetch:refresh',
  renew: 'mastersfetch:renew',
  store: 'mastersfetch:store',
  request: 'mastersfetch:request',
  unauthorizedReplay: 'mastersfetch:unauthorized-replay',
} as const;

export const channels = {
  login: never,
  refresh: never,
  renew: never,
  store: never,
  request: never,
  unauthorizedReplay: { hasSubscribers: false, publish() {} },
};

export function publishStart<T>(_channel: unknown, _payload: object, fn: () => T): T {
  return fn();
}

export function publishSettled(): void {}

export function summarizeError(error: unknown): { name: string } {
  return { name: error instanceof Error ? error.name : typeof error };
}
