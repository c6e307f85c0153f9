/**
 * A byte budget for a class of cache entries, shared by every process that
 * uses the same store: at most `maxBytes` of entries admitted over any span
 * of two windows, where a window is the entries' TTL. Every entry alive now
 * was admitted in this window or the last one (none outlives its TTL), so
 * their bytes never exceed the budget, whatever Redis's own maxmemory policy
 * is. Made by `cache.byteBudget(options)`; pass its `admit` to cached()
 * (CachedOptions.admit).
 *
 * It counts what Redis spends on an entry, not just its value: the value's
 * bytes times `overheadFactor` (default 1.25) plus 128 bytes for the key and
 * Redis's own records. Measured with MEMORY USAGE on pages of 10-200 KB,
 * jemalloc's size classes add up to about 22 % to the value (78.1 MB for
 * 62.5 MB of pages), so a budget of N bytes holds the entries to about N.
 *
 * The counters are integer keys under the cache's prefix
 * (`<prefix>:budget:<name>:<window>`, INCRBY, expiring after two windows),
 * kept by the store directly: the budget's bookkeeping emits no cache events
 * of its own (a refused fill does: 'fill', 'not-admitted'). It costs three
 * round trips per admission, on misses only. What a refused fill loads is still served;
 * it is just not kept. A counter counts bytes admitted, not bytes still there
 * (an entry invalidated early still counts until its window ends): the budget
 * errs on the side of storing less, never more.
 */
/** The store steps a budget needs, bounded and guarded like every other store call (cache.ts). */
export interface BudgetCounters {
  /** Creates counter `key` at 0, expiring after ttlSeconds, unless it exists. */
  ensure(key: string, ttlSeconds: number): Promise<void>;
  /** Adds delta to counter `key`; returns its new value. */
  add(key: string, delta: number): Promise<number>;
  /** The counters' values (0 for a missing one). */
  read(keys: readonly string[]): Promise<number[]>;
}

export interface ByteBudgetOptions {
  /** Names the budget's counters (letters, digits, - and _). */
  name: string;
  maxBytes: number;
  /** The TTL of the entries it admits, in seconds: one window. */
  windowSeconds: number;
  /** What Redis spends per byte of value (see above); default 1.25. */
  overheadFactor?: number;
  /** ms since the epoch; default Date.now. */
  now?: () => number;
}

export interface ByteBudget {
  /** Admits an entry of `bytes` (its serialized value) when the budget has room for it, counting it; else refuses and counts nothing. */
  admit(bytes: number): Promise<boolean>;
  /** Bytes admitted in this window and the last: an upper bound of what admitted entries take now. */
  used(): Promise<number>;
}

/** A key, its expiry and Redis's record of it. */
const ENTRY_OVERHEAD_BYTES = 128;

export function createByteBudget(counters: BudgetCounters, options: ByteBudgetOptions): ByteBudget {
  const { name, maxBytes, windowSeconds } = options;
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new RangeError(`byte budget name must be letters, digits, - or _, got ${JSON.stringify(name)}`);
  if (!(maxBytes > 0) || !(windowSeconds > 0)) throw new RangeError('byte budget maxBytes and windowSeconds must be positive');
  const now = options.now ?? Date.now;
  const counterTtlSeconds = windowSeconds * 2 + 60;
  const overheadFactor = options.overheadFactor ?? 1.25;
  const footprint = (bytes: number) => Math.ceil(bytes * overheadFactor) + ENTRY_OVERHEAD_BYTES;
  const windowKeys = () => {
    const window = Math.floor(now() / 1000 / windowSeconds);
    return { current: `${name}:${window}`, previous: `${name}:${window - 1}` };
  };

  async function used(): Promise<number> {
    const { current, previous } = windowKeys();
    const [inThisWindow = 0, inTheLast = 0] = await counters.read([current, previous]);
    return inThisWindow + inTheLast;
  }

  return {
    used,
    async admit(valueBytes) {
      const bytes = footprint(valueBytes);
      if (bytes > maxBytes) return false;
      const { current, previous } = windowKeys();
      await counters.ensure(current, counterTtlSeconds);
      const admittedNow = await counters.add(current, bytes);
      const [admittedBefore = 0] = await counters.read([previous]);
      if (admittedNow + admittedBefore <= maxBytes) return true;
      await counters.add(current, -bytes).catch(() => undefined);
      return false;
    },
  };
}
