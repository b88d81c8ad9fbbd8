import * as core from '@mastersfetch/core';
import { describe, expect, it } from 'vitest';
import * as nestjs from './index.js';

describe('@mastersfetch/nestjs exports', () => {
  it('exports the Nest API (snapshot: every change here is a public API change)', () => {
    const own = Object.keys(nestjs)
      .filter((name) => !(name in core))
      .sort();
    expect(own).toMatchInlineSnapshot(`
      [
        "InjectMastersFetch",
        "MASTERS_FETCH",
        "MASTERS_INDIA_CLIENT",
        "MASTERS_INDIA_OPTIONS",
        "MASTERS_INDIA_SERVICE_KEY",
        "MastersExceptionFilter",
        "MastersFetch",
        "MastersFetchMiddleware",
        "MastersIndiaModule",
        "MastersIndiaService",
      ]
    `);
  });

  it('re-exports every runtime export of @mastersfetch/core unchanged', () => {
    for (const [name, value] of Object.entries(core)) {
      expect(nestjs[name as keyof typeof nestjs], name).toBe(value);
    }
  });

  it('exports MastersFetch as the parameter decorator (core has it only as a type)', () => {
    expect(typeof nestjs.MastersFetch).toBe('function');
    expect(typeof nestjs.MastersFetch()).toBe('function');
  });
});
