/**
 * Secrets check over the whole core test run (vitest `setupFiles`): every console call and every
 * write to process.stdout/stderr of each test file is captured, every secret that crosses the wire
 * is registered (passwords in token-auth bodies, API keys, tokens in answers, via a fetch that only
 * observes), and after each file the captured output must contain none of them.
 */
import { inspect } from 'node:util';
import { afterAll, expect } from 'vitest';
import { observingFetch, secretsIn } from './secrets.js';

const CAPTURE = Symbol.for('mastersfetch.test.capture');
type Global = typeof globalThis & { [CAPTURE]?: string[] };

/** The output captured so far in this worker (shared with the secrets-check tests). */
export function capturedOutput(): string[] {
  const g = globalThis as Global;
  g[CAPTURE] ??= [];
  return g[CAPTURE];
}

const isInstalled = Symbol.for('mastersfetch.test.capture.installed');
const g = globalThis as Global & { [isInstalled]?: boolean };
if (!g[isInstalled]) {
  g[isInstalled] = true;
  globalThis.fetch = observingFetch(globalThis.fetch.bind(globalThis));
  const out = capturedOutput();
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      out.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 10 }))).join(' '));
      original(...args);
    };
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      out.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
      return original(chunk, ...rest);
    }) as typeof stream.write;
  }
}

afterAll(() => {
  const out = capturedOutput();
  const found = secretsIn(out.join('\n'));
  out.length = 0;
  expect(
    found.length,
    `console/stdout/stderr output of this file contains ${found.length} secret(s)`,
  ).toBe(0);
});
