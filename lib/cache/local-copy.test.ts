/**
 * cached()'s in-process copies seen from outside: what a local hit reports,
 * the byte budget, expiry, turning them off, immutability, and failing open.
 * (Freshness against other processes: local-copy-freshness.test.ts.)
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCache } from './cache';
import { generationKey } from './keys';
import type { CacheStore } from './store';
import { createMemoryStore } from './stores/memory-store';
import { startBackends } from './testing/backends';
import { countingStore } from './testing/counting-store';
import { recordEvents } from './testing/event-recorder';
import { createManualClock } from './testing/manual-clock';
import { realClockMemoryHarness, WORKING_STORE_TIMEOUT_MS, type StoreHarness } from './testing/store-harness';
import type { Cache, CacheOptions } from './types';

const backends = await startBackends(realClockMemoryHarness);
afterAll(() => backends.stop());

const quietLogger = { warn: () => {} };
const inProducts = { namespace: 'products' };

/** The lookups a recorder saw, as 'miss', 'hit' or 'hit (local)'. */
const lookups = (recorder: ReturnType<typeof recordEvents>) =>
  recorder.events.filter((event) => event.op === 'lookup').map((event) => `${event.result}${event.local ? ' (local)' : ''}`);

describe.each(backends.list)('local copies on the $name store', ({ create }) => {
  let harness: StoreHarness;
  const opened: Cache[] = [];
  const processOn = (options: Partial<CacheOptions> = {}) => {
    const cache = createCache({ store: harness.store, prefix: harness.prefix, logger: quietLogger, timeoutMs: WORKING_STORE_TIMEOUT_MS, ...options });
    opened.push(cache);
    return cache;
  };

  beforeEach(() => {
    harness = create();
  });
  afterEach(async () => {
    for (const cache of opened.splice(0)) await cache.close();
    await harness.cleanup();
  });

  it('a local hit is a lookup hit with local: true, the entry key of the current generation and the stored size', async () => {
    const cache = processOn();
    const recorder = recordEvents(cache);
    const load = async () => ({ price: '9.03', at: new Date(0) });
    await cache.cached('row', load, inProducts);
    const hit = await cache.cached('row', load, inProducts);
    expect(hit).toEqual({ price: '9.03', at: new Date(0) });
    expect(hit.at).toBeInstanceOf(Date);

    expect(recorder.steps()).toEqual([
      ['lookup', 'miss'],
      ['fill', 'stored'],
      ['lookup', 'hit'],
    ]);
    const [miss, fill, local] = recorder.events;
    expect(miss?.local).toBeUndefined();
    expect(local).toMatchObject({ local: true, key: 'row', storedKey: fill?.storedKey, bytes: fill?.bytes });
    const generation = await harness.store.get(generationKey(harness.prefix, 'products'));
    expect(local?.storedKey).toBe(`${harness.prefix}:rt:{products}:${generation}:row`);
  });

  it("keeps a copy of another process's entry on a remote hit, and serves it next", async () => {
    const [filler, reader] = [processOn(), processOn()];
    await filler.cached('row', async () => 'filled elsewhere', inProducts);
    const recorder = recordEvents(reader);
    const load = async () => 'never loaded';
    expect([await reader.cached('row', load, inProducts), await reader.cached('row', load, inProducts)]).toEqual(['filled elsewhere', 'filled elsewhere']);
    expect(lookups(recorder)).toEqual(['hit', 'hit (local)']);
  });

  it('a local hit reads only the generation: no lookup, no entry fetched', async () => {
    const counted = countingStore(harness.store);
    const cache = createCache({ store: counted.store, prefix: harness.prefix, logger: quietLogger, timeoutMs: WORKING_STORE_TIMEOUT_MS });
    opened.push(cache);
    for (let i = 0; i < 5; i += 1) await cache.cached('row', async () => 'v', inProducts);
    expect([counted.calls('lookup'), counted.calls('fill'), counted.calls('get'), counted.calls('getMany')]).toEqual([1, 1, 5, 0]);
  });

  it('keeps copies within localCopyMaxBytes, least recently used out first', async () => {
    // Each value serializes to a little over 100 bytes: two fit in 250, three do not.
    const cache = processOn({ localCopyMaxBytes: 250 });
    const load = (key: string) => async () => `${key}:`.padEnd(100, 'x');
    for (const key of ['a', 'b', 'c']) await cache.cached(key, load(key), inProducts);
    const recorder = recordEvents(cache);
    for (const key of ['b', 'c', 'a']) expect(await cache.cached(key, load('never'), inProducts)).toBe(`${key}:`.padEnd(100, 'x'));
    expect(lookups(recorder)).toEqual(['hit (local)', 'hit (local)', 'hit']);
  });

  it('localCopyMaxBytes 0 turns the copies off: one lookup per read and no generation read', async () => {
    const counted = countingStore(harness.store);
    const cache = createCache({ store: counted.store, prefix: harness.prefix, logger: quietLogger, timeoutMs: WORKING_STORE_TIMEOUT_MS, localCopyMaxBytes: 0 });
    opened.push(cache);
    const recorder = recordEvents(cache);
    const values = [];
    for (let i = 0; i < 3; i += 1) values.push(await cache.cached('row', async () => ({ n: 1 }), inProducts));
    expect(lookups(recorder)).toEqual(['miss', 'hit', 'hit']);
    expect([counted.calls('lookup'), counted.calls('get')]).toEqual([3, 0]);
    expect(Object.isFrozen(values[2])).toBe(false);
  });

  it("values served from a copy are deep-frozen; the loader's own value is returned to its caller untouched", async () => {
    const cache = processOn();
    const loaded = { rows: [{ id: 1, title: 'Lamp' }], total: 1 };
    const miss = await cache.cached('page', async () => loaded, inProducts);
    expect(miss).toBe(loaded);
    expect(Object.isFrozen(loaded)).toBe(false);

    const [first, second] = [await cache.cached('page', async () => loaded, inProducts), await cache.cached('page', async () => loaded, inProducts)];
    expect(first).toBe(second); // one copy, shared
    expect(() => {
      first.rows[0]!.title = 'Changed by one request';
    }).toThrow(TypeError);
    expect(() => first.rows.push({ id: 2, title: 'Added' })).toThrow(TypeError);
    expect(second).toEqual({ rows: [{ id: 1, title: 'Lamp' }], total: 1 });
  });

  it('fails open when the generation read fails: the loader answers, never the copy', async () => {
    let generationReadFails = false;
    const flaky: CacheStore = {
      ...harness.store,
      get: (key) => (generationReadFails ? Promise.reject(new Error('connect ECONNREFUSED')) : harness.store.get(key)),
    };
    const cache = createCache({ store: flaky, prefix: harness.prefix, logger: quietLogger, timeoutMs: WORKING_STORE_TIMEOUT_MS });
    opened.push(cache);
    await cache.cached('row', async () => 'v1', inProducts);
    expect(await cache.cached('row', async () => 'unused', inProducts)).toBe('v1'); // the copy

    generationReadFails = true;
    const recorder = recordEvents(cache);
    expect(await cache.cached('row', async () => 'from the database', inProducts)).toBe('from the database');
    expect(recorder.steps()).toEqual([['error', 'error']]);
    expect(recorder.events[0]?.error).toMatch(/^lookup: .*ECONNREFUSED/);
  });

  it('invalidate() in this process stops its own copies at once', async () => {
    const cache = processOn();
    let version = 'v1';
    await cache.cached('row', async () => version, inProducts);
    version = 'v2';
    await cache.invalidate('products');
    const recorder = recordEvents(cache);
    expect(await cache.cached('row', async () => version, inProducts)).toBe('v2');
    expect(lookups(recorder)).toEqual(['miss']);
  });
});

describe('local copies expire with their entry (manual clock)', () => {
  const clock = createManualClock();
  const store = createMemoryStore({ now: clock.now });
  const processOn = () => createCache({ store, prefix: `expiry-${clock.now()}`, logger: quietLogger, now: clock.now });

  it('a filled copy lives exactly the entry TTL', async () => {
    const cache = processOn();
    let loads = 0;
    const load = async () => ++loads;
    await cache.cached('row', load, { ttl: 10 });
    clock.advance(9_999);
    expect(await cache.cached('row', load, { ttl: 10 })).toBe(1);
    clock.advance(1);
    expect(await cache.cached('row', load, { ttl: 10 })).toBe(2);
  });

  it("a copy taken from another process's entry lives only what the entry has left", async () => {
    const [filler, reader] = [processOn(), processOn()];
    await filler.cached('row', async () => 'first', { ttl: 10 });
    clock.advance(8_000);
    expect(await reader.cached('row', async () => 'unused', { ttl: 10 })).toBe('first'); // the entry has 2 s left
    clock.advance(2_000);
    // Had the copy been given a full 10 s, it would be served here, past its entry.
    expect(await reader.cached('row', async () => 'reloaded', { ttl: 10 })).toBe('reloaded');
  });
});
