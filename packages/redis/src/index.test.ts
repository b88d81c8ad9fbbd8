import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('@mastersfetch/redis exports', () => {
  it('exposes exactly the public API', () => {
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "RedisTokenStore",
        "RedisTokenStoreError",
      ]
    `);
  });
});
