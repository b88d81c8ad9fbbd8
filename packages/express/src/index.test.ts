import { describe, expect, it } from 'vitest';
import * as core from '@mastersfetch/core';
import * as adapter from './index.js';

describe('@mastersfetch/express exports', () => {
  it('exports the adapter API', () => {
    const own = Object.keys(adapter).filter((name) => !(name in core));
    expect(own.sort()).toEqual([
      'getMastersFetch',
      'mastersErrorHandler',
      'mastersHealth',
      'mastersIndia',
    ]);
  });

  it('re-exports every runtime export of the core (errors included) unchanged', () => {
    for (const [name, value] of Object.entries(core)) {
      expect((adapter as Record<string, unknown>)[name], name).toBe(value);
    }
    expect(adapter.MastersApiError).toBe(core.MastersApiError);
    expect(adapter.MastersError).toBe(core.MastersError);
    expect(adapter.createMastersClient).toBe(core.createMastersClient);
  });
});
