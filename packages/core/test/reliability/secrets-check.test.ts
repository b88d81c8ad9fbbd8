import { afterEach, describe, expect, it } from 'vitest';
import { GSTIN_QUERY, ReliabilityHarness } from './harness.js';
import { secretRegistry, secretsIn } from './secrets.js';
import { capturedOutput } from './setup.js';

describe('reliability: the secrets check itself', () => {
  const h = new ReliabilityHarness();
  afterEach(() => h.close());

  it('registers the password and every token a client received, and finds them in text', async () => {
    await h.start();
    const client = h.client();
    await client.warmUp();
    const token = await client.getAccessToken();
    expect(secretRegistry().has(token)).toBe(true);
    expect(secretsIn(`x ${token} y`)).toEqual([token]);
    expect(secretsIn('nothing here')).toEqual([]);
    await h.expectHealthy(client);
    expect((await client.mastersFetch.get(GSTIN_QUERY)).status).toBe(200);
  });

  it('captures console output and stdout writes of the test run', () => {
    const out = capturedOutput();
    const before = out.length;
    console.log('reliability-capture-probe-1');
    process.stdout.write('reliability-capture-probe-2\n');
    const captured = out.slice(before).join('\n');
    expect(captured).toContain('reliability-capture-probe-1');
    expect(captured).toContain('reliability-capture-probe-2');
  });
});
