// Test helpers the three sample apps share (vitest assertions; not for the apps' runtime).
export { expectEnvFileLoaded, type EnvFileCheck } from './env-file-check.js';
export { expectFieldErrors } from './validation-check.js';
