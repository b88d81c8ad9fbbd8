import type { z } from 'zod';

// A fast "accept" path for the request schemas (issue 22, docs/ARCHITECTURE.md §11 "validation before
// the request"). A zod `safeParse` of a valid generate body costs ~30 µs, nearly all of it zod's
// per-field machinery (a payload object per field, the output copy, the union bookkeeping), not
// our checks. Validation only needs a yes/no on the success path: `validateRequest` sends the body
// as written and never reads zod's output. So each request schema is compiled once, at module
// load, into a predicate that walks the same zod definition and calls the same checks (the
// `refine` functions, regexes and bounds the schema carries), without building an output.
//
// Contract: `accept(value) === true` only when `schema.safeParse(value).success` would be true.
// `false` means "not sure": the caller runs the schema itself, which decides and words the
// issues. Any node this file does not model exactly (a transform, a default, a check on an object
// or a union, coercion, ...) is run by zod itself, so an unknown construct costs speed, never
// correctness. test/fast-accept.test.ts checks the contract on every invalid body of the
// validation tables and on mutations of the reference bodies.

/** What the compiled predicate needs of zod's internal definitions (zod 4 `schema._zod`). */
interface Internals {
  def: {
    type: string;
    checks?: CheckInternals[];
    coerce?: boolean;
    shape?: Record<string, z.ZodType>;
    catchall?: unknown;
    innerType?: z.ZodType;
    element?: z.ZodType;
    options?: z.ZodType[];
    values?: unknown[];
  };
  optin?: string;
  /** Set when the schema is itself a check (`z.int()`, `z.email()`, `z.custom()`). */
  traits?: Set<string>;
  /** The zod core version that built the schema. */
  version?: { major: number; minor: number; patch: number };
  run(payload: Payload, ctx: { async: false }): Payload | Promise<Payload>;
}
interface CheckInternals {
  _zod: {
    def: {
      check: string;
      fn?: (value: unknown) => unknown;
      format?: string;
      pattern?: RegExp;
      value?: unknown;
      inclusive?: boolean;
      tx?: (value: unknown) => unknown;
      when?: (payload: Payload) => boolean;
    };
    check(payload: Payload): unknown;
  };
}
interface Payload {
  value: unknown;
  issues: unknown[];
}

/** A compiled node: `true` when zod would accept `value`. */
export type Acceptor = (value: unknown) => boolean;
/** A check on a payload: reads and may replace `payload.value` (an overwrite such as `.trim()`). */
type Step = (payload: Payload) => boolean;

const SYNC = { async: false } as const;
const internals = (schema: unknown): Internals => (schema as { _zod: Internals })._zod;
/** A thenable (an async refinement); a primitive is never read for `then`. */
const isPromise = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { then?: unknown }).then === 'function';

/** zod runs the node itself (its own parse and checks) on a fresh payload. */
function byZod(schema: z.ZodType): Acceptor {
  const zod = internals(schema);
  return (value) => {
    const result = zod.run({ value, issues: [] }, SYNC);
    if (isPromise(result)) {
      (result as Promise<unknown>).catch(() => {});
      return false;
    }
    return (result as Payload).issues.length === 0;
  };
}

/**
 * One check as zod's `runChecks` runs it on a payload without issues yet: a test of the value
 * (`refine`, `regex`), or a step on the payload (an overwrite such as `.trim()`, which later
 * checks read, or any other check, run by its own zod function).
 */
type CompiledCheck = { test: Acceptor; step?: undefined } | { step: Step; test?: undefined };

function compileCheck(check: CheckInternals): CompiledCheck {
  const def = check._zod.def;
  const when = def.when;
  if (def.check === 'custom' && typeof def.fn === 'function' && !when) {
    // `.refine(fn)`: a falsy result is an issue (zod's handleRefineResult); a promise is async.
    const fn = def.fn;
    return {
      test: (v) => {
        const result = fn(v);
        if (result === true) return true;
        if (isPromise(result)) {
          (result as Promise<unknown>).catch(() => {});
          return false;
        }
        return Boolean(result);
      },
    };
  }
  if (def.check === 'string_format' && def.format === 'regex' && def.pattern && !when) {
    const pattern = def.pattern;
    return {
      test: (v) => {
        pattern.lastIndex = 0;
        return pattern.test(v as string);
      },
    };
  }
  if ((def.check === 'greater_than' || def.check === 'less_than') && !when) {
    // `.min()`, `.max()`, `.positive()`: the comparisons of zod's $ZodCheckGreaterThan/LessThan.
    const bound = def.value as number;
    const above = def.check === 'greater_than';
    if (def.inclusive)
      return { test: above ? (v) => (v as number) >= bound : (v) => (v as number) <= bound };
    return { test: above ? (v) => (v as number) > bound : (v) => (v as number) < bound };
  }
  if (def.check === 'overwrite' && typeof def.tx === 'function' && !when) {
    const tx = def.tx;
    return {
      step: (p) => {
        p.value = tx(p.value);
        return true;
      },
    };
  }
  // Anything else (length bounds, number bounds and formats, superRefine): zod's own function.
  const run: Step = (p) => {
    const before = p.issues.length;
    const result = check._zod.check(p);
    if (isPromise(result)) {
      (result as Promise<unknown>).catch(() => {});
      return false;
    }
    return p.issues.length === before;
  };
  return { step: when ? (p) => !when(p) || run(p) : run };
}

/** Runs compiled checks in order on a payload; `false` at the first one that fails. */
function runSteps(checks: readonly CompiledCheck[], payload: Payload): boolean {
  for (const c of checks) {
    if (c.test ? !c.test(payload.value) : !c.step!(payload)) return false;
  }
  return true;
}

