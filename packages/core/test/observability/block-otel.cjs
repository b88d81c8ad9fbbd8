/* eslint-disable @typescript-eslint/no-require-imports, no-undef -- a CommonJS preload */
// Preload (node --require) for without-otel.test.ts: `@opentelemetry/api` cannot be resolved, as in
// an app that does not install the optional peer dependency.
const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === '@opentelemetry/api' || request.startsWith('@opentelemetry/api/')) {
    const error = new Error(`Cannot find module '${request}'`);
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return resolve.call(this, request, ...rest);
};
