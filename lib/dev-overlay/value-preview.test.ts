import { describe, expect, it } from 'vitest';
import { fullValueText, previewValue } from './value-preview';

describe('cache value preview', () => {
  it('shows short values whole, as JSON with dates as ISO strings', () => {
    expect(previewValue({ id: 1, title: 'Okra', at: new Date(Date.UTC(2026, 10, 30)) })).toBe('{"id": 1, "title": "Okra", "at": "2026-11-30T00:00:00.000Z"}');
    expect(previewValue('hello')).toBe('"hello"');
    expect(previewValue(null)).toBe('null');
    expect(previewValue([1, [2, 3]])).toBe('[1, [2, 3]]');
  });

  it('cuts a large value short, with an ellipsis', () => {
    const rows = Array.from({ length: 100_000 }, (_, id) => ({ id, title: `Product ${id}` }));
    const preview = previewValue({ rows, total: rows.length }, 80);
    expect(preview).toHaveLength(81);
    expect(preview.endsWith('…')).toBe(true);
    expect(preview.startsWith('{"rows": [{"id": 0, "title": "Product 0"}')).toBe(true);
  });

  it('expands to indented JSON, and says when it had to cut', () => {
    expect(fullValueText({ a: [1, 2] })).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
    const text = fullValueText({ big: 'x'.repeat(50) }, 20);
    expect(text).toMatch(/^\{\n {2}"big": "x{8}\n… \(\d+ more characters not shown\)$/);
  });
});
