import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer';

describe('RingBuffer', () => {
  it('keeps items newest first until full', () => {
    const ring = new RingBuffer<number>(3);
    expect(ring.push(1)).toBeUndefined();
    expect(ring.push(2)).toBeUndefined();
    expect(ring.newestFirst()).toEqual([2, 1]);
    expect(ring.size).toBe(2);
  });

  it('evicts the oldest item once full, and returns it', () => {
    const ring = new RingBuffer<number>(3);
    [1, 2, 3].forEach((n) => ring.push(n));
    expect(ring.push(4)).toBe(1);
    expect(ring.push(5)).toBe(2);
    expect(ring.newestFirst()).toEqual([5, 4, 3]);
    expect(ring.size).toBe(3);
  });

  it('wraps around many times without losing order', () => {
    const ring = new RingBuffer<number>(4);
    for (let n = 0; n < 103; n += 1) ring.push(n);
    expect(ring.newestFirst()).toEqual([102, 101, 100, 99]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
    expect(() => new RingBuffer(1.5)).toThrow(RangeError);
  });
});
