/**
 * What a value may be, on every store (run through runCacheContract): Django's
 * test_data_types, test_binary_string and test_unicode, and the caller's
 * mistakes, which are refused with a CacheValueError at the call and never
 * taken for a store failure (no 'error' event, the circuit stays closed).
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CacheValueError } from '../errors';
import { dataKey, entryKey, entryPrefix, generationKey } from '../keys';
import type { Cache } from '../types';
import type { ContractContext } from './contract-context';
import { recordEvents, type EventRecorder } from './event-recorder';

/** Values no store can hold faithfully, and what the refusal must say: each is refused, and nothing is stored. */
const UNSTORABLE: [string, () => unknown, RegExp][] = [
  ['a function', () => () => 'hi', /a function/],
  ['a symbol', () => Symbol('s'), /a symbol/],
  ['a function deep inside', () => ({ rows: [{ id: 1, format: () => '1' }] }), /a function at value\.rows\[0\]\.format/],
  ['a WeakMap', () => new WeakMap(), /a WeakMap/],
  ['a Promise', () => ({ pending: Promise.resolve(1) }), /a Promise at value\.pending/],
];

/** Texts no codec of this library wrote: a foreign string, a broken envelope, and what the old code stored for a Buffer. */
const UNDECODABLE = ['not json at all', '{"json":"x","meta":{"values":["no-such-type"],"v":1}}', '{"json":[1,2],"meta":{"values":[["typed-array","Buffer"]],"v":1}}'];

/** The store-failure signals a caller's mistake must never produce. */
const storeFailureEvents = (recorder: EventRecorder) => recorder.events.filter((event) => ['error', 'timeout', 'circuit'].includes(event.op));

