import { describe, expect, it } from 'vitest';
import type { CacheEvent } from '@/lib/cache';
import { createCollector } from './collector';
import { createStoryTeller } from './generation-story';
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

  it("keeps background work apart: no request's counts, duplicates or warnings include it", () => {
    const { c, advance } = collector();
    c.begin('first', meta, 1000);
    c.recordQuery('first', query({ startedAt: 1001 }));
    c.finish('first', 200, 1050);
    // The sweep: a timer started during the first request still carries its context, every second.
    for (let second = 1; second <= 3; second += 1) c.recordQuery('first', query({ startedAt: 1050 + second * 1000, text: 'select id, namespace from cache_invalidations' }));
    // Its cache calls too; the caller learns so, and tells the story as background work's.
    expect(c.recordCache('first', cacheEvent({ op: 'invalidate', key: 'products', namespace: 'products', result: 'ok', startedAt: 4100 }))).toBe(false);
    // And work outside any request (start-up, a sweep started there).
    c.recordBackgroundQuery(query({ startedAt: 900, text: 'select count(*) from products' }));
    c.recordBackgroundCache(cacheEvent({ op: 'invalidate', key: 'products', namespace: 'products', result: 'ok', startedAt: 950 }));
    advance(5000);
    const lookup = c.lookup('first');
    if (!('found' in lookup)) throw new Error('expected the request');
    expect(lookup.found.summary.sql).toMatchObject({ count: 1, duplicates: 0 });
    expect(lookup.found.summary.warnings).toEqual([]);
    const background = c.background();
    expect(background.totals).toMatchObject({ queries: 4, cacheCalls: 2 });
    expect(background.entries.map((entry) => [entry.kind, entry.why])).toEqual([
      ['cache', 'no request'],
      ['sql', 'no request'],
      ['cache', 'after GET / had finished (a timer it started)'],
      ['sql', 'after GET / had finished (a timer it started)'],
      ['sql', 'after GET / had finished (a timer it started)'],
      ['sql', 'after GET / had finished (a timer it started)'],
    ]);
    expect(c.list().requests.map((request) => request.id)).toEqual(['first']);
  });

  it('shows a page with the action it came after, and explains each read from the generation', () => {
    let clock = 1_700_000_000_000;
    const stories = createStoryTeller(() => clock);
    const c = createCollector({ now: () => clock, epochNow: () => clock, currentGeneration: (namespace) => stories.currentGeneration(namespace) });
    /** Records `event` as request `id` did it, the story told as install.ts tells it. */
    const record = (id: string, event: CacheEvent) => c.recordCache(id, { ...event, story: stories.observe(event, { id, background: false }) });
    const read = { namespace: 'products', key: 'list:page=1', storedKey: 'app:rt:{products}:g1:list:page=1', generation: 'g1' };
    c.begin('page', meta, clock);
    record('page', cacheEvent({ op: 'lookup', result: 'miss', generationStarted: true, startedAt: clock, ...read }));
    record('page', cacheEvent({ op: 'fill', result: 'stored', ttlSeconds: 300, startedAt: clock, ...read }));
    clock += 5000;
    c.begin('action', { method: 'POST', path: '/', label: 'action' }, clock);
    record('action', cacheEvent({ op: 'invalidate', key: 'products', namespace: 'products', result: 'ok', startedAt: clock }));
    const again = { ...read, storedKey: 'app:rt:{products}:g2:list:page=1', generation: 'g2' };
    record('action', cacheEvent({ op: 'lookup', result: 'miss', generationStarted: true, startedAt: clock + 3, ...again }));
    record('action', cacheEvent({ op: 'fill', result: 'stored', ttlSeconds: 300, startedAt: clock + 9, ...again }));
    clock += 12_000;
    c.begin('reload', { ...meta, after: 'action' }, clock);
    record('reload', cacheEvent({ op: 'lookup', result: 'hit', local: true, generationStarted: false, startedAt: clock, ...again }));

    const lookup = c.lookup('reload');
    if (!('found' in lookup)) throw new Error('expected the request');
    const { summary, cache, follows } = lookup.found;
    expect(summary.after).toBe('action');
    expect(cache[0]).toMatchObject({ generation: 'g2', why: expect.stringMatching(/^stored by POST \/ \(action\), 12 s before; served from this process's copy/) });
    expect(follows).toMatchObject({ summary: { id: 'action', label: 'action' }, gapMs: 12_000 });
    expect(follows!.cache.map((entry) => [entry.op, entry.result, entry.why])).toEqual([
      ['invalidate', 'ok', 'retired generation g1: every entry under it is unreachable now, and the next read starts a new one'],
      ['lookup', 'miss', 'generation moved at this request, 3 ms before: the invalidate retired g1; nothing is stored for this key under g2 yet'],
      ['fill', 'stored', undefined],
    ]);
    // The first page's entries are under the retired generation now.
    const first = c.lookup('page');
    if (!('found' in first)) throw new Error('expected the request');
    expect(first.found.cache.map((entry) => entry.deadGeneration)).toEqual([true, true]);
    expect(first.found.cache[0]!.why).toBe('first read: no generation existed, so this read started g1');
    expect(follows!.cache[1]!.deadGeneration).toBeUndefined();
  });
});
