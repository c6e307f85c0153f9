/**
 * Django's low-level cache API (get/set/add/delete/get_or_set/get_many/
 * set_many/touch/incr/decr/clear) over a CacheStore. Failure policy: types.ts.
 */
import { CacheKeyMissingError, CacheStoreError } from './errors';
import type { CacheEventEmitter } from './events';
import { dataKey, ownedKeysPrefix } from './keys';
import { byteSize, deserialize, serialize } from './serialize';
import type { CacheStore } from './store';
import type { StoreCall } from './store-call';
import { planTtl } from './ttl';
import type { Cache, CallOptions, VersionOption } from './types';

export interface LowLevelContext {
  store: CacheStore;
  prefix: string;
  version: number;
  defaultTtlSeconds: number | null;
  events: CacheEventEmitter;
  call: StoreCall;
}

export type LowLevelApi = Pick<
  Cache,
  'get' | 'set' | 'add' | 'delete' | 'getOrSet' | 'getMany' | 'setMany' | 'touch' | 'incr' | 'decr' | 'clear'
>;

interface Found {
  value: unknown;
  bytes: number;
}

const MISSING: unique symbol = Symbol('missing');

/** Decoding runs inside the store call, so a corrupt value is reported like a store failure. */
function decodeFound(text: string | null): Found | null {
  return text === null ? null : { value: deserialize(text), bytes: byteSize(text) };
}

