/**
 * Preload (`--import`) of the `instrumentation` scenario's "no publications" side: a module
 * resolve hook (`module.register`) that swaps core's `dist/observe/channels.js` for
 * `channels-stub.js`, a build of the same exports that publishes nothing. Bench-only.
 */
import { register } from 'node:module';

register(new URL('./channels-hook.js', import.meta.url));
