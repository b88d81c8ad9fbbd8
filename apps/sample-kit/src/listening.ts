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