/** A leaf type whose parse accepts the value unchanged, then its checks in order. */
function leaf(typeTest: Acceptor, checks: readonly CheckInternals[]): Acceptor {
  if (checks.length === 0) return typeTest;
  const compiled = checks.map(compileCheck);
  if (compiled.every((c) => c.test)) {
    // Value tests only: no payload object.
    const tests = compiled.map((c) => c.test!);
    if (tests.length === 1) {
      const only = tests[0]!;
      return (v) => typeTest(v) && only(v);
    }
    return (v) => {
      if (!typeTest(v)) return false;
      for (const t of tests) if (!t(v)) return false;
      return true;
    };
  }
  return (v) => typeTest(v) && runSteps(compiled, { value: v, issues: [] });
}

/** Whether a node's output is its input (so a parent's checks may read the input). */
function keepsValue(schema: z.ZodType): boolean {
  const def = internals(schema).def;
  if (def.type === 'union') return (def.options ?? []).every(keepsValue);
  if (def.type !== 'string' && def.type !== 'number' && def.type !== 'literal') return false;
  return (def.checks ?? []).every((c) => c._zod.def.check !== 'overwrite');
}

const LENGTH_CHECKS = new Set(['min_length', 'max_length', 'length_equals']);

/**
 * The acceptor of an object's fields. A loop over the keys reads `value[key]` with a different
 * key at one site (a slow, megamorphic property load, ~60 % of the whole check); so, where code
 * generation is allowed, the reads are written out (`value["userGstin"]`, each key
 * JSON-escaped, our own schemas' keys) and every field's acceptor gets its own call site. Node
 * started with `--disallow-code-generation-from-strings` gets the loop.
 */
function objectAcceptor(keys: readonly string[], fields: readonly Acceptor[]): Acceptor {
  try {
    const reads = keys.map((k, i) => `f[${i}](v[${JSON.stringify(k)}])`);
    const make = new Function(
      'f',
      'isObject',
      `return function acceptObject(v) { return isObject(v)${reads.map((r) => ` && ${r}`).join('')}; };`,
    ) as (f: readonly Acceptor[], isObject: (v: unknown) => boolean) => Acceptor;
    return make(fields, isObject);
  } catch {
    const count = keys.length;
    return (v) => {
      if (!isObject(v)) return false;
      for (let i = 0; i < count; i++) if (!fields[i]!(v[keys[i]!])) return false;
      return true;
    };
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Compiles `schema` into an {@link Acceptor} (see the contract above). Built once per schema, at
 * module load.
 */
export function compileAcceptor(schema: z.ZodType): Acceptor {
  // The definitions read here are zod's internals: trusted only for the zod line this file was
  // checked against (test/fast-accept.test.ts). Another line leaves every decision to zod itself
  // (slower, never wrong) until the tests have been run against it and this line is moved.
  const version = internals(schema).version;
  if (version?.major !== VERIFIED_ZOD.major || version.minor !== VERIFIED_ZOD.minor) return never;
  return compileNode(schema);
}

/** The zod release line the compiled path is verified against. */
export const VERIFIED_ZOD = { major: 4, minor: 6 } as const;
const never: Acceptor = () => false;

function compileNode(schema: z.ZodType): Acceptor {
  const zod = internals(schema);
  const def = zod.def;
  const checks = def.checks ?? [];
  // A schema that is itself a check runs that check too, and it is not in `def.checks`.
  if (zod.traits?.has('$ZodCheck')) return byZod(schema);
  switch (def.type) {
    case 'string':
      if (def.coerce) return byZod(schema);
      return leaf((v) => typeof v === 'string', checks);
    case 'number':
      // zod 4's number rejects NaN and ±Infinity.
      if (def.coerce) return byZod(schema);
      return leaf((v) => typeof v === 'number' && Number.isFinite(v), checks);
    case 'literal': {
      const values = new Set(def.values);
      return leaf((v) => values.has(v), checks);
    }
    case 'optional': {
      if (checks.length > 0 || internals(def.innerType).optin === 'defaulted') {
        return byZod(schema);
      }
      const inner = compileNode(def.innerType!);
      return (v) => v === undefined || inner(v);
    }
    case 'union': {
      const options = (def.options ?? []).map(compileAcceptor);
      const any: Acceptor = (v) => {
        for (const option of options) if (option(v)) return true;
        return false;
      };
      if (checks.length === 0) return any;
      // The union's checks read the winning option's output: only when that is the input.
      if (!keepsValue(schema)) return byZod(schema);
      return leaf(any, checks);
    }
    case 'array': {
      // Only length bounds: any other check reads zod's output array, not the input.
      if (!checks.every((c) => LENGTH_CHECKS.has(c._zod.def.check))) return byZod(schema);
      const element = compileNode(def.element!);
      const compiled = checks.map(compileCheck);
      return (v) => {
        if (!Array.isArray(v)) return false;
        // Length bounds first: they are cheap and reject a 10,000-line list at once.
        if (compiled.length > 0 && !runSteps(compiled, { value: v, issues: [] })) return false;
        for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
        return true;
      };
    }
    case 'object': {
      // A plain z.object (unknown keys stripped, so ignored here) without object-level checks.
      if (checks.length > 0 || def.catchall !== undefined) return byZod(schema);
      const shape = def.shape ?? {};
      const keys = Object.keys(shape).filter((k) => k !== '__proto__');
      const fields = keys.map((k) => compileNode(shape[k]!));
      return objectAcceptor(keys, fields);
    }
    default:
      return byZod(schema);
  }
}
