import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('@mastersfetch/mock-server exports', () => {
  it('exposes exactly the documented runtime API', () => {
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "DEMO_USERS",
        "EXAMPLE_CANCEL_BODY",
        "TOKEN_AUTH_PATH",
        "companyNameFor",
        "exampleGenerateBody",
        "examplePartBBody",
        "startMockServer",
        "todayInIndia",
      ]
    `);
  });

  it('ships at least three demo users, each with its own GSTINs', () => {
    expect(api.DEMO_USERS.length).toBeGreaterThanOrEqual(3);
    const gstins = api.DEMO_USERS.flatMap((user) => user.gstins);
    expect(new Set(gstins).size).toBe(gstins.length);
  });
});
