/**
 * Calls `onExit` once when the process that started this one goes away (its parent pid changes:
 * the process was re-parented to init or a subreaper). `pnpm start` runs its script under a shell;
 * `kill -TERM <pnpm pid>` ends pnpm and that shell but delivers nothing to the node process below
 * them, which would otherwise keep running with its children and ports. Node has no
 * parent-death signal (Linux `PR_SET_PDEATHSIG`), hence the poll: every `intervalMs` (default
 * 250 ms) on an unref'd timer, so it never keeps the process alive on its own.
 *
 * @returns a function that stops watching.
 * @example
 * ```ts
 * onParentExit(() => stop('the parent process exited'));
 * ```
 */
export function onParentExit(onExit: () => void, intervalMs = 250): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onExit();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
