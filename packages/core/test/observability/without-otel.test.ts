import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { metrics, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { createTracing } from '../../src/index.js';
import { loadOtel } from '../../src/observe/otel.js';
import { ALPHA, ALPHA_CREDENTIALS, GSTIN_QUERY, Harness } from '../helpers.js';
import { OtelSdk } from './otel.js';

/** Restores the real API in the cache of `loadOtel` (each test may replace it). */
const realRequire = createRequire(import.meta.url);

describe('observability: core without @opentelemetry/api', () => {
  const h = new Harness();
  afterEach(async () => {
    await h.close();
    loadOtel(realRequire);
  });

  it('loadOtel: a loader that throws, or a module without the API, counts as absent; the real one loads', () => {
    expect(
      loadOtel(() => {
        throw Object.assign(new Error("Cannot find module '@opentelemetry/api'"), {
          code: 'MODULE_NOT_FOUND',
        });
      }),
    ).toBeUndefined();
    expect(loadOtel()).toBeUndefined(); // cached: loaded once
    expect(loadOtel(() => ({ trace: {} }))).toBeUndefined();
    const api = loadOtel(realRequire);
    expect(api?.trace).toBe(trace);
    expect(api?.metrics).toBe(metrics);
  });

  it('in process: with the loader failing, a client works and makes no span even with an SDK registered', async () => {
    const sdk = new OtelSdk().register();
    try {
      loadOtel(() => {
        throw new Error("Cannot find module '@opentelemetry/api'");
      });
      await h.start();
      const client = h.client();
      expect((await client.mastersFetch.get(GSTIN_QUERY)).status).toBe(200);
      h.mock.revokeTokens(ALPHA.username);
      expect((await client.mastersFetch.get(GSTIN_QUERY)).status).toBe(200);
      expect(client.stats()).toMatchObject({ logins: 2, replays: 1 });
      const tracing = createTracing({ packageName: 'x', packageVersion: '1.0.0' });
      expect(
        tracing.withSpan('x.op', { a: 1 }, (span) => (span.isRecording ? 'recorded' : 'plain')),
      ).toBe('plain');
      expect(sdk.finished()).toEqual([]);
    } finally {
      await sdk.shutdown();
    }
  });

  it('in a process that cannot resolve @opentelemetry/api (built dist): calls, a 401 replay, channels and MASTERSFETCH_LOG_LEVEL work', async () => {
    await h.start();
    const dist = pathToFileURL(fileURLToPath(new URL('../../dist/index.js', import.meta.url))).href;
    const preload = fileURLToPath(new URL('./block-otel.cjs', import.meta.url));
    const script = `
      const dc = require('node:diagnostics_channel');
      const events = [];
      dc.tracingChannel('mastersfetch:request').subscribe({ asyncEnd: (p) => events.push(p.status) });
      dc.subscribe('mastersfetch:unauthorized-replay', (p) => events.push('replay ' + p.method));
      let resolvable = true;
      try { require.resolve('@opentelemetry/api'); } catch { resolvable = false; }
      import(${JSON.stringify(dist)}).then(async ({ createMastersClient, createTracing }) => {
        const client = createMastersClient({ baseUrl: ${JSON.stringify(h.mock.url)}, credentials: ${JSON.stringify(ALPHA_CREDENTIALS)} });
        const a = await client.mastersFetch.get(${JSON.stringify(GSTIN_QUERY)});
        process.send({ kind: 'revoke' });
        await new Promise((r) => process.once('message', r));
        const b = await client.mastersFetch.get(${JSON.stringify(GSTIN_QUERY)});
        const traced = await createTracing({ packageName: 'p', packageVersion: '1' }).withSpan('p.op', {}, async () => 42);
        const loaded = Object.keys(require.cache).filter((k) => k.includes('@opentelemetry'));
        await client.close();
        process.send({ kind: 'done', resolvable, statuses: [a.status, b.status], events, traced, loaded, stats: client.stats() });
      }).catch((e) => { process.send({ kind: 'error', name: e.name, message: e.message }); });`;
    const child = spawn(process.execPath, ['--require', preload, '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, MASTERSFETCH_LOG_LEVEL: 'debug' },
    });
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const result = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('message', (message: Record<string, unknown>) => {
        if (message.kind === 'revoke') {
          h.mock.revokeTokens(ALPHA.username);
          child.send('go');
          return;
        }
        clearTimeout(killer);
        resolve(message);
      });
      child.on('exit', (code) =>
        reject(new Error(`child exited (${code}) without a result: ${stdout}`)),
      );
    });
    child.kill();
    expect(result).toMatchObject({
      kind: 'done',
      resolvable: false,
      statuses: [200, 200],
      events: [200, 'replay GET', 200],
      traced: 42,
      loaded: [],
      stats: { logins: 2, replays: 1 },
    });
    // MASTERSFETCH_LOG_LEVEL=debug: console lines, info per login and replay, debug per call.
    expect(stdout).toContain('[mastersfetch] Masters India login succeeded');
    expect(stdout).toContain('[mastersfetch] 401 from the API; replaying once');
    expect(stdout.match(/\[mastersfetch\] Masters India API call/g)).toHaveLength(2);
  });
});
