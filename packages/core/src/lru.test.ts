import { describe, expect, it } from 'vitest';
import { Lru } from './lru.js';

describe('Lru', () => {
  it('never holds more than maxEntries and evicts the least recent', () => {
    const evicted: string[] = [];
    const lru = new Lru<string, number>(3, (k) => evicted.push(k));
    for (let i = 0; i < 100; i++) {
      lru.set(`k${i}`, i);
      expect(lru.size).toBeLessThanOrEqual(3);
    }
    expect([...lru.keys()]).toEqual(['k97', 'k98', 'k99']);
    expect(evicted).toHaveLength(97);
    expect(evicted[0]).toBe('k0');
  });

  it('get refreshes recency, peek does not', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1).set('b', 2);
    lru.get('a');
    lru.set('c', 3);
    expect(lru.has('a')).toBe(true);
    expect(lru.has('b')).toBe(false);
    lru.peek('a');
    lru.set('d', 4);
    expect(lru.has('a')).toBe(false);
  });

  it('delete and clear do not call onEvict; a throwing onEvict does not break set', () => {
    let calls = 0;
    const lru = new Lru<string, number>(1, () => {
      calls++;
      throw new Error('boom');
    });
    lru.set('a', 1);
    lru.delete('a');
    lru.set('b', 2);
    expect(() => lru.set('c', 3)).not.toThrow();
    lru.clear();
    expect(calls).toBe(1);
    expect(lru.size).toBe(0);
  });

  it('rejects a bad capacity', () => {
    expect(() => new Lru(0)).toThrow(RangeError);
    expect(() => new Lru(1.5)).toThrow(RangeError);
  });
});
