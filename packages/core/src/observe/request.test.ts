import dc from 'node:diagnostics_channel';
import { describe, expect, it } from 'vitest';
import type { InternalLogger } from '../logger.js';
import { MASTERSFETCH_CHANNELS } from './channels.js';
import { Observer } from './observer.js';
import {
  NOOP_REQUEST,
  OBSERVATION_OPTION,
  observationOf,
  observeCall,
  pathOfUrl,
  startRequestObservation,
} from './request.js';

function recordingLog(debugOn: boolean) {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    lines.push({ level, message, fields });
  const log: InternalLogger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    isDebugEnabled: () => debugOn,
  };
  return { log, lines };
}

const KEY = { keyFingerprint: 'f'.repeat(32), isApiKey: false };

describe('startRequestObservation', () => {
  it('is the shared no-op when nothing observes (no OTel, no subscriber, debug off)', () => {
    const observer = new Observer({ log: recordingLog(false).log, otel: null });
    expect(startRequestObservation(observer)).toBe(NOOP_REQUEST);
    expect(startRequestObservation(undefined)).toBe(NOOP_REQUEST);
    // observeCall then hands ky the caller's options object itself.
    const options = { json: {} };
    let seen: unknown;
    void observeCall(
      observer,
      (_c: null, _i: string, o: object) => ((seen = o), Promise.resolve(new Response(null))),
      null,
      'x',
      options,
    );
    expect(seen).toBe(options);
    expect(NOOP_REQUEST.runInContext(() => 7)).toBe(7);
  });

  it('is active with debug on: one debug line per call, with path without query and retries', async () => {
    const { log, lines } = recordingLog(true);
    const observer = new Observer({ log, otel: null });
    let carried: Record<string, unknown> | undefined;
    const promise = observeCall(
      observer,
      (_c: null, _i: string, o: Record<string, unknown>) => {
        carried = o;
        const observation = observationOf(o);
        observation.attempt(new Request('http://127.0.0.1:4010/api/v1/x/?secret=1#h'));
        observation.identify(KEY);
        observation.attempt(new Request('http://127.0.0.1:4010/api/v1/x/?secret=1'));
        return Promise.resolve(new Response(null, { status: 204 }));
      },
      null,
      'x',
      { timeout: 5 } as Record<string, unknown>,
    );
    await promise;
    await Promise.resolve();
    expect(carried?.timeout).toBe(5);
    expect(observationOf(carried)).not.toBe(NOOP_REQUEST);
    expect(JSON.stringify(carried?.[OBSERVATION_OPTION])).toBe('"[RequestObservation]"');
    expect(lines).toEqual([
      {
        level: 'debug',
        message: 'Masters India API call',
        fields: {
          method: 'GET',
          path: '/api/v1/x/',
          status: 204,
          durationMs: expect.any(Number),
          keyFingerprint: KEY.keyFingerprint,
          retries: 1,
        },
      },
    ]);
  });

  it('is active with a mastersfetch:request subscriber, and publishes start/end then error/asyncStart/asyncEnd', () => {
    const events: [string, Record<string, unknown>][] = [];
    const channel = dc.tracingChannel(MASTERSFETCH_CHANNELS.request);
    const on = (name: string) => (p: unknown) => events.push([name, { ...(p as object) }]);
    const handlers = {
      start: on('start'),
      end: on('end'),
      asyncStart: on('asyncStart'),
      asyncEnd: on('asyncEnd'),
      error: on('error'),
    };
    channel.subscribe(handlers);
    try {
      const observer = new Observer({ log: recordingLog(false).log, otel: null });
      const observation = startRequestObservation(observer);
      expect(observation).not.toBe(NOOP_REQUEST);
      observation.attempt(new Request('https://example.test/api/v1/y/?q=2', { method: 'POST' }));
      observation.identify({ keyFingerprint: 'a'.repeat(32), isApiKey: true });
      observation.fail(
        Object.assign(new Error('with a secret in the message'), {
          name: 'MastersApiError',
          status: 200,
          nicCode: '604',
        }),
      );
      observation.end(200); // settles once
      expect(events.map((e) => e[0])).toEqual(['start', 'end', 'error', 'asyncStart', 'asyncEnd']);
      expect(events[4]![1]).toEqual({
        method: 'POST',
        path: '/api/v1/y/',
        fingerprint: 'a'.repeat(32),
        mode: 'api_key',
        status: 200,
        nicCode: '604',
        error: { name: 'MastersApiError', status: 200, nicCode: '604' },
        durationMs: expect.any(Number),
      });
    } finally {
      channel.unsubscribe(handlers);
    }
  });
});

describe('pathOfUrl', () => {
  it('drops the query string and fragment', () => {
    expect(pathOfUrl('http://h:1/a/b/?x=1#y')).toBe('/a/b/');
    expect(pathOfUrl('http://h:1/a#y?x')).toBe('/a');
    expect(pathOfUrl('http://h:1')).toBe('/');
  });
});
