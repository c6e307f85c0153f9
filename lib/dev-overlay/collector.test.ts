import { describe, expect, it } from 'vitest';
import type { CacheEvent } from '@/lib/cache';
import { createCollector } from './collector';
import type { RawQuery } from './summary';

const meta = { method: 'GET', path: '/', label: 'page' };

function cacheEvent(partial: Partial<CacheEvent> & Pick<CacheEvent, 'op' | 'startedAt'>): CacheEvent {
  return { key: 'k', durationMs: 1, store: 'memory', ...partial };
}

function query(partial: Partial<RawQuery> & Pick<RawQuery, 'startedAt'>): RawQuery {
  return { text: 'select 1', params: [], durationMs: 2, rows: 1, driver: 'pglite', ...partial };
}

function collector(capacity = 50) {
  let clock = 1000;
  const c = createCollector({ capacity, now: () => clock, epochNow: () => 1_700_000_000_000 + clock });
  return { c, advance: (ms: number) => (clock += ms) };
}

describe('the dev overlay collector', () => {
  it('records cache events and queries under their request, with offsets from its start', () => {
    const { c } = collector();
    c.begin('r1', meta, 1000);
    c.recordCache('r1', cacheEvent({ op: 'lookup', startedAt: 1005, result: 'miss', storedKey: 'catalog:rt:x' }));
    c.recordQuery('r1', query({ startedAt: 1006, durationMs: 3.2, rows: 20 }));
    c.recordCache('r1', cacheEvent({ op: 'fill', startedAt: 1010, result: 'stored', bytes: 500, ttlSeconds: 300 }));
    c.finish('r1', 200, 1041);

    const lookup = c.lookup('r1');
    if (!('found' in lookup)) throw new Error('expected the request');
    const { summary, cache, sql } = lookup.found;
    expect(summary).toMatchObject({ id: 'r1', status: 200, totalMs: 41, method: 'GET', path: '/' });
    expect(summary.cache).toMatchObject({ calls: 2, hits: 0, misses: 1, hitRatio: 0, bytes: 500, byOp: { lookup: 1, fill: 1 } });
    expect(summary.sql).toMatchObject({ count: 1, timeMs: 3.2, rows: 20, duplicates: 0 });
    expect(cache.map((event) => [event.offsetMs, event.op, event.result])).toEqual([
      [5, 'lookup', 'miss'],
      [10, 'fill', 'stored'],
    ]);
    expect(cache[1]).toMatchObject({ bytes: 500, ttlSeconds: 300 });
    expect(sql[0]).toMatchObject({ offsetMs: 6, durationMs: 3.2, rows: 20, paramBytes: 2 });
  });

  it('takes hit and miss from the cache layer’s own result, lease waits included', () => {
    const { c } = collector();
    c.begin('r', meta, 0);
    c.recordCache('r', cacheEvent({ op: 'lookup', startedAt: 1, result: 'hit' }));
    c.recordCache('r', cacheEvent({ op: 'get', startedAt: 2, result: 'miss' }));
    c.recordCache('r', cacheEvent({ op: 'lease-wait', startedAt: 3, result: 'waited-hit' }));
    c.recordCache('r', cacheEvent({ op: 'delete', startedAt: 4, result: 'hit' })); // not a read
    c.recordCache('r', cacheEvent({ op: 'set', startedAt: 5, result: 'stored' }));
    const lookup = c.lookup('r');
    if (!('found' in lookup)) throw new Error('expected the request');
    expect(lookup.found.summary.cache).toMatchObject({ hits: 2, misses: 1, calls: 5 });
    expect(lookup.found.summary.cache.hitRatio).toBeCloseTo(2 / 3);
  });

  it('flags duplicate and slow queries and cache errors as warnings', () => {
    const c = createCollector({ slowQueryMs: 50 });
    c.begin('r', meta, 0);
    c.recordQuery('r', query({ startedAt: 1, text: 'select * from p where id = $1', params: [1] }));
    c.recordQuery('r', query({ startedAt: 2, text: 'select * from p where id = $1', params: [1] }));
    c.recordQuery('r', query({ startedAt: 3, text: 'select * from p where id = $1', params: [2], durationMs: 80 }));
    c.recordCache('r', cacheEvent({ op: 'timeout', startedAt: 4, result: 'timeout', error: 'lookup timed out' }));
    const lookup = c.lookup('r');
    if (!('found' in lookup)) throw new Error('expected the request');
    const { summary, sql } = lookup.found;
    expect(summary.sql).toMatchObject({ duplicates: 1, similar: 2, slow: 1 });
    expect(summary.cache.errors).toBe(1);
    expect(summary.warnings).toEqual(['1 duplicate query', '1 slow query (over 50 ms)', '1 cache error']);
    expect(sql.map((entry) => [entry.duplicate, entry.similar])).toEqual([[2, 3], [2, 3], [1, 3]]);
  });

  it('opens a request lazily when an event comes before begin(), then takes its metadata', () => {
    const { c } = collector();
    c.recordQuery('early', query({ startedAt: 900 }));
    c.begin('early', { method: 'POST', path: '/', label: 'action' }, 950);
    const lookup = c.lookup('early');
    if (!('found' in lookup)) throw new Error('expected the request');
    expect(lookup.found.summary).toMatchObject({ method: 'POST', label: 'action' });
    expect(lookup.found.sql[0]!.offsetMs).toBe(0); // the start is the earlier of the two
  });

  it('keeps the last N requests newest first, and says when one was evicted', () => {
    const { c } = collector(3);
    for (const id of ['a', 'b', 'c', 'd']) c.begin(id, { ...meta, path: `/${id}` });
    expect(c.list().requests.map((request) => request.id)).toEqual(['d', 'c', 'b']);
    expect(c.lookup('a')).toEqual({ evicted: true });
    expect(c.lookup('zzz')).toEqual({ unknown: true });
    // A late event for an evicted request must not resurrect it.
    c.recordQuery('a', query({ startedAt: 5000 }));
    expect(c.lookup('a')).toEqual({ evicted: true });
    expect(c.list().requests).toHaveLength(3);
  });

  it('reports a running request with no status and no total yet', () => {
    const { c } = collector();
    c.begin('r', meta);
    expect(c.list().requests[0]).toMatchObject({ status: null, totalMs: null, warnings: [] });
    c.finish('unknown-id', 200); // ignored, no throw
  });

  it('caps the events kept per request', () => {
    const c = createCollector({ maxEntriesPerRequest: 2 });
    c.begin('r', meta, 0);
    for (let i = 0; i < 5; i += 1) c.recordQuery('r', query({ startedAt: i }));
    expect(c.list().requests[0]!.sql.count).toBe(2);
  });
});
