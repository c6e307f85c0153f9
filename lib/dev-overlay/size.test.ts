import { describe, expect, it } from 'vitest';
import { formatBytes, jsonBytes, utf8Bytes } from './size';

describe('size computation', () => {
  it('counts UTF-8 bytes, not UTF-16 code units', () => {
    expect(utf8Bytes('abc')).toBe(3);
    expect(utf8Bytes('é')).toBe(2);
    expect(utf8Bytes('“x”')).toBe(7);
    expect(utf8Bytes('🍅')).toBe(4);
  });

  it('measures values as JSON, bigints included', () => {
    expect(jsonBytes({ a: 1 })).toBe(7);
    expect(jsonBytes([1n])).toBe(5); // ["1"]
    expect(jsonBytes(undefined)).toBeNull();
  });

  it('returns null for values JSON cannot encode', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(jsonBytes(circular)).toBeNull();
  });

  it('formats bytes for humans', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(8364)).toBe('8.2 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
  });
});