export function describeValueContract(context: ContractContext): void {
  /** Writes raw text where get(key) reads, as another program (or an older release) might have. */
  const plant = (key: string, text: string) => context.harness.store.set(dataKey(context.harness.prefix, 1, key), text, null);

  describe("values: Django's data-type tests", () => {
    it('test_data_types: JSON types, and what superjson adds (Date, Map, Set, BigInt, RegExp, NaN, -0, undefined, cycles)', async () => {
      const { cache } = context;
      const cyclic: { name: string; self?: unknown } = { name: 'root' };
      cyclic.self = cyclic;
      const stuff = {
        string: 'this is a string',
        int: 42,
        float: 0.1,
        bool: true,
        list: [1, 2, 3, 4],
        dict: { A: 1, B: 2 },
        none: null,
        missing: undefined,
        date: new Date('2026-11-24T15:21:04.123Z'),
        map: new Map<unknown, unknown>([['a', 1], [2, { b: 3 }]]),
        set: new Set(['x', 'y']),
        bigint: 2n ** 70n,
        regexp: /a+b/gi,
        notANumber: NaN,
        infinity: -Infinity,
        negativeZero: -0,
        cyclic,
      };
      await cache.set('stuff', stuff);
      const back = await cache.get<typeof stuff>('stuff');
      expect(back).toEqual(stuff);
      expect(back?.date).toBeInstanceOf(Date);
      expect(back?.map).toBeInstanceOf(Map);
      expect(Object.is(back?.negativeZero, -0)).toBe(true);
      expect('missing' in (back ?? {})).toBe(true);
      expect(back?.cyclic.self).toBe(back?.cyclic);

      await cache.set('true', true);
      expect(await cache.get('true')).toBe(true);
      await cache.set('negative zero', -0);
      expect(Object.is(await cache.get('negative zero'), -0)).toBe(true);
      await cache.set('big', 2n ** 64n);
      expect(await cache.get('big')).toBe(2n ** 64n);
    });

    it('test_binary_string: zlib output (a Buffer) round-trips, type and bytes, through every write and read', async () => {
      const { cache, cacheOn } = context;
      const value = 'value_to_be_compressed';
      const compressed = deflateSync(Buffer.from(value));
      const expectSameBytes = (result: unknown) => {
        expect(Buffer.isBuffer(result)).toBe(true);
        expect((result as Buffer).equals(compressed)).toBe(true);
        expect(inflateSync(result as Buffer).toString()).toBe(value);
      };

      await cache.set('binary1', compressed);
      expectSameBytes(await cache.get('binary1'));
      expect(await cache.add('binary1-add', compressed)).toBe(true);
      expectSameBytes(await cache.get('binary1-add'));
      await cache.setMany({ 'binary1-set_many': compressed });
      expectSameBytes((await cache.getMany<Buffer>(['binary1-set_many']))['binary1-set_many']);
      expectSameBytes(await cache.getOrSet('binary1-get_or_set', () => compressed));
      expectSameBytes(await cache.getOrSet('binary1-get_or_set', () => Buffer.from('other')));
      await cache.cached('binary1-cached', async () => compressed);
      // Another process: decoded from the store, not the loader's own object.
      expectSameBytes(await cacheOn().cached('binary1-cached', async () => Buffer.from('other')));
    });

    it('binary values keep their exact type: Uint8Array stays Uint8Array; empty and sliced Buffers; nested', async () => {
      const { cache } = context;
      const bytes = new Uint8Array([0, 1, 127, 128, 255]);
      await cache.set('u8', bytes);
      const u8 = await cache.get<Uint8Array>('u8');
      expect(u8).toBeInstanceOf(Uint8Array);
      expect(Buffer.isBuffer(u8)).toBe(false);
      expect([...(u8 ?? [])]).toEqual([0, 1, 127, 128, 255]);

      const whole = Buffer.from('0123456789');
      const nested = { empty: Buffer.alloc(0), slice: whole.subarray(2, 5), inMap: new Map([['b', Buffer.from([9])]]) };
      await cache.set('nested', nested);
      const back = await cache.get<typeof nested>('nested');
      expect(Buffer.isBuffer(back?.empty) && back.empty.length).toBe(0);
      expect(back?.slice.toString()).toBe('234');
      expect(Buffer.isBuffer(back?.inMap.get('b'))).toBe(true);
    });

    it('test_unicode: keys and values outside ASCII, through set, add, setMany, getMany, delete', async () => {
      const { cache } = context;
      const stuff: Record<string, unknown> = {
        ascii: 'ascii_value',
        unicode_ascii: 'Iñtërnâtiônàlizætiøn1',
        Iñtërnâtiônàlizætiøn: 'Iñtërnâtiônàlizætiøn2',
        ascii2: { x: 1 },
        '🚀 Grüße': '日本語 🚀',
      };
      for (const [key, value] of Object.entries(stuff)) {
        await cache.set(key, value);
        expect(await cache.get(key)).toEqual(value);
        expect(await cache.delete(key)).toBe(true);
        expect(await cache.add(key, value)).toBe(true);
        expect(await cache.get(key)).toEqual(value);
        await cache.delete(key);
      }
      await cache.setMany(stuff);
      expect(await cache.getMany(Object.keys(stuff))).toEqual(stuff);
    });

    it('values stored by earlier releases still decode (the encoding is unchanged)', async () => {
      const { cache } = context;
      const earlier: [string, unknown][] = [
        ['42', 42],
        ['{"json":"9.03"}', '9.03'],
        ['{"json":"2026-11-24T15:21:04.123Z","meta":{"values":["Date"],"v":1}}', new Date('2026-11-24T15:21:04.123Z')],
        ['{"json":[["a",1]],"meta":{"values":["map"],"v":1}}', new Map([['a', 1]])],
        ['{"json":[1,2,255],"meta":{"values":[["typed-array","Uint8Array"]],"v":1}}', new Uint8Array([1, 2, 255])],
        ['{"json":{"price":"9.03","at":"1970-01-01T00:00:00.000Z"},"meta":{"values":{"at":["Date"]},"v":1}}', { price: '9.03', at: new Date(0) }],
      ];
      for (const [index, [text, value]] of earlier.entries()) {
        await plant(`earlier-${index}`, text);
        expect(await cache.get(`earlier-${index}`)).toEqual(value);
      }
    });
  });

  describe("values: the caller's mistakes are refused, not taken for store failures", () => {
    it.each(UNSTORABLE)('refuses %s at set, add, setMany, getOrSet and cached, and stores nothing', async (_, make, says) => {
      const { cache } = context;
      const recorder = recordEvents(cache);
      const refused = (call: Promise<unknown>, operation: string, key: string) =>
        expect(call).rejects.toSatisfy((error) => error instanceof CacheValueError && error.operation === operation && error.key === key);

      await refused(cache.set('k', make()), 'set', 'k');
      await refused(cache.add('k', make()), 'add', 'k');
      await refused(cache.setMany({ fine: 1, k: make() }), 'setMany', 'k');
      await refused(cache.getOrSet('k', () => make()), 'getOrSet', 'k');
      await refused(cache.cached('k', async () => make(), { namespace: 'ns' }), 'cached', 'k');
      expect(await cache.hasKey('k')).toBe(false);
      expect(await cache.hasKey('fine')).toBe(false);
      await expect(cache.set('k', make())).rejects.toThrow(says);
      // The refused load left no lease behind: the next read loads at once.
      expect(await cache.cached('k', async () => 'loaded', { namespace: 'ns' })).toBe('loaded');
      expect(storeFailureEvents(recorder)).toEqual([]);
      expect(cache.circuitState()).toBe('closed');
    });

    it.each(UNDECODABLE)('get, getMany and getOrSet of a stored value that cannot be decoded throw, naming the key: %s', async (text) => {
      const { cache } = context;
      const recorder = recordEvents(cache);
      await plant('broken', text);
      await cache.set('fine', 'value');
      const undecodable = (operation: string) => (error: unknown) => error instanceof CacheValueError && error.operation === operation && error.key === 'broken';
      await expect(cache.get('broken', 'fallback')).rejects.toSatisfy(undecodable('get'));
      await expect(cache.getMany(['fine', 'broken'])).rejects.toSatisfy(undecodable('getMany'));
      await expect(cache.getOrSet('broken', 'default')).rejects.toSatisfy(undecodable('getOrSet'));
      expect(recorder.events.filter((event) => event.result === 'undecodable').map((event) => event.op)).toEqual(['get', 'getMany', 'get']);
      // It is there: hasKey says so, delete removes it, set replaces it.
      expect(await cache.hasKey('broken')).toBe(true);
      await cache.set('broken', 'repaired');
      expect(await cache.get('broken')).toBe('repaired');
      expect(storeFailureEvents(recorder)).toEqual([]);
    });

    it('cached() takes an entry it cannot decode for a miss: it loads, replaces the entry, and reports it', async () => {
      const { cacheOn, harness } = context;
      const cache = cacheOn();
      const recorder = recordEvents(cache);
      await harness.store.set(generationKey(harness.prefix, 'ns'), 'gen-1', null);
      await harness.store.set(entryKey(entryPrefix(harness.prefix, 'ns'), 'gen-1', 'row'), UNDECODABLE[0]!, null);
      let loads = 0;
      const load = async () => ({ load: ++loads });
      expect(await cache.cached('row', load, { namespace: 'ns' })).toEqual({ load: 1 });
      expect(recorder.steps()).toEqual([
        ['lookup', 'undecodable'],
        ['fill', 'stored'],
      ]);
      expect(recorder.events[0]?.error).toMatch(/cannot be decoded/);
      // Replaced: another process now hits it.
      expect(await cacheOn().cached('row', load, { namespace: 'ns' })).toEqual({ load: 1 });
      expect(cache.circuitState()).toBe('closed');
    });

    it('incr and decr of a value that is not an integer (text, float, object, beyond 64 bits) throw, and the value stays', async () => {
      const { cache } = context;
      const notIntegers: Record<string, unknown> = { text: 'not a number', float: 1.5, bool: true, object: { n: 1 }, numericText: '42' };
      await cache.setMany(notIntegers);
      for (const key of Object.keys(notIntegers)) {
        await expect(cache.incr(key)).rejects.toSatisfy((error) => error instanceof CacheValueError && error.operation === 'incr' && error.key === key);
        await expect(cache.decr(key)).rejects.toThrow(`cache decr of "${key}"`);
      }
      expect(await cache.getMany(Object.keys(notIntegers))).toEqual(notIntegers);
      await plant('int64-max', '9223372036854775807');
      await expect(cache.incr('int64-max')).rejects.toBeInstanceOf(CacheValueError);
      expect(await cache.decr('int64-max')).toBe(Number(9223372036854775806n));
    });

    it('10 incr of a non-integer and 10 gets of an undecodable value leave the circuit closed and other keys working', async () => {
      const { cache } = context;
      const recorder = recordEvents(cache);
      await cache.set('text', 'not a number');
      await plant('broken', UNDECODABLE[0]!);
      const outcomes: unknown[] = [];
      const attempt = (call: Promise<unknown>) => call.then(() => 'resolved', (error: unknown) => error);
      for (let i = 0; i < 10; i += 1) outcomes.push(await attempt(cache.incr('text')));
      for (let i = 0; i < 10; i += 1) outcomes.push(await attempt(cache.get('broken')));

      expect(cache.circuitState()).toBe('closed');
      expect(storeFailureEvents(recorder)).toEqual([]);
      expect(outcomes.every((outcome) => outcome instanceof CacheValueError)).toBe(true);
      await expectWorking(cache);
    });
  });
}

async function expectWorking(cache: Cache): Promise<void> {
  expect(await cache.set('other', 'value')).toBe(true);
  expect(await cache.get('other')).toBe('value');
  expect(await cache.cached('other-row', async () => 'loaded')).toBe('loaded');
}
