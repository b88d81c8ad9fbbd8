import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ALPHA_CREDENTIALS, GSTIN_QUERY, Harness } from '../helpers.js';

/**
 * Attack: after `close()` nothing may keep the process alive (no timer, socket or interval left by
 * the token engine, the observability or a health check), and a process that never calls
 * `close()` must not be held open by core's timers either (they are unref'ed). A child process on
 * the built dist, against the mock over loopback; it must exit by itself.
 */
describe('attack: the process exits by itself', () => {
  const h = new Harness();
  afterEach(() => h.close());

  const run = async (close: boolean): Promise<{ code: number | null; out: string; ms: number }> => {
    const dist = pathToFileURL(fileURLToPath(new URL('../../dist/index.js', import.meta.url))).href;
    const script = `
      const dc = require('node:diagnostics_channel');
      dc.tracingChannel('mastersfetch:request').subscribe({ asyncEnd: () => {} });
      import(${JSON.stringify(dist)}).then(async ({ createMastersClient, createHealthCheck }) => {
        const client = createMastersClient({ baseUrl: ${JSON.stringify(h.mock.url)}, credentials: ${JSON.stringify(ALPHA_CREDENTIALS)}, refreshPath: 'api/v2/api-token-refresh/' });
        const health = createHealthCheck(client);
        await client.mastersFetch.get(${JSON.stringify(GSTIN_QUERY)});
        await client.forCredentials(${JSON.stringify(ALPHA_CREDENTIALS)}).get(${JSON.stringify(GSTIN_QUERY)});
        health();
        ${close ? 'await client.close(); health();' : ''}
        console.log('done');
      });`;
    const started = Date.now();
    const child = spawn(process.execPath, ['-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, MASTERSFETCH_LOG_LEVEL: 'silent' },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.on('exit', (c) => {
        clearTimeout(killer);
        resolve(c);
      });
    });
    return { code, out, ms: Date.now() - started };
  };

  it('after close(): exits at once', async () => {
    await h.start({ refreshPath: '/api/v2/api-token-refresh/', tokenLifetimeSec: 3600 });
    const { code, out, ms } = await run(true);
    expect(out).toContain('done');
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
  });

  it('without close(): core timers do not hold the process open', async () => {
    await h.start({ refreshPath: '/api/v2/api-token-refresh/', tokenLifetimeSec: 3600 });
    const { code, out, ms } = await run(false);
    expect(out).toContain('done');
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
  });
});
