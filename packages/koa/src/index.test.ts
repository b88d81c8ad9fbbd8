import * as core from '@mastersfetch/core';
import { describe, expect, it } from 'vitest';
import * as koa from './index.js';

describe('@mastersfetch/koa exports', () => {
  it('adds exactly the Koa adapter API', () => {
    const own = Object.keys(koa)
      .filter((name) => !(name in core))
      .sort();
    expect(own).toMatchInlineSnapshot(`
      [
        "extendContext",
        "mastersErrors",
        "mastersHealth",
        "mastersIndia",
      ]
    `);
  });

  it("re-exports the core's public API (client, errors, unwrapResults)", () => {
    for (const name of Object.keys(core)) {
      expect(koa[name as keyof typeof koa], name).toBe(core[name as keyof typeof core]);
    }
    expect(koa.MastersApiError).toBe(core.MastersApiError);
    expect(koa.createMastersClient).toBe(core.createMastersClient);
  });
});
