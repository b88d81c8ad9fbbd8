import { afterEach, describe, expect, it } from 'vitest';
import { ALPHA, ALPHA_GSTIN, errorViews, Harness } from '../helpers.js';

// Issue 17, finding 5: a custom `fetch`'s error kept the api key in `err.cause.message`. Whatever
// the client passes on (cause chains, own properties of foreign errors) is sanitized.

const API_KEY = 'Foreign-Api-Key-0123456789';
const DETAILS = `api/v1/getEwayBillData/?action=GetGSTINDetails&userGstin=${ALPHA_GSTIN}&gstin=${ALPHA_GSTIN}`;

describe('hardening: foreign errors (issue 17, finding 5)', () => {
  const h = new Harness();
  afterEach(() => h.close());

  it('hides the api key a custom fetch quotes in its error, its cause and its own properties', async () => {
    await h.start({ apiKeys: [{ key: API_KEY, username: ALPHA.username }] });
    let calls = 0;
    // An instrumented fetch that fails after reaching the server, quoting the request it sent.
    const quotingFetch: typeof globalThis.fetch = async (input, init) => {
      const response = await fetch(input, init);
      calls++;
      await response.body?.cancel();
      const headers = (input as Request).headers;
      const error = new Error('instrumented fetch failed', {
        cause: new Error(`request headers were ${JSON.stringify([...headers])}`),
      });
      Object.assign(error, {
        code: 'ECONNRESET',
        request: { headers: Object.fromEntries(headers), sent: [...headers].flat() },
      });
      throw error;
    };
    const client = h.client({
      credentials: { apiKey: API_KEY },
      fetch: quotingFetch,
      clock: undefined,
    });
    let caught: unknown;
    try {
      await client.mastersFetch.get(DETAILS, { retry: 0 });
    } catch (error) {
      caught = error;
    }
    expect(calls).toBe(1); // the request really went over loopback
    const all = errorViews(caught);
    // The test can fail: the foreign error really is passed on, with the shape it quoted.
    expect(all.join('\n')).toContain('request headers were');
    for (const view of all) expect(view).not.toContain(API_KEY);
  });
});
