import { describe, expect, it } from 'vitest';
import { createLocalCopies } from './local-copies';
import { createManualClock } from './testing/manual-clock';

/** A copy of `bytes` serialized bytes whose decoded value is `value`. */
const copyOf = (value: unknown, bytes = 10) => ({ bytes, decode: () => value });

describe('local copies', () => {
  it('keeps copies within the byte budget, evicting the least recently used', () => {
    const copies = createLocalCopies(300, Date.now);
    copies.remember('ns', 'g1', 'a', copyOf('A', 100), null);
    copies.remember('ns', 'g1', 'b', copyOf('B', 100), null);
    copies.remember('ns', 'g1', 'c', copyOf('C', 100), null);
    expect(copies.get('a')?.value).toBe('A'); // now the most recently used
    copies.remember('ns', 'g1', 'd', copyOf('D', 100), null);
    expect(copies.get('b')).toBeUndefined();
    expect(['a', 'c', 'd'].map((key) => copies.get(key)?.value)).toEqual(['A', 'C', 'D']);
    expect(copies.usage()).toEqual({ entries: 3, bytes: 300 });

    copies.remember('ns', 'g1', 'big', copyOf('BIG', 250), null);
    expect(copies.usage()).toEqual({ entries: 1, bytes: 250 });
  });

  it('does not keep, nor even decode, a value larger than the whole budget', () => {
    const copies = createLocalCopies(100, Date.now);
    copies.remember('ns', 'g1', 'small', copyOf('S', 50), null);
    let decoded = false;
    const kept = copies.remember('ns', 'g1', 'huge', { bytes: 101, decode: () => (decoded = true) }, null);
    expect([kept, decoded, copies.get('small')?.value]).toEqual([undefined, false, 'S']);
  });

  it('replacing a copy counts its bytes once', () => {
    const copies = createLocalCopies(1000, Date.now);
    copies.remember('ns', 'g1', 'a', copyOf('old', 400), null);
    copies.remember('ns', 'g1', 'a', copyOf('new', 300), null);
    expect(copies.usage()).toEqual({ entries: 1, bytes: 300 });
    expect(copies.get('a')?.value).toBe('new');
  });

  it('expires a copy at its deadline on the injected clock', () => {
    const clock = createManualClock();
    const copies = createLocalCopies(1000, clock.now);
    copies.remember('ns', 'g1', 'short', copyOf('S'), clock.now() + 1000);
    copies.remember('ns', 'g1', 'forever', copyOf('F'), null);
    clock.advance(999);
    expect(copies.get('short')?.value).toBe('S');
    clock.advance(1);
    expect(copies.get('short')).toBeUndefined();
    expect(copies.usage()).toEqual({ entries: 1, bytes: 10 });
    clock.advance(10 ** 9);
    expect(copies.get('forever')?.value).toBe('F');
  });

  it("drops a namespace's copies when a new generation is observed or the namespace is invalidated here", () => {
    const copies = createLocalCopies(1000, Date.now);
    copies.remember('products', 'g1', 'products:g1:a', copyOf('A'), null);
    copies.remember('orders', 'o1', 'orders:o1:a', copyOf('O'), null);
    copies.observeGeneration('products', 'g1');
    expect(copies.usage().entries).toBe(2);
    copies.observeGeneration('products', 'g2');
    expect(copies.get('products:g1:a')).toBeUndefined();
    expect(copies.get('orders:o1:a')?.value).toBe('O');

    copies.remember('products', 'g2', 'products:g2:a', copyOf('A2'), null);
    copies.forgetNamespace('products');
    expect(copies.usage()).toEqual({ entries: 1, bytes: 10 });
    copies.clear();
    expect(copies.usage()).toEqual({ entries: 0, bytes: 0 });
  });

  it('a copy of a newer generation replaces the older ones of its namespace', () => {
    const copies = createLocalCopies(1000, Date.now);
    copies.remember('products', 'g1', 'products:g1:a', copyOf('A'), null);
    copies.remember('products', 'g2', 'products:g2:b', copyOf('B'), null);
    expect(copies.get('products:g1:a')).toBeUndefined();
    expect(copies.usage().entries).toBe(1);
  });

  it('hands out deep-frozen values: a mutation throws instead of reaching other callers', () => {
    const copies = createLocalCopies(1000, Date.now);
    const page = { rows: [{ id: 1, price: '9.03', tags: new Set(['x']) }], total: 1 };
    const kept = copies.remember('ns', 'g1', 'page', copyOf(page), null);
    const served = copies.get('page')?.value as typeof page;
    expect(served).toBe(kept?.value);
    expect(() => {
      served.rows[0]!.price = '0.00';
    }).toThrow(TypeError);
    expect(() => served.rows.push({ id: 2, price: '1.00', tags: new Set() })).toThrow(TypeError);
    expect(() => {
      served.total = 2;
    }).toThrow(TypeError);
    expect(copies.get('page')?.value).toEqual({ rows: [{ id: 1, price: '9.03', tags: new Set(['x']) }], total: 1 });
  });

  it('is off with a budget of 0 and rejects a negative or non-finite one', () => {
    const off = createLocalCopies(0, Date.now);
    expect(off.enabled).toBe(false);
    expect(off.remember('ns', 'g1', 'a', copyOf('A', 1), null)).toBeUndefined();
    expect(createLocalCopies(1, Date.now).enabled).toBe(true);
    expect(() => createLocalCopies(-1, Date.now)).toThrow(RangeError);
    expect(() => createLocalCopies(Number.NaN, Date.now)).toThrow(RangeError);
  });
});
