/**
 * The Lua scripts that make the Upstash store's multi-step operations atomic.
 * Redis runs a script without interleaving any other command, which is what
 * makes the generation check and the write in FILL one indivisible step.
 *
 * LOOKUP computes the entry and lease keys from the generation it reads, so it
 * touches keys not declared in KEYS: fine on a single Redis (and Upstash), not
 * on Redis Cluster. The key layout mirrors keys.ts entryKey/leaseKey.
 *
 * Lua `false` becomes a nil reply, also inside an array (a Lua nil would cut
 * the array short).
 */

/**
 * KEYS: generation. ARGV: candidate generation, entry prefix, entry suffix, lease token, lease ttl ms.
 * Returns {generation, value or nil, lease state, the entry's PTTL on a hit}.
 */
export const LOOKUP = `
local generation = redis.call('GET', KEYS[1])
if not generation then
  generation = ARGV[1]
  redis.call('SET', KEYS[1], generation)
end
local entry = ARGV[2] .. generation .. ':' .. ARGV[3]
local value = redis.call('GET', entry)
if value then return {generation, value, 'none', redis.call('PTTL', entry)} end
local lease = ARGV[2] .. generation .. '!lease:' .. ARGV[3]
if redis.call('SET', lease, ARGV[4], 'NX', 'PX', ARGV[5]) then return {generation, false, 'acquired'} end
return {generation, false, 'held'}
`;

/** KEYS: generation, entry, lease. ARGV: expected generation, value, ttl ms ('' = forever), lease token ('' = none). */
export const FILL = `
local outcome = 'stale'
if redis.call('GET', KEYS[1]) == ARGV[1] then
  if ARGV[3] == '' then
    redis.call('SET', KEYS[2], ARGV[2])
  else
    redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
  end
  outcome = 'stored'
end
if ARGV[4] ~= '' and redis.call('GET', KEYS[3]) == ARGV[4] then redis.call('DEL', KEYS[3]) end
return outcome
`;

/** KEYS: lease. ARGV: token. Deletes the lease only while this token holds it. */
export const RELEASE_LEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** KEYS: key. ARGV: delta. Plain INCRBY would create a missing key; Django's incr must fail instead. */
export const INCR_EXISTING = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
return redis.call('INCRBY', KEYS[1], ARGV[1])
`;

/**
 * KEYS: key. ARGV: ttl ms ('' = forever). PERSIST alone answers 0 for a key
 * that exists without a TTL, but touch must report whether the key exists.
 */
export const TOUCH = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[1] == '' then redis.call('PERSIST', KEYS[1]) else redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return 1
`;

/** A plain PTTL reply: -2 = no such key, -1 = it never expires, else ms left. */
export function ttlFromPttl(pttl: number): number | null | undefined {
  if (pttl === -2) return undefined;
  return pttl < 0 ? null : pttl;
}
