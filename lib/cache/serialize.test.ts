/**
 * The codec on its own (every store's round trips are in the contract suite,
 * testing/value-contract.ts): compatible with what earlier releases wrote, a
 * Buffer as base64, and refusals that say what and where.
 */
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { deserialize, serialize } from './serialize';
import { findUnstorable } from './storable';

describe('serialize / deserialize', () => {
  it('writes everything but a Buffer exactly as plain superjson did, so both releases read each other', () => {
    const samples: unknown[] = [
      'text',
      1.5,
      true,
      null,
      undefined,
      { price: '9.03', at: new Date(0), tags: new Set(['a']), byId: new Map([[1, { n: 2n }]]) },
      [new Uint8Array([1, 2, 3]), /x/g, NaN],
    ];
    for (const sample of samples) expect(serialize(sample).text).toBe(superjson.stringify(sample));
    expect(serialize(42).text).toBe('42');
  });

  it('stores a Buffer as base64 under its own type, and reads it back as a Buffer', () => {
    const { text } = serialize(Buffer.from('hi'));
    expect(JSON.parse(text)).toEqual({ json: 'aGk=', meta: { values: [['custom', 'Buffer']], v: 1 } });
    const back = deserialize(text);
    expect(Buffer.isBuffer(back) && back.toString()).toBe('hi');
  });

  it('keeps -0 (a plain "0" would read back as 0)', () => {
    expect(Object.is(deserialize(serialize(-0).text), -0)).toBe(true);
  });

  it('refuses text it did not write, saying so', () => {
    expect(() => deserialize('hello')).toThrow(/^the stored value cannot be decoded: /);
    // What the old code stored for a bare function: no envelope, so no silent undefined.
    expect(() => deserialize('{}')).toThrow(/no superjson envelope/);
    expect(() => deserialize('{"json":1,"meta":{"values":["no-such-type"],"v":1}}')).toThrow(/cannot be decoded/);
  });

  it('refuses what superjson would drop or turn into {}, before encoding anything', () => {
    expect(() => serialize(() => 1)).toThrow(/^cannot store a function$/);
    expect(() => serialize({ a: [1, { b: Symbol('s') }] })).toThrow('cannot store a symbol at value.a[1].b');
  });
});

describe('findUnstorable', () => {
  it('names the part and its path, through arrays, objects, Maps and Sets', () => {
    expect(findUnstorable({ rows: [{ id: 1, format: () => '' }] })).toBe('a function at value.rows[0].format');
    expect(findUnstorable(new Map([['k', new WeakSet()]]))).toBe('a WeakSet at value.get("k")');
    expect(findUnstorable(new Set([Promise.resolve()]))).toBe('a Promise at value (a Set entry) (await it before caching)');
    expect(findUnstorable({ buffer: new ArrayBuffer(2) })).toBe('an ArrayBuffer at value.buffer (wrap it in a Uint8Array or a Buffer)');
    expect(findUnstorable(new Date(NaN))).toBe('an invalid Date');
  });

  it('accepts what superjson keeps, cycles and class instances included', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    class Point {
      constructor(readonly x: number) {}
    }
    const keepable = [cyclic, new Point(1), Buffer.from('x'), new Float64Array(2), new Error('e'), new URL('http://x'), 10n, undefined, [null]];
    for (const value of keepable) expect(findUnstorable(value)).toBeNull();
  });
});
