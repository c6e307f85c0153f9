import { describe, expect, it } from 'vitest';
import { decodeIdList, encodeIdList } from './id-list';

describe('id lists in URLs', () => {
  it('writes runs of consecutive ids compactly and reads them back', () => {
    expect(encodeIdList([5, 3, 4, 12, 40, 41, 4])).toBe('3-5.12.40-41');
    expect(decodeIdList('3-5.12.40-41')).toEqual([3, 4, 5, 12, 40, 41]);
    const page = Array.from({ length: 1000 }, (_, n) => 2000 - n);
    expect(encodeIdList(page)).toBe('1001-2000');
    expect(decodeIdList(encodeIdList(page))).toHaveLength(1000);
  });

  it.each(['', 'abc', '1-', '-1', '5-3', '0', '1..2', '1.2.', '2147483648', '1-1001', ' 1', '1;2', ['1']])('refuses %j', (text) => {
    expect(decodeIdList(text)).toBeNull();
  });
});