export function createLowLevelApi(context: LowLevelContext): LowLevelApi {
  const { store, prefix, events, call } = context;
  const storedKeyOf = (key: string, options?: VersionOption) => dataKey(prefix, options?.version ?? context.version, key);
  const planFor = (options?: CallOptions) => planTtl(options?.ttl, context.defaultTtlSeconds);

  async function get(key: string, fallback?: unknown, options?: VersionOption): Promise<unknown> {
    const storedKey = storedKeyOf(key, options);
    const startedAt = performance.now();
    let found: Found | null;
    try {
      found = await call('get', { key, storedKey }, async () => decodeFound(await store.get(storedKey)));
    } catch {
      return fallback;
    }
    events.emit({ op: 'get', key, storedKey, startedAt, result: found ? 'hit' : 'miss', bytes: found?.bytes });
    return found ? found.value : fallback;
  }

  async function set(key: string, value: unknown, options?: CallOptions): Promise<boolean> {
    const storedKey = storedKeyOf(key, options);
    const plan = planFor(options);
    const startedAt = performance.now();
    try {
      if (plan.kind === 'expired') {
        // Django: a timeout <= 0 means "expire now", so the old value must go too.
        await call('set', { key, storedKey }, () => store.delete([storedKey]));
        events.emit({ op: 'set', key, storedKey, startedAt, result: 'ok', ttlSeconds: plan.seconds });
        return false;
      }
      const { text, bytes } = serialize(value);
      await call('set', { key, storedKey }, () => store.set(storedKey, text, plan.ms));
      events.emit({ op: 'set', key, storedKey, startedAt, result: 'stored', bytes, ttlSeconds: plan.seconds });
      return true;
    } catch (error) {
      if (isStoreFailure(error)) return false;
      throw error;
    }
  }

  /** add() with the reason it did not store, so getOrSet re-reads only when someone else won. */
  async function addWithOutcome(key: string, value: unknown, options?: CallOptions): Promise<'stored' | 'exists' | 'not-stored'> {
    const storedKey = storedKeyOf(key, options);
    const plan = planFor(options);
    if (plan.kind === 'expired') return 'not-stored';
    const { text, bytes } = serialize(value);
    const startedAt = performance.now();
    let stored: boolean;
    try {
      stored = await call('add', { key, storedKey }, () => store.setIfAbsent(storedKey, text, plan.ms));
    } catch {
      return 'not-stored';
    }
    events.emit({ op: 'add', key, storedKey, startedAt, result: stored ? 'stored' : 'hit', bytes, ttlSeconds: plan.seconds });
    return stored ? 'stored' : 'exists';
  }

  async function add(key: string, value: unknown, options?: CallOptions): Promise<boolean> {
    return (await addWithOutcome(key, value, options)) === 'stored';
  }

  async function remove(key: string, options?: VersionOption): Promise<boolean> {
    const storedKey = storedKeyOf(key, options);
    const startedAt = performance.now();
    try {
      const removed = await call('delete', { key, storedKey }, () => store.delete([storedKey]));
      events.emit({ op: 'delete', key, storedKey, startedAt, result: removed > 0 ? 'hit' : 'miss' });
      return removed > 0;
    } catch {
      return false;
    }
  }

  async function getOrSet<T>(key: string, valueOrLoader: T | (() => T | Promise<T>), options?: CallOptions): Promise<T> {
    const existing = await get(key, MISSING, options);
    if (existing !== MISSING) return existing as T;
    const value = typeof valueOrLoader === 'function' ? await (valueOrLoader as () => T | Promise<T>)() : valueOrLoader;
    const outcome = await addWithOutcome(key, value, options);
    // As Django: another caller added first, so return what everybody else now sees.
    return outcome === 'exists' ? ((await get(key, value, options)) as T) : value;
  }

  async function getMany<T>(keys: readonly string[], options?: VersionOption): Promise<Record<string, T>> {
    const storedKeys = keys.map((key) => storedKeyOf(key, options));
    const label = keys.join(' ');
    const startedAt = performance.now();
    let found: (Found | null)[];
    try {
      found = await call('getMany', { key: label }, async () => (await store.getMany(storedKeys)).map(decodeFound));
    } catch {
      return {};
    }
    const result: Record<string, T> = {};
    let bytes = 0;
    found.forEach((entry, index) => {
      const key = keys[index];
      if (entry === null || key === undefined) return;
      result[key] = entry.value as T;
      bytes += entry.bytes;
    });
    const allFound = found.every((entry) => entry !== null);
    events.emit({ op: 'getMany', key: label, startedAt, result: allFound ? 'hit' : 'miss', bytes });
    return result;
  }

  async function setMany(values: Record<string, unknown>, options?: CallOptions): Promise<string[]> {
    const keys = Object.keys(values);
    const plan = planFor(options);
    const label = keys.join(' ');
    const startedAt = performance.now();
    try {
      if (plan.kind === 'expired') {
        await call('setMany', { key: label }, () => store.delete(keys.map((key) => storedKeyOf(key, options))));
        events.emit({ op: 'setMany', key: label, startedAt, result: 'ok', ttlSeconds: plan.seconds });
        return [];
      }
      const serialized = keys.map((key) => [storedKeyOf(key, options), serialize(values[key])] as const);
      const pairs = serialized.map(([storedKey, { text }]) => [storedKey, text] as const);
      await call('setMany', { key: label }, () => store.setMany(pairs, plan.ms));
      const bytes = serialized.reduce((sum, [, { bytes: size }]) => sum + size, 0);
      events.emit({ op: 'setMany', key: label, startedAt, result: 'stored', bytes, ttlSeconds: plan.seconds });
      return [];
    } catch (error) {
      if (isStoreFailure(error)) return keys;
      throw error;
    }
  }

  async function touch(key: string, options?: CallOptions): Promise<boolean> {
    const storedKey = storedKeyOf(key, options);
    const plan = planFor(options);
    const startedAt = performance.now();
    try {
      const existed =
        plan.kind === 'expired'
          ? (await call('touch', { key, storedKey }, () => store.delete([storedKey]))) > 0
          : await call('touch', { key, storedKey }, () => store.touch(storedKey, plan.ms));
      events.emit({ op: 'touch', key, storedKey, startedAt, result: existed ? 'hit' : 'miss', ttlSeconds: plan.seconds });
      return existed;
    } catch {
      return false;
    }
  }

  /** Store failures propagate here on purpose (see types.ts): a counter must not silently skip. */
  async function increment(op: 'incr' | 'decr', key: string, delta: number, options?: VersionOption): Promise<number> {
    if (!Number.isSafeInteger(delta)) throw new TypeError(`cache ${op} delta must be an integer, got ${delta}`);
    const storedKey = storedKeyOf(key, options);
    const startedAt = performance.now();
    const signedDelta = op === 'incr' ? delta : -delta;
    const next = await call(op, { key, storedKey }, () => store.incrBy(storedKey, signedDelta));
    events.emit({ op, key, storedKey, startedAt, result: next === null ? 'miss' : 'ok' });
    if (next === null) throw new CacheKeyMissingError(key);
    return next;
  }

  async function clear(): Promise<number> {
    const owned = ownedKeysPrefix(prefix);
    const startedAt = performance.now();
    try {
      const removed = await call('clear', { key: `${owned}*` }, () => store.deleteByPrefix(owned));
      events.emit({ op: 'clear', key: `${owned}*`, startedAt, result: 'ok' });
      return removed;
    } catch {
      return 0;
    }
  }

  return {
    get: get as LowLevelApi['get'],
    set,
    add,
    delete: remove,
    getOrSet,
    getMany,
    setMany,
    touch,
    incr: (key, delta = 1, options) => increment('incr', key, delta, options),
    decr: (key, delta = 1, options) => increment('decr', key, delta, options),
    clear,
  };
}

/** Store failures are swallowed; anything else (a value superjson cannot encode) is the caller's bug. */
function isStoreFailure(error: unknown): boolean {
  return error instanceof CacheStoreError;
}
