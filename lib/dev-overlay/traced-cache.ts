/**
 * The app's cache as the overlay sees it (development only): each call runs
 * in its own trace (call-trace.ts) holding where it was called from and the
 * value it read or wrote, and a read of a low-level key also notes the key's
 * remaining TTL (one extra, hidden TTL read). Behaviour is unchanged.
 */
import type { Cache } from '@/lib/cache';
import { captureFrames } from './call-site';
import { runTraced, type CallTrace } from './call-trace';

type Method = (...args: unknown[]) => Promise<unknown>;

/** Methods whose result is the value the call read. */
const READS = new Set(['get', 'getMany', 'getOrSet', 'cached']);
/** Methods whose second argument (first for setMany) is the value written. */
const WRITES: Record<string, number> = { set: 1, add: 1, setMany: 0 };
const TRACED = ['get', 'set', 'add', 'delete', 'getOrSet', 'getMany', 'setMany', 'touch', 'incr', 'decr', 'clear', 'hasKey', 'deleteMany', 'incrVersion', 'decrVersion', 'ttl', 'keys', 'cached', 'invalidate'] as const;

/** Reads the key's TTL after a hit of get/getOrSet (key first, options third), outside the request's visible events. */
async function noteRemainingTtl(cache: Cache, trace: CallTrace, args: unknown[]) {
  const [key, , options] = args as [string, unknown, { version?: number } | undefined];
  trace.remainingTtlSeconds = await runTraced({ frames: [], internal: true }, () => cache.ttl(key, options));
}

export function tracedCache(cache: Cache): Cache {
  const traced: Record<string, unknown> = { ...cache };
  for (const name of TRACED) {
    const method = (cache[name] as Method).bind(cache);
    traced[name] = (...args: unknown[]) => {
      // Each call its own trace, also inside another's (a render inside the page cache's fill).
      const trace: CallTrace = { frames: captureFrames() };
      if (name in WRITES) trace.value = { value: args[WRITES[name]!] };
      return runTraced(trace, async () => {
        const result = await method(...args);
        if (READS.has(name)) trace.value = { value: result };
        if ((name === 'get' || name === 'getOrSet') && result !== undefined) await noteRemainingTtl(cache, trace, args).catch(() => undefined);
        return result;
      });
    };
  }
  return traced as unknown as Cache;
}
