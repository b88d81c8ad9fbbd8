/**
 * The client's closed flag, read by the health check (docs/ARCHITECTURE.md §8) without an import
 * of `client.ts` (which would close a cycle through the adapters' helpers). A client created by
 * `createMastersClient` has a method under this symbol answering `true` after `close()`.
 */
export const CLIENT_CLOSED: unique symbol = Symbol.for('mastersfetch.closed');

/** `true` when `client` is a core client whose `close()` was called. */
export function isClientClosed(client: object): boolean {
  const closed = (client as { [CLIENT_CLOSED]?: unknown })[CLIENT_CLOSED];
  return typeof closed === 'function' && (closed as () => unknown).call(client) === true;
}
