import type { NormalizedOptions } from 'ky';
import { afterEach, describe, expect, it } from 'vitest';
import { RETRY_POLICY } from '../src/index.js';
import { GSTIN_QUERY, Harness } from './helpers.js';

describe('mastersFetch retry policy', () => {
  const h = new Harness();
  afterEach(() => h.close());

  it('is exactly RETRY_POLICY as ky sees it (we only pass what differs from ky defaults)', async () => {
    await h.start();
    const client = h.client();
    let seen: NormalizedOptions['retry'] | undefined;
    await client.mastersFetch
      .extend({
        hooks: {
          beforeRequest: [
            (_request, options) => {
              seen = options.retry;
            },
          ],
        },
      })
      .get(GSTIN_QUERY);
    expect(seen).toMatchObject({
      limit: RETRY_POLICY.limit,
      methods: [...RETRY_POLICY.methods],
      statusCodes: [...RETRY_POLICY.statusCodes],
      afterStatusCodes: [...RETRY_POLICY.afterStatusCodes],
      maxRetryAfter: RETRY_POLICY.maxRetryAfter,
      retryOnTimeout: RETRY_POLICY.retryOnTimeout,
    });
    expect(seen?.methods).not.toContain('post');
    expect(seen?.methods).not.toContain('patch');
    expect(typeof seen?.shouldRetry).toBe('function');
  });
});
