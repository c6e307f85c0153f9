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
import { notAnIntegerError } from '../errors';

/**
 * KEYS: generation. ARGV: candidate generation, entry prefix, entry suffix, lease token, lease ttl ms.
 * Returns {generation, value or nil, lease state, the entry's PTTL on a hit (else nil),
 * 1 when this lookup found no generation and started the candidate (else 0)}.
 */
export const LOOKUP = `
local generation = redis.call('GET', KEYS[1])
local started = 0
if not generation then
  generation = ARGV[1]
  started = 1
  redis.call('SET', KEYS[1], generation)
end
local entry = ARGV[2] .. generation .. ':' .. ARGV[3]
local value = redis.call('GET', entry)
if value then return {generation, value, 'none', redis.call('PTTL', entry), started} end
local lease = ARGV[2] .. generation .. '!lease:' .. ARGV[3]
if redis.call('SET', lease, ARGV[4], 'NX', 'PX', ARGV[5]) then return {generation, false, 'acquired', false, started} end
return {generation, false, 'held', false, started}
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

/**
 * KEYS: generation, then retirement markers. ARGV: 'always' or 'unless-marked',
 * the markers' TTL in ms. Deletes the generation (always, or unless-marked:
 * only when a marker is missing here, that is when this primary lacks one of
 * those retirements), then writes every marker: the proof, replicated with the
 * deletion, that this history has them, and a write that a WAIT after it
 * covers. Returns the generation it deleted (nil when none).
 */
export const RETIRE = `
local retire = ARGV[1] == 'always'
if not retire then
  for i = 2, #KEYS do
    if redis.call('EXISTS', KEYS[i]) == 0 then retire = true break end
  end
end
local retired = false
if retire then
  retired = redis.call('GET', KEYS[1])
  if retired then redis.call('DEL', KEYS[1]) end
end
for i = 2, #KEYS do redis.call('SET', KEYS[i], '1', 'PX', ARGV[2]) end
return retired
`;

/**
 * RETIRE for a wait on replicas: allowed to run while Redis is out of memory
 * (Redis 7's allow-oom flag), so the markers' tiny SETs are never refused where
 * the DEL alone would have been accepted.
 */
export const RETIRE_ALLOW_OOM = `#!lua flags=allow-oom${RETIRE}`;

/** KEYS: lease. ARGV: token. Deletes the lease only while this token holds it. */
export const RELEASE_LEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * KEYS: key. ARGV: delta. Plain INCRBY would create a missing key; Django's incr must fail instead.
 * INCRBY's refusal of the value (not an integer, or an overflow) comes back as
 * {'not-an-integer', message} rather than as an error reply, so that the store
 * can tell the caller's mistake from a failing Redis (an OOM, say, stays an error).
 * The new value is read back as text: INCRBY's reply becomes a Lua number (a
 * double) in a script, which near 2^63 would come back wrapped to a negative.
 */
export const INCR_EXISTING = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local reply = redis.pcall('INCRBY', KEYS[1], ARGV[1])
if type(reply) == 'table' and reply.err then
  if string.find(reply.err, 'not an integer', 1, true) or string.find(reply.err, 'overflow', 1, true) then
    return {'not-an-integer', reply.err}
  end
  return reply
end
return redis.call('GET', KEYS[1])
`;

/** INCR_EXISTING's reply: the new value, null when the key is absent; throws CacheValueError for a non-integer value. */
export function incrExistingResult(key: string, reply: unknown): number | null {
  if (reply === null || reply === undefined) return null;
  if (Array.isArray(reply)) throw notAnIntegerError(key, String(reply[1]));
  return Number(reply);
}

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
