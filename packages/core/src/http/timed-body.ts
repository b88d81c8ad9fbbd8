/**
 * The per-attempt timer of an API call after the headers arrived (issue 17, finding 3): a body read
 * through a consuming method (`text()`, `json()`, `arrayBuffer()`, `blob()`, `bytes()`,
 * `formData()`, which ky's `.json()`/`.text()`/... helpers call) must finish before the attempt's
 * deadline; a caller who takes `response.body` as a stream gets an idle bound instead: a read that
 * waits `limitMs` for a byte ends the stream. Both end with the attempt's abort, whose reason (a
 * `MastersHttpError('ETIMEDOUT')`) is what the read rejects with (undici errors the body with it).
 *
 * Hand-rolled: neither fetch nor ky bounds a body read.
 */

/** The attempt whose body is being timed. */
export interface AttemptControl {
  /** Aborts the attempt's fetch (headers and body) with `reason`. */
  abort(reason: unknown): void;
  /** Builds the timeout error (`MastersHttpError('ETIMEDOUT')`) for a body read. */
  timeoutError(what: 'body' | 'idle'): Error;
}

const enum Phase {
  /** Headers arrived, nobody reads the body yet: no timer runs (a response may be dropped unread). */
  Unclaimed,
  /** A consuming method reads the body: a timer to the attempt's deadline. */
  Deadline,
  /** The caller reads `response.body`: an idle timer per read. */
  Stream,
  Done,
}

const TIMING = Symbol('mastersfetch.bodyTiming');
const CONSUMERS = ['text', 'json', 'arrayBuffer', 'blob', 'bytes', 'formData'] as const;
type Consumer = (typeof CONSUMERS)[number];

/** What the fetch stamps on a response it returns: its timing, method and path. */
export interface TimedResponse extends Response {
  [TIMING]?: BodyTiming;
}

class BodyTiming {
  phase = Phase.Unclaimed;
  timer: ReturnType<typeof setTimeout> | undefined;
  stream: ReadableStream<Uint8Array> | undefined;
  readonly control: AttemptControl;
  readonly limitMs: number;
  /** `performance.now()` at which the attempt's `limitMs` ends. */
  readonly deadlineAt: number;
  readonly method: string;

  constructor(control: AttemptControl, limitMs: number, deadlineAt: number, method: string) {
    this.control = control;
    this.limitMs = limitMs;
    this.deadlineAt = deadlineAt;
    this.method = method;
  }

  claimDeadline(): void {
    if (this.phase !== Phase.Unclaimed) return;
    this.phase = Phase.Deadline;
    // A read that starts after the deadline (the caller held the response) gets one `limitMs`.
    const left = this.deadlineAt - performance.now();
    this.timer = setTimeout(
      () => this.control.abort(this.control.timeoutError('body')),
      left > 0 ? left : this.limitMs,
    );
  }

  claimStream(): void {
    if (this.phase === Phase.Unclaimed) this.phase = Phase.Stream;
  }

  done(): void {
    this.phase = Phase.Done;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/**
 * Makes `response` time its body (see the module comment) and returns it: consuming methods get a
 * timer to `deadlineAt` (`performance.now()` ms), `response.body` an idle bound of `limitMs` per read.
 */
export function timeBody(
  response: Response,
  control: AttemptControl,
  limitMs: number,
  deadlineAt: number,
  method: string,
): Response {
  const timing = new BodyTiming(control, limitMs, deadlineAt, method);
  const timed = response as TimedResponse;
  timed[TIMING] = timing;
  if (response.body === null) return response;
  for (const name of CONSUMERS) {
    if (typeof Response.prototype[name] === 'function') timed[name] = CONSUMING[name] as never;
  }
  Object.defineProperty(timed, 'body', { get: timedStream, configurable: true, enumerable: true });
  return response;
}

/** The method of the request a timed response answers (`undefined` for another response). */
export function methodOf(response: Response): string | undefined {
  return (response as TimedResponse)[TIMING]?.method;
}

const nativeBody = Object.getOwnPropertyDescriptor(Response.prototype, 'body')?.get as (
  this: Response,
) => ReadableStream<Uint8Array> | null;

function consuming(name: Consumer) {
  const native = Response.prototype[name] as (this: Response) => Promise<unknown>;
  return async function (this: TimedResponse): Promise<unknown> {
    const timing = this[TIMING];
    if (timing === undefined || timing.phase !== Phase.Unclaimed) return native.call(this);
    timing.claimDeadline();
    try {
      return await native.call(this);
    } finally {
      timing.done();
    }
  };
}

const CONSUMING = Object.fromEntries(CONSUMERS.map((name) => [name, consuming(name)])) as Record<
  Consumer,
  (this: TimedResponse) => Promise<unknown>
>;

/** `response.body` of a timed response: the real body behind an idle bound per read. */
function timedStream(this: TimedResponse): ReadableStream<Uint8Array> | null {
  const timing = this[TIMING];
  const inner = nativeBody.call(this);
  if (timing === undefined || inner === null) return inner;
  if (timing.stream !== undefined) return timing.stream;
  if (timing.phase !== Phase.Unclaimed) return inner;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  timing.stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        timing.claimStream();
        reader ??= inner.getReader();
        const idle = setTimeout(
          () => timing.control.abort(timing.control.timeoutError('idle')),
          timing.limitMs,
        );
        try {
          const { done, value } = await reader.read();
          if (done) {
            timing.done();
            controller.close();
          } else {
            controller.enqueue(value);
          }
        } catch (error) {
          timing.done();
          throw error;
        } finally {
          clearTimeout(idle);
        }
      },
      async cancel(reason) {
        timing.done();
        await (reader ?? inner).cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return timing.stream;
}
