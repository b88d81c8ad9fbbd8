import { describe, expect, it } from 'vitest';
import type { TokenRecord } from '../types.js';
import { MemoryTokenStore } from './memory.js';

function fakeClock() {
  let t = 1_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const record = (generation: number): TokenRecord => ({
  token: `tok-${generation}`,
  expiresAtMs: 2_000_000,
  generation,
  obtainedAtMs: 1_000_000,
});

describe('MemoryTokenStore', () => {
  it('returns a stored record until its TTL passes', async () => {
    const clock = fakeClock();
    const store = new MemoryTokenStore({ clock });
    await store.set('k', record(1), 1_000);
    expect(await store.get('k')).toEqual(record(1));
    clock.advance(999);
    expect(await store.get('k')).toEqual(record(1));
    clock.advance(1);
    expect(await store.get('k')).toBeUndefined();
  });

  it('copies records in and out', async () => {
    const store = new MemoryTokenStore();
    const r = record(1);
    await store.set('k', r, 10_000);
    r.token = 'mutated';
    const got = (await store.get('k')) as TokenRecord;
    expect(got.token).toBe('tok-1');
    got.generation = 99;
    expect((await store.get('k'))?.generation).toBe(1);
  });

  it('deletes on delete() and on a non-positive TTL', async () => {
    const store = new MemoryTokenStore();
    await store.set('k', record(1), 10_000);
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
    await store.set('k', record(1), 10_000);
    await store.set('k', record(2), 0);
    expect(await store.get('k')).toBeUndefined();
  });

  it('is bounded by maxEntries', async () => {
    const store = new MemoryTokenStore({ maxEntries: 10 });
    for (let i = 0; i < 100; i++) await store.set(`k${i}`, record(i), 10_000);
    expect(store.size).toBe(10);
    expect(await store.get('k0')).toBeUndefined();
    expect((await store.get('k99'))?.generation).toBe(99);
  });

  it('lock() gives one holder at a time and release only frees its own lock', async () => {
    const clock = fakeClock();
    const store = new MemoryTokenStore({ clock });
    const release = await store.lock('k', 15_000);
    expect(release).toBeTypeOf('function');
    expect(await store.lock('k', 15_000)).toBeNull();
    expect(await store.lock('other', 15_000)).not.toBeNull();
    await release?.();
    const second = await store.lock('k', 15_000);
    expect(second).not.toBeNull();
    await release?.(); // stale release must not free the second holder's lock
    expect(await store.lock('k', 15_000)).toBeNull();
  });

  it('a lock expires after its TTL', async () => {
    const clock = fakeClock();
    const store = new MemoryTokenStore({ clock });
    await store.lock('k', 100);
    clock.advance(99);
    expect(await store.lock('k', 100)).toBeNull();
    clock.advance(1);
    expect(await store.lock('k', 100)).not.toBeNull();
  });
});
