/**
 * Django's low-level cache API (get/set/add/delete/get_or_set/get_many/
 * set_many/touch/incr/decr/clear) over a CacheStore. Failure policy: types.ts.
 *
 * Values are encoded before the store call and decoded after it
 * (cache-values.ts), so a value that cannot be stored or decoded is the
 * caller's CacheValueError and never reaches the store-failure path. As in
 * Django, a value is encoded even when a ttl <= 0 means nothing is stored:
 * a bad value fails the same way whatever the timeout.
 */
import { decodeValue, encodeValue, type Decoded } from './cache-values';
import { CacheKeyMissingError, CacheValueError, describeError } from './errors';
import type { CacheEventDraft, CacheEventEmitter } from './events';
import { dataKey, ownedKeysPrefix } from './keys';
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

const MISSING: unique symbol = Symbol('missing');

export function createLowLevelApi(context: LowLevelContext): LowLevelApi {
  const { store, prefix, events, call } = context;
  const storedKeyOf = (key: string, options?: VersionOption) => dataKey(prefix, options?.version ?? context.version, key);
  const planFor = (options?: CallOptions) => planTtl(options?.ttl, context.defaultTtlSeconds);

  /** decodeValue, with an 'undecodable' event (about the store read `event` describes) before its CacheValueError propagates. */
  function decodeOrReport(operation: string, key: string, text: string, event: Pick<CacheEventDraft, 'op' | 'key' | 'storedKey' | 'startedAt'>): Decoded {
    try {
      return decodeValue(operation, key, text);
    } catch (error) {
      events.emit({ ...event, result: 'undecodable', error: describeError(error) });
      throw error;
    }
  }

  /** get() on behalf of `operation` (get, or getOrSet's reads): the fallback on a miss or a store failure. */
  async function getAs(operation: string, key: string, fallback: unknown, options?: VersionOption): Promise<unknown> {
    const storedKey = storedKeyOf(key, options);
    const startedAt = performance.now();
    let text: string | null;
    try {
      text = await call('get', { key, storedKey }, () => store.get(storedKey));
    } catch {
      return fallback;
    }
    const found = text === null ? null : decodeOrReport(operation, key, text, { op: 'get', key, storedKey, startedAt });
    events.emit({ op: 'get', key, storedKey, startedAt, result: found ? 'hit' : 'miss', bytes: found?.bytes });
    return found ? found.value : fallback;
  }

  async function set(key: string, value: unknown, options?: CallOptions): Promise<boolean> {
    const storedKey = storedKeyOf(key, options);
    const plan = planFor(options);
    const { text, bytes } = encodeValue('set', key, value);
    const startedAt = performance.now();
    try {
      if (plan.kind === 'expired') {
        // Django: a timeout <= 0 means "expire now", so the old value must go too.
        await call('set', { key, storedKey }, () => store.delete([storedKey]));
        events.emit({ op: 'set', key, storedKey, startedAt, result: 'ok', ttlSeconds: plan.seconds });
        return false;
      }
      await call('set', { key, storedKey }, () => store.set(storedKey, text, plan.ms));
    } catch {
      return false;
    }
    events.emit({ op: 'set', key, storedKey, startedAt, result: 'stored', bytes, ttlSeconds: plan.seconds });
    return true;
  }

  /** add() with the reason it did not store, so getOrSet re-reads only when someone else won. */
  async function addWithOutcome(operation: string, key: string, value: unknown, options?: CallOptions): Promise<'stored' | 'exists' | 'not-stored'> {
    const storedKey = storedKeyOf(key, options);
    const plan = planFor(options);
    const { text, bytes } = encodeValue(operation, key, value);
    if (plan.kind === 'expired') return 'not-stored';
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
    return (await addWithOutcome('add', key, value, options)) === 'stored';
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
    const existing = await getAs('getOrSet', key, MISSING, options);
    if (existing !== MISSING) return existing as T;
    const value = typeof valueOrLoader === 'function' ? await (valueOrLoader as () => T | Promise<T>)() : valueOrLoader;
    const outcome = await addWithOutcome('getOrSet', key, value, options);
    // As Django: another caller added first, so return what everybody else now sees.
    return outcome === 'exists' ? ((await getAs('getOrSet', key, value, options)) as T) : value;
  }

  async function getMany<T>(keys: readonly string[], options?: VersionOption): Promise<Record<string, T>> {
    const storedKeys = keys.map((key) => storedKeyOf(key, options));
    const label = keys.join(' ');
    const startedAt = performance.now();
    let texts: (string | null)[];
    try {
      texts = await call('getMany', { key: label }, () => store.getMany(storedKeys));
    } catch {
      return {};
    }
    const result: Record<string, T> = {};
    let bytes = 0;
    keys.forEach((key, index) => {
      const text = texts[index] ?? null;
      if (text === null) return;
      const found = decodeOrReport('getMany', key, text, { op: 'getMany', key: label, startedAt });
      result[key] = found.value as T;
      bytes += found.bytes;
    });
    const allFound = texts.every((text) => text !== null);
    events.emit({ op: 'getMany', key: label, startedAt, result: allFound ? 'hit' : 'miss', bytes });
    return result;
  }

  async function setMany(values: Record<string, unknown>, options?: CallOptions): Promise<string[]> {
    const keys = Object.keys(values);
    const plan = planFor(options);
    const label = keys.join(' ');
    // Every value first: one that cannot be stored refuses the whole batch, and nothing is stored.
    const encoded = keys.map((key) => [storedKeyOf(key, options), encodeValue('setMany', key, values[key])] as const);
    const startedAt = performance.now();
    try {
      if (plan.kind === 'expired') {
        await call('setMany', { key: label }, () => store.delete(encoded.map(([storedKey]) => storedKey)));
        events.emit({ op: 'setMany', key: label, startedAt, result: 'ok', ttlSeconds: plan.seconds });
        return [];
      }
      await call('setMany', { key: label }, () => store.setMany(encoded.map(([storedKey, { text }]) => [storedKey, text] as const), plan.ms));
    } catch {
      return keys;
    }
    const bytes = encoded.reduce((sum, [, { bytes: size }]) => sum + size, 0);
    events.emit({ op: 'setMany', key: label, startedAt, result: 'stored', bytes, ttlSeconds: plan.seconds });
    return [];
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

  /**
   * Store failures propagate here on purpose (see types.ts): a counter must not
   * silently skip. A value that is not an integer throws CacheValueError (Django
   * raises too); the store named its stored key, the caller gets theirs.
   */
  async function increment(op: 'incr' | 'decr', key: string, delta: number, options?: VersionOption): Promise<number> {
    if (!Number.isSafeInteger(delta)) throw new TypeError(`cache ${op} delta must be an integer, got ${delta}`);
    const storedKey = storedKeyOf(key, options);
    const startedAt = performance.now();
    const signedDelta = op === 'incr' ? delta : -delta;
    let next: number | null;
    try {
      next = await call(op, { key, storedKey }, () => store.incrBy(storedKey, signedDelta));
    } catch (error) {
      if (error instanceof CacheValueError) throw new CacheValueError(op, key, error.reason, { cause: error });
      throw error;
    }
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
    get: ((key: string, fallback?: unknown, options?: VersionOption) => getAs('get', key, fallback, options)) as LowLevelApi['get'],
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
