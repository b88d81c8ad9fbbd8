// The Lua scripts of the renewal lock (docs/ARCHITECTURE.md §4: `lock(key, ttlMs)` returns a
// release function, or `null` when another holder has the lock). Each runs atomically in Redis.

/**
 * `SET NX PX`; a lock without a TTL (stale or foreign) is given ours, so the wait for it is bounded.
 * KEYS[1] = lock key, ARGV[1] = our unique value, ARGV[2] = TTL in ms. Returns `'OK'` when taken.
 */
export const TAKE_LOCK_SCRIPT = `if redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then
  return 'OK'
end
if redis.call('pttl', KEYS[1]) == -1 then
  redis.call('pexpire', KEYS[1], ARGV[2])
end
return false`;

/**
 * Compare-and-delete: removes the lock only while it still holds our value, so a holder whose lock
 * expired (and was taken by another process) cannot release the new holder's lock.
 * KEYS[1] = lock key, ARGV[1] = our unique value. Returns the number of keys deleted (0 or 1).
 */
export const RELEASE_LOCK_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0`;
