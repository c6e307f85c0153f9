/**
 * How both Redis stores (native and Upstash) talk to the scripts of
 * lua-scripts.ts: the keys and arguments each script takes, and what its
 * reply means. One codec, so the two stores cannot drift apart; each store
 * only sends (EVALSHA through ioredis, or a REST call) and decodes its own
 * client's value type.
 */
import { entryKey, leaseKey } from '../keys';
import type { FillRequest, LookupRequest, LookupResult, RetireRequest } from '../store';

/** A script call: its KEYS and ARGV, as strings. */
export interface ScriptCall {
  keys: string[];
  args: string[];
}

/** A TTL as the scripts take it: milliseconds, or '' for "never expires". */
export const ttlArgument = (ttlMs: number | null): string => (ttlMs === null ? '' : String(ttlMs));

/** LOOKUP's KEYS and ARGV for `request`. */
export function lookupCall(request: LookupRequest): ScriptCall {
  return {
    keys: [request.generationKey],
    args: [request.candidateGeneration, request.entryPrefix, request.entrySuffix, request.leaseToken, String(request.leaseTtlMs)],
  };
}

/**
 * LOOKUP's reply, {generation, value or nil, lease state, PTTL on a hit,
 * 1 when it started the generation}, as a LookupResult. `value` is the
 * store's own decoding of the entry (its client's reply type).
 */
export function lookupResult(request: LookupRequest, reply: readonly unknown[], value: string | null): LookupResult {
  const [generation, , lease, pttl, started] = reply as [string, unknown, LookupResult['lease'], number | string | null | undefined, number | string];
  return {
    generation,
    entryKey: entryKey(request.entryPrefix, generation, request.entrySuffix),
    leaseKey: leaseKey(request.entryPrefix, generation, request.entrySuffix),
    value,
    lease,
    valueTtlMs: valueTtl(pttl),
    generationStarted: Number(started) === 1,
  };
}

/** The PTTL inside LOOKUP's reply: -1 = never expires; absent on a miss (the store then assumes the read's TTL). */
function valueTtl(pttl: number | string | null | undefined): number | null | undefined {
  if (pttl === undefined || pttl === null) return undefined;
  const ms = Number(pttl);
  return ms < 0 ? null : ms;
}

/** FILL's KEYS and ARGV for `request`. */
export function fillCall(request: FillRequest): ScriptCall {
  return {
    keys: [request.generationKey, request.entryKey, request.leaseKey],
    args: [request.generation, request.value, ttlArgument(request.ttlMs), request.leaseToken ?? ''],
  };
}

/** FILL's reply: 'stored', or 'stale' (the generation moved while the value was loading). */
export const fillOutcome = (reply: unknown): 'stored' | 'stale' => (reply === 'stored' ? 'stored' : 'stale');

/** RETIRE's KEYS and ARGV for `request`. */
export function retireCall(request: RetireRequest): ScriptCall {
  return {
    keys: [request.generationKey, ...request.markerKeys],
    args: [request.unlessMarked ? 'unless-marked' : 'always', String(request.markerTtlMs)],
  };
}

/** RETIRE's reply: the generation it deleted, or null. */
export const retiredGeneration = (reply: unknown): string | null => (typeof reply === 'string' ? reply : null);
