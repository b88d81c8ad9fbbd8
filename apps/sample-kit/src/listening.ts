/**
 * The line every sample app prints once it listens: `listening on http://127.0.0.1:<port>`.
 * The demo and the tests parse it to find a port chosen with `PORT=0`, so print it exactly.
 *
 * @example
 * ```ts
 * const server = app.listen(config.port, '127.0.0.1', () => console.log(listeningLine(server.address().port)));
 * ```
 */
export function listeningLine(port: number): string {
  return `listening on http://127.0.0.1:${port}`;
}

/**
 * The message a sample app prints when it cannot start: the error's message, plus what to do when
 * the port is taken (`EADDRINUSE`): `... 127.0.0.1:3001 (port 3001 is taken: set PORT=0 for any
 * free port, or another port)`. Never includes a stack or a configuration value.
 *
 * @example
 * ```ts
 * main().catch((err: unknown) => { console.error(startErrorMessage(err)); process.exit(1); });
 * ```
 */
export function startErrorMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const { code, port } = err as NodeJS.ErrnoException & { port?: number };
  if (code === 'EADDRINUSE') {
    const which = port === undefined ? 'the port' : `port ${port}`;
    return `${err.message} (${which} is taken: set PORT=0 for any free port, or another port)`;
  }
  return err.message;
}
