/**
 * Django's own cache-backend tests (BaseCacheTests in django/tests/cache/tests.py),
 * ported to this API and run on every store through runCacheContract. Each
 * test is named after the Django test it follows. Where the library differs on
 * purpose (lib/cache/README.md, "Where this differs from Django, and why"), the
 * test pins our behaviour and its comment says so.
 *
 * Timeouts are checked through ttl(), never by sleeping: on a real Redis a
 * sleep is real, and a noisy machine must not decide a test.
 */
import { describe, expect, it } from 'vitest';
import { CacheKeyMissingError, CacheValueError } from '../errors';
import type { CacheStore } from '../store';
import type { ContractContext } from './contract-context';
import { switchableStore } from './switchable-store';

const THIRTY_DAYS = 60 * 60 * 24 * 30;

export function describeDjangoBaseCacheTests(context: ContractContext): void {
  describe("Django's BaseCacheTests: reads and writes", () => {
    it('test_simple: a value set is read back', async () => {
      const { cache } = context;
      await cache.set('key', 'value');
      expect(await cache.get('key')).toBe('value');
    });

    it('test_default_used_when_none_is_set: a stored null is returned, not the default', async () => {
      const { cache } = context;
      await cache.set('key_default_none', null);
      expect(await cache.get('key_default_none', 'default')).toBeNull();
    });

    it('test_add: add stores only when the key is absent', async () => {
      const { cache } = context;
      expect(await cache.add('addkey1', 'value')).toBe(true);
      expect(await cache.add('addkey1', 'newvalue')).toBe(false);
      expect(await cache.get('addkey1')).toBe('value');
    });

    it('test_prefix: caches with different prefixes do not see each other', async () => {
      const { cache, cacheOn, harness } = context;
      const prefixed = cacheOn({ prefix: `${harness.prefix}-other` });
      await cache.set('somekey', 'value');
      expect(await prefixed.hasKey('somekey')).toBe(false);
      await prefixed.set('somekey', 'value2');
      expect(await cache.get('somekey')).toBe('value');
      expect(await prefixed.get('somekey')).toBe('value2');
    });

    it('test_non_existent: a missing key reads as undefined, or the default given', async () => {
      const { cache } = context;
      expect(await cache.get('does_not_exist')).toBeUndefined();
      expect(await cache.get('does_not_exist', 'bang!')).toBe('bang!');
    });

    it('test_get_many: only the keys that were found', async () => {
      const { cache } = context;
      await cache.setMany({ a: 'a', b: 'b', c: 'c', d: 'd' });
      expect(await cache.getMany(['a', 'c', 'd'])).toEqual({ a: 'a', c: 'c', d: 'd' });
      expect(await cache.getMany(['a', 'b', 'e'])).toEqual({ a: 'a', b: 'b' });
      expect(await cache.getMany(['a', 'a'])).toEqual({ a: 'a' });
    });

    it('test_delete / test_delete_nonexistent: true when the key existed; other keys stay', async () => {
      const { cache } = context;
      await cache.setMany({ key1: 'spam', key2: 'eggs' });
      expect(await cache.delete('key1')).toBe(true);
      expect(await cache.get('key1')).toBeUndefined();
      expect(await cache.get('key2')).toBe('eggs');
      expect(await cache.delete('nonexistent_key')).toBe(false);
    });

    it('test_has_key / test_in: true for a stored key, also when its value is null or never expires', async () => {
      const { cache } = context;
      await cache.set('hello1', 'goodbye1');
      expect(await cache.hasKey('hello1')).toBe(true);
      expect(await cache.hasKey('goodbye1')).toBe(false);
      await cache.set('no_expiry', 'here', { ttl: null });
      expect(await cache.hasKey('no_expiry')).toBe(true);
      await cache.set('null', null);
      expect(await cache.hasKey('null')).toBe(true);
    });

    it('test_incr: adds to an integer; a missing key throws and is not created; null is not a number', async () => {
      const { cache } = context;
      await cache.set('answer', 41);
      expect(await cache.incr('answer')).toBe(42);
      expect(await cache.get('answer')).toBe(42);
      expect(await cache.incr('answer', 10)).toBe(52);
      expect(await cache.incr('answer', -10)).toBe(42);
      await expect(cache.incr('does_not_exist')).rejects.toBeInstanceOf(CacheKeyMissingError);
      await expect(cache.incr('does_not_exist', -1)).rejects.toBeInstanceOf(CacheKeyMissingError);
      expect(await cache.hasKey('does_not_exist')).toBe(false);
      await cache.set('null', null);
      // Django raises TypeError here; ours is CacheValueError, the value stays.
      await expect(cache.incr('null')).rejects.toBeInstanceOf(CacheValueError);
      expect(await cache.get('null', 'default')).toBeNull();
    });

    it('test_decr: subtracts from an integer; a missing key throws; null is not a number', async () => {
      const { cache } = context;
      await cache.set('answer', 43);
      expect(await cache.decr('answer')).toBe(42);
      expect(await cache.get('answer')).toBe(42);
      expect(await cache.decr('answer', 10)).toBe(32);
      expect(await cache.decr('answer', -10)).toBe(42);
      await expect(cache.decr('does_not_exist')).rejects.toBeInstanceOf(CacheKeyMissingError);
      await cache.set('null', null);
      await expect(cache.decr('null')).rejects.toBeInstanceOf(CacheValueError);
    });

    it('test_set_many / test_set_many_empty_data: nothing failed, so no keys come back', async () => {
      const { cache } = context;
      expect(await cache.setMany({ key1: 'spam', key2: 'eggs' })).toEqual([]);
      expect(await cache.get('key1')).toBe('spam');
      expect(await cache.get('key2')).toBe('eggs');
      expect(await cache.setMany({})).toEqual([]);
    });

    it('test_set_many_returns_failing_keys: every key, when the store fails (a batch is all-or-nothing)', async () => {
      const { cacheOn, harness } = context;
      const switchable = switchableStore(harness.store);
      const cache = cacheOn({ store: switchable.store, circuitBreaker: false });
      switchable.cut();
      expect(await cache.setMany({ key: 'value', key2: 'value2' })).toEqual(['key', 'key2']);
      switchable.restore();
      expect(await cache.getMany(['key', 'key2'])).toEqual({});
    });

    it('test_delete_many / test_delete_many_no_keys: removes the listed keys only (ours counts them)', async () => {
      const { cache } = context;
      await cache.setMany({ a: 1, b: 2, c: 3 });
      expect(await cache.deleteMany(['a', 'b'])).toBe(2);
      expect(await cache.getMany(['a', 'b', 'c'])).toEqual({ c: 3 });
      expect(await cache.deleteMany([])).toBe(0);
    });

    it("test_clear: every key of this cache is gone (ours: this prefix only, never FLUSHDB)", async () => {
      const { cache } = context;
      await cache.setMany({ key1: 'spam', key2: 'eggs' });
      await cache.clear();
      expect(await cache.getMany(['key1', 'key2'])).toEqual({});
    });

    it('test_close: close releases the store, and later calls work as before (Django closes after every request)', async () => {
      const { cache } = context;
      await cache.set('before', 'value');
      await cache.close();
      expect(await cache.get('before')).toBe('value');
      expect(await cache.set('after', 'value')).toBe(true);
      await cache.close();
      await cache.close();
      expect(await cache.hasKey('after')).toBe(true);
      await cache.close();
      expect(await cache.clear()).toBeGreaterThanOrEqual(2);
      expect(await cache.keys()).toEqual([]);
      await cache.close();
      await cache.ping();
      expect(cache.circuitState()).toBe('closed');
    });

    it('test_get_or_set: stores the default on a miss, a stored null included', async () => {
      const { cache } = context;
      expect(await cache.get('projector')).toBeUndefined();
      expect(await cache.getOrSet('projector', 42)).toBe(42);
      expect(await cache.get('projector')).toBe(42);
      expect(await cache.getOrSet('null', null)).toBeNull();
      // The previous getOrSet stored null: it is returned, not the default.
      expect(await cache.get('null', 'default')).toBeNull();
    });

    it('test_get_or_set_callable: a function is called on a miss only', async () => {
      const { cache } = context;
      const myCallable = () => 'value';
      expect(await cache.getOrSet('mykey', myCallable)).toBe('value');
      expect(await cache.getOrSet('mykey', () => 'other')).toBe('value');
      expect(await cache.getOrSet('null', () => null)).toBeNull();
      expect(await cache.get('null', 'default')).toBeNull();
    });

    it('test_get_or_set_version: each version has its own value', async () => {
      const { cache } = context;
      expect(await cache.getOrSet('brian', 1979, { version: 2 })).toBe(1979);
      expect(await cache.get('brian', undefined, { version: 1 })).toBeUndefined();
      expect(await cache.getOrSet('brian', 42, { version: 1 })).toBe(42);
      expect(await cache.getOrSet('brian', 1979, { version: 2 })).toBe(1979);
      expect(await cache.get('brian', undefined, { version: 3 })).toBeUndefined();
    });

    it('test_get_or_set_racing: when add reports another writer, the value read back (or ours) is returned', async () => {
      const { cacheOn, harness } = context;
      // As Django's mock: add() says "someone else stored it", but nothing is there.
      const lostRace: CacheStore = { ...harness.store, setIfAbsent: async () => false };
      expect(await cacheOn({ store: lostRace }).getOrSet('key', 'default')).toBe('default');
    });
  });

  describe("Django's BaseCacheTests: timeouts", () => {
    it('test_long_timeout: more than 30 days is a duration, not a date (a memcached quirk)', async () => {
      const { cache } = context;
      await cache.set('key1', 'eggs', { ttl: THIRTY_DAYS + 1 });
      expect(await cache.get('key1')).toBe('eggs');
      expect(await cache.ttl('key1')).toBeGreaterThan(THIRTY_DAYS - 60);
      expect(await cache.add('key2', 'ham', { ttl: THIRTY_DAYS + 1 })).toBe(true);
      await cache.setMany({ key3: 'sausage', key4: 'lobster bisque' }, { ttl: THIRTY_DAYS + 1 });
      expect(await cache.getMany(['key2', 'key3', 'key4'])).toEqual({ key2: 'ham', key3: 'sausage', key4: 'lobster bisque' });
    });

    it('test_forever_timeout: null never expires, for set, add, setMany and touch', async () => {
      const { cache } = context;
      await cache.set('key1', 'eggs', { ttl: null });
      expect(await cache.add('key2', 'ham', { ttl: null })).toBe(true);
      expect(await cache.add('key1', 'new eggs', { ttl: null })).toBe(false);
      expect(await cache.get('key1')).toBe('eggs');
      await cache.setMany({ key3: 'sausage', key4: 'lobster bisque' }, { ttl: null });
      await cache.set('key5', 'belgian fries', { ttl: 60 });
      expect(await cache.touch('key5', { ttl: null })).toBe(true);
      for (const key of ['key1', 'key2', 'key3', 'key4', 'key5']) expect(await cache.ttl(key)).toBeNull();
    });

    it('test_zero_timeout: 0 stores nothing (set, add, setMany) and touch expires the key now', async () => {
      const { cache } = context;
      await cache.set('key1', 'eggs', { ttl: 0 });
      expect(await cache.get('key1')).toBeUndefined();
      // Django's add reports True here although nothing can be read; ours says false: nothing was stored.
      expect(await cache.add('key2', 'ham', { ttl: 0 })).toBe(false);
      expect(await cache.get('key2')).toBeUndefined();
      await cache.setMany({ key3: 'sausage', key4: 'lobster bisque' }, { ttl: 0 });
      expect(await cache.getMany(['key3', 'key4'])).toEqual({});
      await cache.set('key5', 'belgian fries');
      expect(await cache.touch('key5', { ttl: 0 })).toBe(true);
      expect(await cache.get('key5')).toBeUndefined();
    });

    it('test_float_timeout: fractions of a second are kept (to the millisecond)', async () => {
      const { cache } = context;
      await cache.set('key1', 'spam', { ttl: 100.2 });
      expect(await cache.get('key1')).toBe('spam');
      const left = await cache.ttl('key1');
      expect(left).toBeGreaterThan(50);
      expect(left).toBeLessThanOrEqual(100.2);
    });

    it('test_default_never_expiring_timeout / test_default_far_future_timeout: the cache-wide default', async () => {
      const { cacheOn } = context;
      const forever = cacheOn({ defaultTtlSeconds: null });
      await forever.set('infinite_foo', 'bar');
      expect(await forever.ttl('infinite_foo')).toBeNull();
      const oneYear = 60 * 60 * 24 * 365;
      const farFuture = cacheOn({ defaultTtlSeconds: oneYear });
      await farFuture.set('future_foo', 'bar');
      expect(await farFuture.ttl('future_foo')).toBeGreaterThan(oneYear - 60);
    });

    it('test_touch: a new TTL for an existing key; false for a missing one', async () => {
      const { cache } = context;
      await cache.set('expire1', 'very quickly', { ttl: 1 });
      expect(await cache.touch('expire1', { ttl: 600 })).toBe(true);
      // Django sleeps past the old TTL; here ttl() shows the new one took its place.
      expect(await cache.ttl('expire1')).toBeGreaterThan(60);
      expect(await cache.get('expire1')).toBe('very quickly');
      expect(await cache.touch('nonexistent', { ttl: 600 })).toBe(false);
      expect(await cache.hasKey('nonexistent')).toBe(false);
    });
  });

  describe("Django's BaseCacheTests: versions", () => {
    it('test_cache_versioning_get_set: a version argument and a VERSION=2 cache address the same key', async () => {
      const { cache, cacheOn } = context;
      const v2 = cacheOn({ version: 2 });
      await cache.set('answer1', 42);
      expect(await cache.get('answer1')).toBe(42);
      expect(await cache.get('answer1', undefined, { version: 1 })).toBe(42);
      expect(await cache.get('answer1', undefined, { version: 2 })).toBeUndefined();
      expect(await v2.get('answer1')).toBeUndefined();
      expect(await v2.get('answer1', undefined, { version: 1 })).toBe(42);

      await cache.set('answer2', 42, { version: 2 });
      expect(await cache.get('answer2')).toBeUndefined();
      expect(await cache.get('answer2', undefined, { version: 2 })).toBe(42);
      expect(await v2.get('answer2')).toBe(42);

      await v2.set('answer3', 42);
      expect(await cache.get('answer3', undefined, { version: 2 })).toBe(42);
      expect(await v2.get('answer3', undefined, { version: 1 })).toBeUndefined();
    });

    it('test_cache_versioning_add / has_key / delete: each acts on its own version only', async () => {
      const { cache } = context;
      expect(await cache.add('answer1', 42, { version: 2 })).toBe(true);
      expect(await cache.add('answer1', 37, { version: 2 })).toBe(false);
      expect(await cache.add('answer1', 37, { version: 1 })).toBe(true);
      expect(await cache.get('answer1', undefined, { version: 1 })).toBe(37);
      expect(await cache.get('answer1', undefined, { version: 2 })).toBe(42);

      expect(await cache.hasKey('answer1', { version: 2 })).toBe(true);
      expect(await cache.hasKey('answer1', { version: 3 })).toBe(false);

      expect(await cache.delete('answer1', { version: 2 })).toBe(true);
      expect(await cache.get('answer1', undefined, { version: 2 })).toBeUndefined();
      expect(await cache.get('answer1')).toBe(37);
    });

    it('test_cache_versioning_incr_decr: incr and decr change their own version only', async () => {
      const { cache } = context;
      await cache.set('answer1', 37, { version: 1 });
      await cache.set('answer1', 42, { version: 2 });
      expect(await cache.incr('answer1')).toBe(38);
      expect(await cache.decr('answer1', 1, { version: 2 })).toBe(41);
      expect(await cache.get('answer1', undefined, { version: 1 })).toBe(38);
      expect(await cache.get('answer1', undefined, { version: 2 })).toBe(41);
    });

    it('test_cache_versioning_get_set_many: setMany and getMany with a version', async () => {
      const { cache, cacheOn } = context;
      await cache.setMany({ ford1: 37, arthur1: 42 });
      expect(await cache.getMany(['ford1', 'arthur1'])).toEqual({ ford1: 37, arthur1: 42 });
      expect(await cache.getMany(['ford1', 'arthur1'], { version: 2 })).toEqual({});
      await cache.setMany({ ford2: 37, arthur2: 42 }, { version: 2 });
      expect(await cache.getMany(['ford2', 'arthur2'])).toEqual({});
      expect(await cacheOn({ version: 2 }).getMany(['ford2', 'arthur2'])).toEqual({ ford2: 37, arthur2: 42 });
    });

    it('test_incr_version: moves the value up; a missing key throws; a null value moves too', async () => {
      const { cache, cacheOn } = context;
      await cache.set('answer', 42, { version: 2 });
      expect(await cache.get('answer')).toBeUndefined();
      expect(await cache.incrVersion('answer', 1, { version: 2 })).toBe(3);
      expect(await cache.get('answer', undefined, { version: 2 })).toBeUndefined();
      expect(await cache.get('answer', undefined, { version: 3 })).toBe(42);

      const v2 = cacheOn({ version: 2 });
      await v2.set('answer2', 42);
      expect(await v2.incrVersion('answer2')).toBe(3);
      expect(await v2.get('answer2')).toBeUndefined();
      expect(await v2.get('answer2', undefined, { version: 3 })).toBe(42);

      await expect(cache.incrVersion('does_not_exist')).rejects.toBeInstanceOf(CacheKeyMissingError);
      await cache.set('null', null);
      expect(await cache.incrVersion('null')).toBe(2);
      expect(await cache.get('null', 'default', { version: 2 })).toBeNull();
    });

    it('test_decr_version: moves the value down; a missing key throws', async () => {
      const { cache } = context;
      await cache.set('answer', 42, { version: 2 });
      expect(await cache.decrVersion('answer', 1, { version: 2 })).toBe(1);
      expect(await cache.get('answer')).toBe(42);
      expect(await cache.get('answer', undefined, { version: 2 })).toBeUndefined();
      await expect(cache.decrVersion('does_not_exist', 1, { version: 2 })).rejects.toBeInstanceOf(CacheKeyMissingError);
    });
  });

  describe('beyond Django: ttl, keys, cached, invalidate, ping', () => {
    it("ttl and keys (django-redis's): seconds left, and this cache's stored keys", async () => {
      const { cache, harness } = context;
      await cache.set('k', 'v', { ttl: 60 });
      expect(await cache.ttl('k')).toBeGreaterThan(0);
      expect(await cache.ttl('absent')).toBeUndefined();
      expect(await cache.keys()).toEqual([`${harness.prefix}:1:k`]);
    });

    it('cached: a miss loads and stores, a hit does not load, ttl 0 loads every time', async () => {
      const { cache, cacheOn } = context;
      let loads = 0;
      const load = async () => ({ load: ++loads });
      expect(await cache.cached('row', load, { namespace: 'ns' })).toEqual({ load: 1 });
      expect(await cache.cached('row', load, { namespace: 'ns' })).toEqual({ load: 1 });
      // Another process: no local copy, so this is the store's hit.
      expect(await cacheOn().cached('row', load, { namespace: 'ns' })).toEqual({ load: 1 });
      expect(await cache.cached('uncached', load, { namespace: 'ns', ttl: 0 })).toEqual({ load: 2 });
      expect(await cache.cached('uncached', load, { namespace: 'ns', ttl: 0 })).toEqual({ load: 3 });
    });

    it('invalidate: every entry of the namespace loads again, in every process; other namespaces keep theirs', async () => {
      const { cache, cacheOn } = context;
      let loads = 0;
      const load = async () => ++loads;
      await cache.cached('a', load, { namespace: 'products' });
      await cache.cached('b', load, { namespace: 'users' });
      await cache.invalidate('products');
      expect(await cacheOn().cached('a', load, { namespace: 'products' })).toBe(3);
      expect(await cache.cached('a', load, { namespace: 'products' })).toBe(3);
      expect(await cache.cached('b', load, { namespace: 'users' })).toBe(2);
    });

    it('ping: one round trip that resolves on a working store', async () => {
      await expect(context.cache.ping()).resolves.toBeUndefined();
    });
  });
}
