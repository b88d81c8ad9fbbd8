import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startMockServer } from '@mastersfetch/mock-server';
import { describe, expect, it } from 'vitest';
import { createMastersClient } from '../src/client.js';
import { ALPHA_CREDENTIALS, GSTIN_QUERY, TOKEN_AUTH } from './helpers.js';

const sorted = (list: string[]) => [...list].sort();

/** Resource kinds of `now` beyond those of `baseline` (a multiset difference). */
function extra(baseline: string[], now: string[]): string[] {
  const left = [...baseline];
  return now.filter((kind) => {
    const i = left.indexOf(kind);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

async function settle(baseline: string[]): Promise<string[]> {
  // Sockets close asynchronously after mock.close(); give the event loop a few turns. (The
  // runner's own timers may come and go, so only resources beyond the baseline count.)
  let added = extra(baseline, sorted(process.getActiveResourcesInfo()));
  for (let i = 0; i < 100 && added.length > 0; i++) {
    await new Promise((r) => setTimeout(r, 20));
    added = extra(baseline, sorted(process.getActiveResourcesInfo()));
  }
  return added;
}

describe('resources', () => {
  it('leaves no active handle or timer after client.close() and mock.close()', async () => {
    const baseline = sorted(process.getActiveResourcesInfo());
    const mock = await startMockServer();
    const client = createMastersClient({
      baseUrl: mock.url,
      credentials: ALPHA_CREDENTIALS,
      scheduleRenewal: true,
    });
    await client.warmUp();
    expect((await client.mastersFetch.get(GSTIN_QUERY)).status).toBe(200);
    mock.fault({ path: TOKEN_AUTH, delayMs: 200, times: 1 });
    await client.invalidate();
    await client.mastersFetch.get(GSTIN_QUERY);
    // The server and keep-alive sockets are live before closing (so the check below can fail).
    expect(extra(baseline, sorted(process.getActiveResourcesInfo()))).toEqual(
      expect.arrayContaining(['TCPServerWrap', 'TCPSocketWrap']),
    );
    await client.close();
    await mock.close();
    expect(await settle(baseline)).toEqual([]);
  });

  it('lets a process that never calls close() exit by itself within 2 s', async () => {
    const mock = await startMockServer();
    try {
      const dist = pathToFileURL(fileURLToPath(new URL('../dist/index.js', import.meta.url))).href;
      const script = `
        import(${JSON.stringify(dist)}).then(async ({ createMastersClient }) => {
          const client = createMastersClient({
            baseUrl: ${JSON.stringify(mock.url)},
            credentials: ${JSON.stringify(ALPHA_CREDENTIALS)},
            scheduleRenewal: true,
          });
          await client.warmUp();
          await client.mastersFetch.get(${JSON.stringify(GSTIN_QUERY)});
          console.log('ready');
        });`;
      const child = spawn(process.execPath, ['-e', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let output = '';
      let readyAt = 0;
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (readyAt === 0 && output.includes('ready')) readyAt = performance.now();
      });
      const exit = await new Promise<{ code: number | null; afterReadyMs: number }>((resolve) => {
        const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.on('exit', (code) => {
          clearTimeout(killer);
          resolve({ code, afterReadyMs: performance.now() - readyAt });
        });
      });
      expect(output).toContain('ready');
      expect(exit.code).toBe(0);
      expect(exit.afterReadyMs).toBeLessThan(2_000);
      expect(mock.stats().byPath[TOKEN_AUTH]).toBe(1);
    } finally {
      await mock.close();
    }
  });
});
