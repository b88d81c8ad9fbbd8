import { pathOf, timeoutError, type TimedPhase } from './attempt-errors.js';

/**
 * The time limit of one API attempt (issue 17, finding 3; docs/ARCHITECTURE.md §6, "Timeouts"):
 * one timer per attempt, to `limitMs` after the attempt started, bounds the headers and then every
 * body read through a consuming method (`text()`, `json()`, `arrayBuffer()`, `blob()`, `bytes()`,
 * `formData()`, which ky's `.json()`/`.text()`/... helpers call), of the response and of each of
 * its clones (ky hands `afterResponse` hooks a clone). A caller who takes `response.body` as a
 * stream gets an idle bound instead (a read that waits `limitMs` for a byte ends the stream),
 * except for a call with `onDownloadProgress`: ky reads that body as a stream for the caller, so
 * the whole-body deadline applies. A time-out aborts the attempt with a
 * `MastersHttpError('ETIMEDOUT')` as the reason, which is what the read rejects with (undici errors
 * the body with it).
 *
 * Hand-rolled: neither fetch nor ky bounds a body read. Timed responses share one prototype (no
 * per-response closure or property definition).
 */

type Timer = ReturnType<typeof setTimeout>;

const ONCE: AddEventListenerOptions = { once: true };

/** One HTTP attempt: its abort controller and its timer (see the module comment). */
export class AttemptTimer {
  /** Aborts the attempt's fetch (headers and body). */
  readonly controller = new AbortController();
  /** The attempt's time limit (ms). */
  readonly limitMs: number;
  /** `performance.now()` at which `limitMs` ends. */
  readonly deadlineAt: number;
  readonly method: string;
  readonly url: string;
  /** `true` when a body stream is bounded by the deadline too (a call with `onDownloadProgress`). */
  readonly wholeBody: boolean;
  /** The caller's signal the attempt follows (see {@link follow}). */
  outer: AbortSignal | undefined;
  timer: Timer | undefined;
  /** Body reads under the deadline not finished yet (the response and its clones). */
  reading = 0;
  headersArrived = false;

  /** Starts the attempt's timer: `limitMs` (ms) from now. */
  constructor(limitMs: number, method: string, url: string, wholeBody: boolean) {
    this.limitMs = limitMs;
    this.deadlineAt = performance.now() + limitMs;
    this.method = method;
    this.url = url;
    this.wholeBody = wholeBody;
    this.timer = setTimeout(onDeadline, limitMs, this);
  }

  /**
   * Follows `outer` (the caller's signal) until {@link stopFollowing}; the listener is `this` (see
   * {@link handleEvent}), so following costs no closure.
   */
  follow(outer: AbortSignal | null | undefined): void {
    if (outer === null || outer === undefined) return;
    this.outer = outer;
    if (outer.aborted) this.controller.abort(outer.reason);
    else outer.addEventListener('abort', this, ONCE);
  }

  /** The caller's signal aborted: abort the attempt with its reason. */
  handleEvent(): void {
    this.controller.abort(this.outer?.reason);
  }

  stopFollowing(): void {
    this.outer?.removeEventListener('abort', this);
  }

  /**
   * The headers arrived: the timer keeps running for a body read, but no longer keeps the process
   * alive (a response may be dropped unread; its timer then ends at the deadline, doing nothing).
   */
  onHeaders(hasBody: boolean): void {
    this.headersArrived = true;
    if (hasBody) this.timer?.unref();
    else this.end();
  }

  /** A body read under the deadline starts (a read after the deadline gets one `limitMs`). */
  claim(): void {
    if (this.reading++ > 0) return;
    if (this.timer === undefined) {
      const left = this.deadlineAt - performance.now();
      this.timer = setTimeout(onDeadline, left > 0 ? left : this.limitMs, this);
    } else {
      this.timer.ref();
    }
  }

  /** A body read under the deadline ended. */
  release(): void {
    if (--this.reading === 0) this.end();
  }

