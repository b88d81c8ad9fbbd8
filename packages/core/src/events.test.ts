import { describe, expect, it } from 'vitest';
import { MastersEmitter } from './events.js';

describe('MastersEmitter', () => {
  it('delivers typed payloads and on() returns an unsubscribe function', () => {
    const emitter = new MastersEmitter();
    const seen: number[] = [];
    const off = emitter.on('login', (e) => seen.push(e.generation));
    emitter.emit('login', { keyFingerprint: 'f', generation: 1, lifetimeMs: 10 });
    off();
    off();
    emitter.emit('login', { keyFingerprint: 'f', generation: 2, lifetimeMs: 10 });
    expect(seen).toEqual([1]);
    expect(emitter.listenerCount('login')).toBe(0);
  });

  it('a throwing listener does not stop the others or the emitter', async () => {
    const errors: unknown[] = [];
    const emitter = new MastersEmitter((_event, error) => errors.push(error));
    let delivered = 0;
    emitter.on('skewDetected', () => {
      throw new Error('listener bug');
    });
    emitter.on('skewDetected', (async () => {
      throw new Error('async listener bug');
    }) as () => void);
    emitter.on('skewDetected', () => delivered++);
    expect(() => emitter.emit('skewDetected', { keyFingerprint: 'f', skewMs: 1 })).not.toThrow();
    expect(delivered).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(errors).toHaveLength(2);
  });

  it('removeAllListeners() clears everything', () => {
    const emitter = new MastersEmitter();
    emitter.on('login', () => {});
    emitter.on('renew', () => {});
    emitter.removeAllListeners();
    expect(emitter.listenerCount('login') + emitter.listenerCount('renew')).toBe(0);
  });
});
