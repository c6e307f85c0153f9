import { describe, expect, it } from 'vitest';
import type { RequestSummary } from '@/lib/dev-overlay/types';
import { cacheOpLabel, cacheResultLabel, formatMs, pillText, requestTitle } from './format';

const summary: RequestSummary = {
  id: 'r',
  method: 'GET',
  path: '/',
  label: 'page',
  startedAtEpochMs: 0,
  status: 200,
  totalMs: 41.2,
  cache: { calls: 2, byOp: { lookup: 1, fill: 1 }, hits: 0, misses: 1, hitRatio: 0, bytes: 100, timeMs: 0.61, errors: 0 },
  sql: { count: 1, timeMs: 3.21, rows: 20, duplicates: 0, similar: 0, slow: 0, errors: 0 },
  warnings: [],
};

describe('overlay text', () => {
  it('reads like the issue’s pill', () => {
    expect(pillText(summary)).toBe('SQL 1 · 3.2 ms | Cache 0/1 hit · 1 miss · 0.6 ms | 41 ms');
  });

  it('adds what the action before a page did to the cache, so its miss shows on the page', () => {
    const action = { ...summary, id: 'a', method: 'POST', label: 'action', cache: { ...summary.cache, byOp: { invalidate: 1, lookup: 1, fill: 1 } } };
    const reload = { ...summary, cache: { ...summary.cache, hits: 1, misses: 0 } };
    expect(pillText(reload, { summary: action, cache: [], gapMs: 12_000 })).toBe(
      'SQL 1 · 3.2 ms | Cache 1/1 hit · 0 miss · 0.6 ms | 41 ms | after POST / (action): 1 invalidate · 1 miss',
    );
    expect(cacheResultLabel({ result: 'hit', local: true })).toBe('hit (local)');
  });

  it('shows a running request’s total as pending', () => {
    expect(pillText({ ...summary, totalMs: null })).toMatch(/\| …$/);
    expect(formatMs(12_345)).toBe('12.3 s');
  });

  it('labels actions and cache operations', () => {
    expect(requestTitle({ ...summary, method: 'POST', label: 'action' })).toBe('POST / (action)');
    expect(requestTitle(summary)).toBe('GET /');
    expect(cacheOpLabel('fill', 'stale-rejected')).toBe('refill rejected');
    expect(cacheOpLabel('fill', 'not-admitted')).toBe('refill not kept (over budget)');
    expect(cacheOpLabel('lease-wait', 'waited-hit')).toBe('lease/wait');
    expect(cacheOpLabel('incr', 'ok')).toBe('incr');
  });
});