  /** Clears the timer: nothing of the attempt is timed any more. */
  end(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  abort(what: 'body' | 'idle'): void {
    this.controller.abort(this.timeoutError(what));
  }

  timeoutError(what: TimedPhase): Error {
    return timeoutError(this.method, pathOf(this.url), this.limitMs, what);
  }
}

function onDeadline(attempt: AttemptTimer): void {
  attempt.timer = undefined;
  // Before the headers: the transport maps the abort to a headers time-out. After them, only a
  // read in progress is cut; an unread response is left alone (it may be dropped, or read later).
  if (!attempt.headersArrived) attempt.controller.abort();
  else if (attempt.reading > 0) attempt.abort('body');
}

const enum Phase {
  /** Nobody reads the body yet. */
  Unclaimed,
  /** A consuming method (or an `onDownloadProgress` stream) reads the body under the deadline. */
  Deadline,
  /** The caller reads `response.body`: an idle timer per read. */
  Stream,
  Done,
}

/** The body timing of one response (a response and each of its clones have their own). */
class BodyTiming {
  phase = Phase.Unclaimed;
  stream: ReadableStream<Uint8Array> | undefined;
  readonly attempt: AttemptTimer;

  constructor(attempt: AttemptTimer) {
    this.attempt = attempt;
  }

  claimDeadline(): void {
    this.phase = Phase.Deadline;
    this.attempt.claim();
  }

  done(): void {
    if (this.phase === Phase.Deadline) this.attempt.release();
    this.phase = Phase.Done;
  }
}

const TIMING = Symbol('mastersfetch.bodyTiming');

interface TimedResponse extends Response {
  [TIMING]?: BodyTiming;
}

/**
 * Makes `response` (the answer to `attempt`) time its body (see the module comment) and returns
 * it. The attempt's timer is released when no body is left to time.
 */
export function timeBody(response: Response, attempt: AttemptTimer): Response {
  attempt.onHeaders(response.body !== null);
  return timeResponse(response, attempt);
}

function timeResponse(response: Response, attempt: AttemptTimer): Response {
  const timed = response as TimedResponse;
  timed[TIMING] = new BodyTiming(attempt);
  if (response.body !== null) Object.setPrototypeOf(timed, TIMED_RESPONSE);
  return response;
}

/** The method of the request a timed response answers (`undefined` for another response). */
export function methodOf(response: Response): string | undefined {
  return (response as TimedResponse)[TIMING]?.attempt.method;
}

const nativeBody = Object.getOwnPropertyDescriptor(Response.prototype, 'body')?.get as (
  this: Response,
) => ReadableStream<Uint8Array> | null;
const nativeClone = Response.prototype.clone;

const CONSUMERS = ['text', 'json', 'arrayBuffer', 'blob', 'bytes', 'formData'] as const;

function consuming(name: (typeof CONSUMERS)[number]) {
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

/** `clone()` of a timed response: the clone is timed by the same attempt. */
function timedClone(this: TimedResponse): Response {
  const clone = nativeClone.call(this);
  const timing = this[TIMING];
  return timing === undefined ? clone : timeResponse(clone, timing.attempt);
}

/** `response.body` of a timed response: the real body behind the attempt's bound. */
function timedStream(this: TimedResponse): ReadableStream<Uint8Array> | null {
  const timing = this[TIMING];
  const inner = nativeBody.call(this);
  if (timing === undefined || inner === null) return inner;
  if (timing.stream !== undefined) return timing.stream;
  if (timing.phase !== Phase.Unclaimed) return inner;
  timing.stream = boundedStream(this, timing);
  return timing.stream;
}

function boundedStream(response: Response, timing: BodyTiming): ReadableStream<Uint8Array> {
  const { attempt } = timing;
  const current = () => nativeBody.call(response) as ReadableStream<Uint8Array>;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (timing.phase === Phase.Unclaimed) {
          if (attempt.wholeBody) timing.claimDeadline();
          else timing.phase = Phase.Stream;
        }
        // The current body: a clone taken meanwhile replaced it by one branch of a tee.
        reader ??= current().getReader();
        const idle =
          timing.phase === Phase.Stream
            ? setTimeout(() => attempt.abort('idle'), attempt.limitMs)
            : undefined;
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
        await (reader ?? current()).cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** The prototype of every timed response: `Response.prototype` with timed body access. */
const TIMED_RESPONSE: Response = Object.create(Response.prototype, {
  ...Object.fromEntries(
    CONSUMERS.filter((name) => typeof Response.prototype[name] === 'function').map((name) => [
      name,
      { value: consuming(name), writable: true, configurable: true },
    ]),
  ),
  clone: { value: timedClone, writable: true, configurable: true },
  body: { get: timedStream, configurable: true, enumerable: true },
}) as Response;
