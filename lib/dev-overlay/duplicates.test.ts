import { describe, expect, it } from 'vitest';
import { groupQueries, normalizeSql } from './duplicates';

describe('similar and duplicate queries', () => {
  it('counts same text as similar and same text + params as duplicate', () => {
    const groups = groupQueries([
      { text: 'select * from products where id = $1', params: [1] },
      { text: 'select * from products where id = $1', params: [2] },
      { text: 'select * from products where id = $1', params: [1] },
      { text: 'select count(*) from products', params: [] },
    ]);
    expect(groups.similar).toEqual([3, 3, 3, 1]);
    expect(groups.duplicate).toEqual([2, 1, 2, 1]);
    expect(groups.similarExtra).toBe(2);
    expect(groups.duplicateExtra).toBe(1);
  });

  it('ignores whitespace differences in the SQL text', () => {
    expect(normalizeSql('select  *\n  from t ')).toBe('select * from t');
    const groups = groupQueries([
      { text: 'select *\nfrom t', params: [] },
      { text: 'select * from t', params: [] },
    ]);
    expect(groups.duplicateExtra).toBe(1);
  });

  it('tells parameters apart by value and type, including bigints and dates', () => {
    const date = new Date('2026-01-01T00:00:00Z');
    const groups = groupQueries([
      { text: 'q', params: [1] },
      { text: 'q', params: ['1'] },
      { text: 'q', params: [10n] },
      { text: 'q', params: [10n] },
      { text: 'q', params: [date] },
      { text: 'q', params: [new Date(date)] },
    ]);
    expect(groups.duplicate).toEqual([1, 1, 2, 2, 2, 2]);
    expect(groups.similarExtra).toBe(5);
  });

  it('reports nothing for an empty request', () => {
    expect(groupQueries([])).toEqual({ similar: [], duplicate: [], similarExtra: 0, duplicateExtra: 0 });
  });
});
