/**
 * The cache's behaviour, written once and run against every store
 * (contract-memory.test.ts, contract-upstash.test.ts, contract-redis.test.ts,
 * contract-redis-cluster.test.ts): Django's low-level API through createCache(),
 * then the store's lookup/fill/lease steps directly, then Django's own
 * BaseCacheTests (django-contract.ts), what a value may be (value-contract.ts)
 * and what lookups and events say about the generation (generation-contract.ts).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { CacheKeyMissingError, CacheValueError } from '../errors';
import { entryPrefix, generationKey, leaseKey, retireMarkerKey } from '../keys';
import type { LookupRequest, RetireRequest } from '../store';
import type { Cache } from '../types';
import { useContractContext } from './contract-context';
import { describeDjangoBaseCacheTests } from './django-contract';
import { describeGenerationContract } from './generation-contract';
import type { StoreHarness } from './store-harness';
import { describeValueContract } from './value-contract';

export function runCacheContract(name: string, makeHarness: () => StoreHarness): void {
  describe(`cache contract: ${name} store`, () => {
    const context = useContractContext(makeHarness);
    const { cacheOn } = context;
    let harness: StoreHarness;
    let cache: Cache;
    beforeEach(() => {
      ({ harness, cache } = context);
    });

    describe('get / set / delete', () => {
      it('misses return undefined or the given default', async () => {
        expect(await cache.get('absent')).toBeUndefined();
        expect(await cache.get('absent', 'fallback')).toBe('fallback');
      });

      it('stores, reads back and deletes a value', async () => {
        expect(await cache.set('k', 'v')).toBe(true);
        expect(await cache.get('k')).toBe('v');
        expect(await cache.delete('k')).toBe(true);
        expect(await cache.delete('k')).toBe(false);
        expect(await cache.get('k', 'gone')).toBe('gone');
      });

      it('overwrites an existing value', async () => {
        await cache.set('k', 1);
        await cache.set('k', 2);
        expect(await cache.get('k')).toBe(2);
      });

      it('set with ttl 0 or negative stores nothing and removes the old value (Django)', async () => {
        await cache.set('zero', 'old');
        expect(await cache.set('zero', 'new', { ttl: 0 })).toBe(false);
        expect(await cache.get('zero')).toBeUndefined();
        await cache.set('negative', 'old');
        expect(await cache.set('negative', 'new', { ttl: -5 })).toBe(false);
        expect(await cache.get('negative')).toBeUndefined();
      });
    });

    describe('add', () => {
      it('stores only when the key is absent', async () => {
        expect(await cache.add('k', 'first')).toBe(true);
        expect(await cache.add('k', 'second')).toBe(false);
        expect(await cache.get('k')).toBe('first');
      });

      it('stores nothing with ttl 0', async () => {
        expect(await cache.add('k', 'v', { ttl: 0 })).toBe(false);
        expect(await cache.get('k')).toBeUndefined();
      });
    });

    describe('getOrSet', () => {
      it('stores a plain value on a miss and returns the existing value on a hit', async () => {
        expect(await cache.getOrSet('k', 'first')).toBe('first');
        expect(await cache.getOrSet('k', 'second')).toBe('first');
      });

      it('calls a loader (sync or async) only on a miss', async () => {
        let calls = 0;
        const loader = async () => {
          calls += 1;
          return { loaded: calls };
        };
        expect(await cache.getOrSet('k', loader)).toEqual({ loaded: 1 });
        expect(await cache.getOrSet('k', loader)).toEqual({ loaded: 1 });
        expect(calls).toBe(1);
        expect(await cache.getOrSet('sync', () => 'computed')).toBe('computed');
        expect(await cache.get('sync')).toBe('computed');
      });
    });

    describe('getMany / setMany', () => {
      it('returns only the keys that were found, as Django', async () => {
        expect(await cache.setMany({ a: 1, b: 'two', c: { three: 3 } })).toEqual([]);
        expect(await cache.getMany(['a', 'b', 'c', 'missing'])).toEqual({ a: 1, b: 'two', c: { three: 3 } });
        expect(await cache.getMany([])).toEqual({});
      });

      it('setMany with ttl 0 removes the keys', async () => {
        await cache.setMany({ a: 1, b: 2 });
        expect(await cache.setMany({ a: 3, b: 4 }, { ttl: 0 })).toEqual([]);
        expect(await cache.getMany(['a', 'b'])).toEqual({});
      });
    });

    describe('touch', () => {
      it('reports whether the key exists', async () => {
        expect(await cache.touch('absent', { ttl: 60 })).toBe(false);
        await cache.set('k', 'v', { ttl: 60 });
        expect(await cache.touch('k', { ttl: 120 })).toBe(true);
        expect(await cache.touch('k', { ttl: null })).toBe(true);
        expect(await cache.get('k')).toBe('v');
      });

      it('touch with ttl 0 expires the key now', async () => {
        await cache.set('k', 'v');
        expect(await cache.touch('k', { ttl: 0 })).toBe(true);
        expect(await cache.get('k')).toBeUndefined();
      });
    });

    describe('incr / decr', () => {
      it('adds and subtracts on a stored integer', async () => {
        await cache.set('n', 5);
        expect(await cache.incr('n')).toBe(6);
        expect(await cache.incr('n', 10)).toBe(16);
        expect(await cache.decr('n')).toBe(15);
        expect(await cache.decr('n', 20)).toBe(-5);
        expect(await cache.get('n')).toBe(-5);
      });

      it('throws CacheKeyMissingError for a missing key and does not create it', async () => {
        await expect(cache.incr('absent')).rejects.toBeInstanceOf(CacheKeyMissingError);
        await expect(cache.decr('absent')).rejects.toBeInstanceOf(CacheKeyMissingError);
        expect(await cache.get('absent')).toBeUndefined();
      });

      it('throws CacheValueError on a value that is not an integer, and keeps the value', async () => {
        await cache.set('text', 'not a number');
        await expect(cache.incr('text')).rejects.toBeInstanceOf(CacheValueError);
        expect(await cache.get('text')).toBe('not a number');
      });
    });

    describe('versions', () => {
      it('keeps v1 and v2 of one key apart, as Django VERSION', async () => {
        await cache.set('k', 'one');
        await cache.set('k', 'two', { version: 2 });
        expect(await cache.get('k')).toBe('one');
        expect(await cache.get('k', undefined, { version: 2 })).toBe('two');
        expect(await cacheOn({ version: 2 }).get('k')).toBe('two');
        await cache.delete('k', { version: 2 });
        expect(await cache.get('k')).toBe('one');
        expect(await cache.get('k', undefined, { version: 2 })).toBeUndefined();
      });
    });

    describe('has_key / delete_many / incr_version / decr_version / ttl / keys', () => {
      it('hasKey reports a key per version', async () => {
        await cache.set('k', 'v', { version: 3 });
        expect(await cache.hasKey('k', { version: 3 })).toBe(true);
        expect(await cache.hasKey('k')).toBe(false);
        expect(await cache.hasKey('absent')).toBe(false);
      });

      it('deleteMany removes the listed keys of one version and counts what existed', async () => {
        await cache.setMany({ a: 1, b: 2, c: 3 });
        await cache.set('a', 'other version', { version: 2 });
        expect(await cache.deleteMany(['a', 'b', 'missing'])).toBe(2);
        expect(await cache.getMany(['a', 'b', 'c'])).toEqual({ c: 3 });
        expect(await cache.get('a', undefined, { version: 2 })).toBe('other version');
        expect(await cache.deleteMany([])).toBe(0);
      });

      it('incrVersion moves the value to the next version, keeping its TTL; decrVersion moves it back', async () => {
        await cache.set('k', 'v', { ttl: 60 });
        expect(await cache.incrVersion('k')).toBe(2);
        expect(await cache.hasKey('k')).toBe(false);
        expect(await cache.get('k', undefined, { version: 2 })).toBe('v');
        const moved = await cache.ttl('k', { version: 2 });
        // The cache's default TTL is 300 s: a value that lost its own would show more than 60.
        expect(moved).toBeGreaterThan(0);
        expect(moved).toBeLessThanOrEqual(60);
        expect(await cache.decrVersion('k', 1, { version: 2 })).toBe(1);
        expect(await cache.get('k')).toBe('v');
        expect(await cache.incrVersion('k', 5)).toBe(6);
        expect(await cache.get('k', undefined, { version: 6 })).toBe('v');
      });

      it('incrVersion and decrVersion of a missing key throw CacheKeyMissingError and create nothing', async () => {
        await expect(cache.incrVersion('absent')).rejects.toBeInstanceOf(CacheKeyMissingError);
        await expect(cache.decrVersion('absent')).rejects.toBeInstanceOf(CacheKeyMissingError);
        expect(await cache.hasKey('absent', { version: 2 })).toBe(false);
        expect(await cache.hasKey('absent', { version: 0 })).toBe(false);
      });

      it('ttl gives the seconds left, null for a key that never expires, undefined for an absent one', async () => {
        await cache.set('short', 'v', { ttl: 60 });
        await cache.set('forever', 'v', { ttl: null });
        const left = await cache.ttl('short');
        expect(left).toBeGreaterThan(0);
        expect(left).toBeLessThanOrEqual(60);
        expect(await cache.ttl('forever')).toBeNull();
        expect(await cache.ttl('absent')).toBeUndefined();
      });

      it("keys lists this cache's stored keys only, sorted, up to the limit", async () => {
        await cache.setMany({ b: 1, a: 2 });
        await cache.set('c', 3, { version: 2 });
        await harness.store.set(`${harness.prefix}x:1:a`, 'lookalike', null);
        const keys = await cache.keys();
        expect(keys).toEqual([`${harness.prefix}:1:a`, `${harness.prefix}:1:b`, `${harness.prefix}:2:c`]);
        expect(await cache.keys({ limit: 2 })).toHaveLength(2);
        await harness.store.delete([`${harness.prefix}x:1:a`]);
      });
    });

    describe('clear', () => {
      it("deletes this cache's keys, low-level and read-through, and nothing else", async () => {
        await cache.setMany({ a: 1, b: 2 });
        await cache.set('c', 3, { version: 7 });
        await cache.cached('row', async () => 'loaded');
        const lookalike = `${harness.prefix}x:1:a`; // same start, but not under `${prefix}:`
        const foreign = `other-app-${harness.prefix}:1:a`;
        await harness.store.set(lookalike, 'keep', null);
        await harness.store.set(foreign, 'keep', null);

        expect(await cache.clear()).toBeGreaterThanOrEqual(4);
        expect(await cache.getMany(['a', 'b'])).toEqual({});
        expect(await cache.get('c', undefined, { version: 7 })).toBeUndefined();
        expect(await harness.store.get(lookalike)).toBe('keep');
        expect(await harness.store.get(foreign)).toBe('keep');
        await harness.store.delete([foreign]);
      });

      it('treats glob characters in the prefix literally', async () => {
        const globby = cacheOn({ prefix: `${harness.prefix}?[g]*` });
        await globby.set('k', 'mine');
        const wouldMatchUnescaped = `${harness.prefix}Xg-anything:1:k`;
        await harness.store.set(wouldMatchUnescaped, 'keep', null);
        expect(await globby.clear()).toBe(1);
        expect(await globby.get('k')).toBeUndefined();
        expect(await harness.store.get(wouldMatchUnescaped)).toBe('keep');
      });
    });

    describe('type fidelity', () => {
      it('round-trips Dates, exact decimal strings, numbers and nested objects', async () => {
        const value = {
          createdAt: new Date('2026-11-24T15:21:04.123Z'),
          price: '9.03',
          discount: '0.10',
          answer: 42,
          ratio: 0.1,
          big: 2 ** 60,
          numericText: '42',
          empty: '',
          nothing: null,
          flags: [true, false],
          nested: { tags: ['a', 'b'], when: [new Date(0)] },
          unicode: 'Grüße 🚀',
        };
        await cache.set('k', value);
        const back = await cache.get<typeof value>('k');
        expect(back).toEqual(value);
        expect(back?.createdAt).toBeInstanceOf(Date);
        expect(back?.price).toBe('9.03');
        expect(back?.discount).toBe('0.10');
        expect(back?.numericText).toBe('42');

        await cache.set('text-that-looks-like-a-number', '123');
        expect(await cache.get('text-that-looks-like-a-number')).toBe('123');
        await cache.set('negative', -7);
        expect(await cache.get('negative')).toBe(-7);
        await cache.set('date', new Date(86_400_000));
        expect(await cache.get('date')).toEqual(new Date(86_400_000));
      });

      it('round-trips a 1000-row list (about 130 KB)', async () => {
        const rows = Array.from({ length: 1000 }, (_, i) => ({
          id: i + 1,
          sku: `SKU-${String(i).padStart(6, '0')}`,
          title: `Row number ${i} with a reasonably descriptive title`,
          price: `${(i % 997) + 1}.${String(i % 100).padStart(2, '0')}`,
          stock: i % 50,
          updatedAt: new Date(1_700_000_000_000 + i * 1000),
        }));
        await cache.set('list', rows);
        expect(await cache.get('list')).toEqual(rows);
      });
    });

    describe('expiry', () => {
      // One wait for every TTL case, because on Redis the wait is real.
      it('expires TTL keys, keeps ttl null ones, and keeps TTLs across incr', async () => {
        const shortLived = cacheOn({ defaultTtlSeconds: 1 });
        await cache.set('ttl-1', 'v', { ttl: 1 });
        await cache.set('forever', 'v', { ttl: null });
        await cache.set('counter', 1, { ttl: 1 });
        await cache.incr('counter');
        await cache.set('touched-longer', 'v', { ttl: 1 });
        await cache.touch('touched-longer', { ttl: 60 });
        await cache.set('persisted', 'v', { ttl: 1 });
        await cache.touch('persisted', { ttl: null });
        await cache.add('added', 'v', { ttl: 1 });
        await cache.setMany({ many: 'v' }, { ttl: 1 });
        await shortLived.set('default-ttl', 'v');
        let loads = 0;
        const load = async () => ++loads;
        await cache.cached('read-through', load, { ttl: 1 });

        const request = storeLookup(harness, 'leased', { leaseTtlMs: 1000 });
        expect((await harness.store.lookup(request)).lease).toBe('acquired');

        await harness.elapse(1200);

        expect(await cache.get('ttl-1')).toBeUndefined();
        expect(await cache.get('forever')).toBe('v');
        expect(await cache.get('counter')).toBeUndefined();
        expect(await cache.get('touched-longer')).toBe('v');
        expect(await cache.get('persisted')).toBe('v');
        expect(await cache.get('added')).toBeUndefined();
        expect(await cache.get('many')).toBeUndefined();
        expect(await cache.get('default-ttl')).toBeUndefined();
        expect(await cache.cached('read-through', load, { ttl: 1 })).toBe(2);
        const afterExpiry = await harness.store.lookup({ ...request, leaseToken: 'someone-else' });
        expect(afterExpiry.lease).toBe('acquired');
      });
    });

    describe('close', () => {
      it('closes, twice without complaint', async () => {
        const other = cacheOn();
        await other.close();
        await other.close();
      });
    });

    describe('store: lookup / fill / lease', () => {
      it('proposes the candidate generation once; later lookups keep it and see the lease held', async () => {
        const first = await harness.store.lookup(storeLookup(harness, 'item', { candidateGeneration: 'gen-a', leaseToken: 't1' }));
        expect(first).toMatchObject({ generation: 'gen-a', value: null, lease: 'acquired' });
        const second = await harness.store.lookup(storeLookup(harness, 'item', { candidateGeneration: 'gen-b', leaseToken: 't2' }));
        expect(second).toMatchObject({ generation: 'gen-a', value: null, lease: 'held' });
        expect(second.entryKey).toBe(first.entryKey);
        expect(first.leaseKey).toBe(leaseKey(entryPrefix(harness.prefix, 'ns'), 'gen-a', 'item'));
      });

      it('fill stores under an unchanged generation and releases the lease', async () => {
        const lookup = await harness.store.lookup(storeLookup(harness, 'item', { leaseToken: 't1' }));
        const outcome = await harness.store.fill({ ...fillOf(harness, lookup), leaseToken: 't1', value: 'v' });
        expect(outcome).toBe('stored');
        expect(await harness.store.getMany([lookup.entryKey, lookup.leaseKey])).toEqual(['v', null]);
        const hit = await harness.store.lookup(storeLookup(harness, 'item', { leaseToken: 't2' }));
        expect(hit).toMatchObject({ value: 'v', lease: 'none', generation: lookup.generation });
      });

      it('fill is rejected once the generation was retired (a write), and still releases the lease', async () => {
        const lookup = await harness.store.lookup(storeLookup(harness, 'item', { leaseToken: 't1' }));
        expect(await harness.store.retireGeneration(retireOf(harness))).toEqual({ retired: lookup.generation, replicasAcknowledged: null });
        const outcome = await harness.store.fill({ ...fillOf(harness, lookup), leaseToken: 't1', value: 'old' });
        expect(outcome).toBe('stale');
        expect(await harness.store.getMany([lookup.entryKey, lookup.leaseKey])).toEqual([null, null]);
        const next = await harness.store.lookup(storeLookup(harness, 'item', { leaseToken: 't2', candidateGeneration: 'gen-after-write' }));
        expect(next).toMatchObject({ generation: 'gen-after-write', value: null, lease: 'acquired' });
      });

      it('a retire says what it retired, and writes its markers with it', async () => {
        expect(await harness.store.retireGeneration(retireOf(harness))).toEqual({ retired: null, replicasAcknowledged: null });
        const first = await harness.store.lookup(storeLookup(harness, 'item', { candidateGeneration: 'gen-a' }));
        expect(first.generation).toBe('gen-a');
        expect(await harness.store.retireGeneration(retireOf(harness, { markerKeys: [markerOf(harness, 't1')] }))).toMatchObject({ retired: 'gen-a' });
        expect(await harness.store.get(markerOf(harness, 't1'))).not.toBeNull();
      });

      it('a redo retires only where one of its markers is missing: a primary with them all keeps its newer generation', async () => {
        await harness.store.lookup(storeLookup(harness, 'item', { candidateGeneration: 'gen-a' }));
        await harness.store.retireGeneration(retireOf(harness, { markerKeys: [markerOf(harness, 't1')] }));
        expect((await harness.store.lookup(storeLookup(harness, 'item', { candidateGeneration: 'gen-b' }))).generation).toBe('gen-b');
        // Every marker here: this history has the retirement, so the newer generation stays.
        expect(await harness.store.retireGeneration(retireOf(harness, { markerKeys: [markerOf(harness, 't1')], unlessMarked: true }))).toMatchObject({ retired: null });
        expect((await harness.store.lookup(storeLookup(harness, 'item'))).generation).toBe('gen-b');
        // A marker missing (a primary whose history lacks that retirement): whatever is current goes, and the markers are written.
        const redo = await harness.store.retireGeneration(retireOf(harness, { markerKeys: [markerOf(harness, 't1'), markerOf(harness, 't2')], unlessMarked: true }));
        expect(redo).toMatchObject({ retired: 'gen-b' });
        expect(await harness.store.getMany([markerOf(harness, 't1'), markerOf(harness, 't2')])).toEqual(['1', '1']);
        expect(await harness.store.retireGeneration(retireOf(harness, { markerKeys: [markerOf(harness, 't2')], unlessMarked: true }))).toMatchObject({ retired: null });
      });

      it('fill is rejected when another writer set a generation of its own', async () => {
        const lookup = await harness.store.lookup(storeLookup(harness, 'item', { leaseToken: 't1' }));
        await harness.store.set(generationKey(harness.prefix, 'ns'), 'gen-of-another-writer', null);
        expect(await harness.store.fill({ ...fillOf(harness, lookup), leaseToken: 't1', value: 'old' })).toBe('stale');
        expect(await harness.store.get(lookup.entryKey)).toBeNull();
      });

      it('fill is rejected when the generation key vanished (flush, clear)', async () => {
        const lookup = await harness.store.lookup(storeLookup(harness, 'item'));
        await harness.store.delete([generationKey(harness.prefix, 'ns')]);
        expect(await harness.store.fill({ ...fillOf(harness, lookup), value: 'old' })).toBe('stale');
        expect(await harness.store.get(lookup.entryKey)).toBeNull();
      });

      it('fill without a lease token stores when the generation matches and leaves the lease alone', async () => {
        const lookup = await harness.store.lookup(storeLookup(harness, 'item', { leaseToken: 'holder' }));
        expect(await harness.store.fill({ ...fillOf(harness, lookup), leaseToken: null, value: 'v' })).toBe('stored');
        expect(await harness.store.getMany([lookup.entryKey, lookup.leaseKey])).toEqual(['v', 'holder']);
      });

      it('fill applies its TTL only to the entry it stores', async () => {
        const lookup = await harness.store.lookup(storeLookup(harness, 'item'));
        await harness.store.fill({ ...fillOf(harness, lookup), value: 'v', ttlMs: 60_000 });
        expect(await harness.store.get(lookup.entryKey)).toBe('v');
      });

      it("a hit reports the entry's remaining TTL (null: never expires), so a local copy cannot outlive it", async () => {
        const [expiring, forever] = [storeLookup(harness, 'expiring'), storeLookup(harness, 'forever')];
        const missed = await harness.store.lookup(expiring);
        expect(missed.valueTtlMs).toBeUndefined();
        await harness.store.fill({ ...fillOf(harness, missed), value: 'v', ttlMs: 60_000 });
        await harness.elapse(100);
        const hit = await harness.store.lookup(expiring);
        expect(hit.valueTtlMs).toBeGreaterThan(0);
        expect(hit.valueTtlMs).toBeLessThanOrEqual(59_900);

        await harness.store.fill({ ...fillOf(harness, await harness.store.lookup(forever)), value: 'v', ttlMs: null });
        expect((await harness.store.lookup(forever)).valueTtlMs).toBeNull();
      });

      it('releaseLease frees the lease only for the token holding it', async () => {
        const lookup = await harness.store.lookup(storeLookup(harness, 'item', { leaseToken: 'holder' }));
        await harness.store.releaseLease(lookup.leaseKey, 'not-the-holder');
        expect(await harness.store.get(lookup.leaseKey)).toBe('holder');
        await harness.store.releaseLease(lookup.leaseKey, 'holder');
        expect(await harness.store.get(lookup.leaseKey)).toBeNull();
      });

      it('incrBy returns null for a missing key without creating it', async () => {
        const key = `${harness.prefix}:raw-counter`;
        expect(await harness.store.incrBy(key, 1)).toBeNull();
        expect(await harness.store.get(key)).toBeNull();
      });
    });

    describeGenerationContract(context);
    describeDjangoBaseCacheTests(context);
    describeValueContract(context);
  });
}

function storeLookup(harness: StoreHarness, key: string, overrides: Partial<LookupRequest> = {}): LookupRequest {
  return {
    generationKey: generationKey(harness.prefix, 'ns'),
    candidateGeneration: 'gen-1',
    entryPrefix: entryPrefix(harness.prefix, 'ns'),
    entrySuffix: key,
    leaseToken: 'token',
    leaseTtlMs: 60_000,
    ...overrides,
  };
}

function retireOf(harness: StoreHarness, overrides: Partial<RetireRequest> = {}): RetireRequest {
  return { generationKey: generationKey(harness.prefix, 'ns'), markerKeys: [], unlessMarked: false, markerTtlMs: 60_000, replicas: 0, replicaWaitMs: 0, ...overrides };
}

const markerOf = (harness: StoreHarness, token: string) => retireMarkerKey(harness.prefix, 'ns', token);

function fillOf(harness: StoreHarness, lookup: { generation: string; entryKey: string; leaseKey: string }) {
  return {
    generationKey: generationKey(harness.prefix, 'ns'),
    generation: lookup.generation,
    entryKey: lookup.entryKey,
    leaseKey: lookup.leaseKey,
    leaseToken: 'token' as string | null,
    ttlMs: null as number | null,
  };
}
