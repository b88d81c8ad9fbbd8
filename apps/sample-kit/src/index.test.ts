import { describe, expect, it } from 'vitest';
import * as kit from './index.js';

describe('@mastersfetch/sample-kit exports', () => {
  it('exposes exactly the shared sample app API', () => {
    expect(Object.keys(kit).sort()).toMatchInlineSnapshot(`
      [
        "SampleRequestError",
        "cancelAnswer",
        "cancelRequest",
        "detailsQuery",
        "generateRequest",
        "generatedAnswer",
        "healthBody",
        "listeningLine",
        "loadSampleConfig",
        "loadSampleEnvFile",
        "onParentExit",
        "partBAnswer",
        "partBRequest",
        "resolveTenant",
        "sampleCurlLines",
        "sampleErrorResponse",
        "startErrorMessage",
      ]
    `);
  });

  it('prints the listening line the demo parses', () => {
    expect(kit.listeningLine(3001)).toBe('listening on http://127.0.0.1:3001');
  });
});
