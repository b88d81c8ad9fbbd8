import type { Input, KyInstance, Options } from 'ky';
import { WAIT_SIGNAL_OPTION, type WaitSignalSource } from './call-options.js';

/**
 * A view of `instance` (a `mastersFetch`) whose calls also stop waiting for an access token when
 * the signal from `source` aborts (`withClientDisconnect`, docs/ARCHITECTURE.md §8). Unlike a ky
 * `signal`, it never aborts an upstream call already sent, and it costs nothing on a call that
 * finds a usable token (ky wraps every `signal` in `AbortSignal.any()`).
 *
 * Made once per incoming request by the adapters, so it allocates little: the callable view and
 * its options object; `get`, `post`, ..., `extend` and `create` come from one shared prototype
 * (a method is made when it is read, so `const { get } = view` works). One object copy per call.
 *
 * @returns a ky instance; `extend()`/`create()` return views with the same `source`.
 */
export function withTokenWaitSignal(instance: KyInstance, source: WaitSignalSource): KyInstance {
  const extra: WaitOptions = { [WAIT_SIGNAL_OPTION]: source };
  const view = ((input: Input, options?: Options) =>
    instance(input, withWait(options, extra))) as WaitView;
  Object.setPrototypeOf(view, WAIT_VIEW);
  view[TARGET] = instance;
  view[EXTRA] = extra;
  return view;
}

type WaitOptions = { [WAIT_SIGNAL_OPTION]: WaitSignalSource };

/**
 * The instance a view of {@link withTokenWaitSignal} calls through (innermost first: a view of a
 * view answers its base), or `undefined` for anything else. Lets `identity.ts` answer for
 * per-request views without a registry write per request.
 */
export function viewTarget(value: object): KyInstance | undefined {
  let target: KyInstance | undefined;
  let current = value as Partial<WaitView>;
  while (typeof current === 'function' && Object.getPrototypeOf(current) === WAIT_VIEW) {
    target = current[TARGET];
    current = target as Partial<WaitView>;
  }
  return target;
}

const TARGET = Symbol('mastersfetch.waitView.target');
const EXTRA = Symbol('mastersfetch.waitView.options');

interface WaitView extends KyInstance {
  [TARGET]: KyInstance;
  [EXTRA]: WaitOptions;
}

/** The call's options plus the wait signal. */
function withWait<T extends Options | undefined>(options: T, extra: WaitOptions): T {
  return { ...options, ...extra } as T;
}

const METHODS = ['get', 'post', 'put', 'patch', 'head', 'delete'] as const;

function methodGetter(name: (typeof METHODS)[number]): PropertyDescriptor {
  return {
    get(this: WaitView) {
      const call = this[TARGET][name];
      const extra = this[EXTRA];
      return (input: Input, options?: Options) => call(input, withWait(options, extra));
    },
    configurable: true,
  };
}

/** The prototype of every view: the ky instance's members, read through `this`. */
const WAIT_VIEW: object = Object.create(Function.prototype, {
  ...Object.fromEntries(METHODS.map((name) => [name, methodGetter(name)])),
  extend: {
    get(this: WaitView) {
      const target = this[TARGET];
      const source = this[EXTRA][WAIT_SIGNAL_OPTION];
      return (defaults: Parameters<KyInstance['extend']>[0]) =>
        withTokenWaitSignal(target.extend(defaults), source);
    },
    configurable: true,
  },
  create: {
    get(this: WaitView) {
      const target = this[TARGET];
      const source = this[EXTRA][WAIT_SIGNAL_OPTION];
      return (defaults?: Options) => withTokenWaitSignal(target.create(defaults), source);
    },
    configurable: true,
  },
  stop: {
    get(this: WaitView) {
      return this[TARGET].stop;
    },
    configurable: true,
  },
  retry: {
    get(this: WaitView) {
      return this[TARGET].retry;
    },
    configurable: true,
  },
}) as object;
