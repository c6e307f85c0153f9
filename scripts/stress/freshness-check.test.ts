import { describe, expect, it } from 'vitest';
import { findViolations, type ReadRecord, type WriteRecord } from './freshness-check';

const write = (item: number, version: number, ackAt: number): WriteRecord => ({ item, version, ackAt });
const read = (item: number, version: number, startedAt: number): ReadRecord => ({ item, version, startedAt, source: 'row' });

describe('the offline freshness checker', () => {
  it('flags a read that started after an acknowledged write and saw an older version', () => {
    const violations = findViolations([write(1, 2, 10)], [read(1, 1, 11)]);
    expect(violations).toEqual([{ read: read(1, 1, 11), required: 2, ackedMsBefore: 1 }]);
  });

  it('accepts either version for reads that overlap the write', () => {
    expect(findViolations([write(1, 2, 10)], [read(1, 1, 10), read(1, 1, 5), read(1, 2, 5)])).toEqual([]);
  });

  it('requires the highest acknowledged version, whatever order acks arrived in', () => {
    const writes = [write(1, 3, 20), write(1, 2, 25)];
    expect(findViolations(writes, [read(1, 2, 30)]).map((violation) => violation.required)).toEqual([3]);
    expect(findViolations(writes, [read(1, 3, 30), read(1, 4, 30)])).toEqual([]);
  });

  it('keeps items apart', () => {
    expect(findViolations([write(1, 5, 10)], [read(2, 1, 20)])).toEqual([]);
  });
});
