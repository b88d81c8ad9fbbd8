/**
 * Preloaded (`--import`) into the Express sample during the soak: answers `{ type: 'probe', id }`
 * over IPC with the heap after forced GC and the process's active handles (sockets, timers).
 * Needs `--expose-gc`.
 */
process.on('message', (message: { type?: string; id?: number }) => {
  if (message.type !== 'probe') return;
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 4; i++) gc?.();
  const resources: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) resources[name] = (resources[name] ?? 0) + 1;
  process.send?.({
    id: message.id,
    value: { heapUsed: process.memoryUsage().heapUsed, resources },
  });
});
// The IPC listener must not keep the sample alive after it closes its server.
process.channel?.unref();
