/** Why a read hit or missed, from the generation: the stories and their sentences. */
import { describe, expect, it } from 'vitest';
import type { CacheEvent } from '@/lib/cache';
import { createStoryTeller, type Origin } from './generation-story';
import { storyText } from './story-text';

const G1 = '3f2a1c0d-0000-4000-8000-000000000001';
const G2 = '9b1c2d3e-0000-4000-8000-000000000002';

function setup() {
  let clock = 1_700_000_000_000;
  const teller = createStoryTeller(() => clock);
  const origin = (id: string): Origin => ({ id, background: false });
  const titles: Record<string, string> = { page: 'GET /', action: 'POST / (action)', reload: 'GET /' };
  const event = (partial: Partial<CacheEvent> & Pick<CacheEvent, 'op'>): CacheEvent => ({ key: 'list:page=1', namespace: 'products', startedAt: 0, durationMs: 1, store: 'memory', ...partial });
  /** Observes `partial` as request `id` did it, and tells its story from now. */
  const tell = (id: string, partial: Partial<CacheEvent> & Pick<CacheEvent, 'op'>) => {
    const story = teller.observe(event(partial), origin(id));
    return story && storyText(story, clock, (who) => (who.id === id ? 'this request' : titles[who.id ?? ''] ?? '?'));
  };
  return { teller, tell, advance: (ms: number) => (clock += ms) };
}

describe('the generation story', () => {
  it('the first read started the generation; the hit after names the request that stored it', () => {
    const { tell, advance } = setup();
    expect(tell('page', { op: 'lookup', result: 'miss', generation: G1, generationStarted: true })).toBe('first read: no generation existed, so this read started 3f2a1c0d');
    tell('page', { op: 'fill', result: 'stored', generation: G1, ttlSeconds: 300 });
    advance(12_000);
    expect(tell('reload', { op: 'lookup', result: 'hit', local: true, generation: G1, generationStarted: false })).toBe(
      "stored by GET /, 12 s before; served from this process's copy after reading only the generation (one small GET)",
    );
  });

  it('after an invalidate, the miss says the generation moved at that request, and when', () => {
    const { teller, tell, advance } = setup();
    tell('page', { op: 'lookup', result: 'miss', generation: G1, generationStarted: true });
    tell('page', { op: 'fill', result: 'stored', generation: G1, ttlSeconds: 300 });
    advance(5_000);
    expect(tell('action', { op: 'invalidate', key: 'products', result: 'ok' })).toBe(
      'retired generation 3f2a1c0d: every entry under it is unreachable now, and the next read starts a new one',
    );
    expect(teller.currentGeneration('products')).toBeNull();
    advance(12_000);
    expect(tell('reload', { op: 'lookup', result: 'miss', generation: G2, generationStarted: true })).toBe(
      'generation moved at POST / (action), 12 s before: the invalidate retired 3f2a1c0d; nothing is stored for this key under 9b1c2d3e yet',
    );
    expect(teller.currentGeneration('products')).toBe(G2);
  });

  it("an action's own re-render: the miss is this request's, right after its invalidate", () => {
    const { tell, advance } = setup();
    tell('page', { op: 'fill', result: 'stored', generation: G1, ttlSeconds: 300 });
    tell('action', { op: 'invalidate', key: 'products', result: 'ok' });
    advance(40);
    expect(tell('action', { op: 'lookup', result: 'miss', generation: G2, generationStarted: true })).toBe(
      'generation moved at this request, 40 ms before: the invalidate retired 3f2a1c0d; nothing is stored for this key under 9b1c2d3e yet',
    );
  });

  it('an invalidate that moved nothing (the sweep repeating a write\'s) does not take the credit', () => {
    const { tell, advance } = setup();
    tell('page', { op: 'lookup', result: 'miss', generation: G1, generationStarted: true });
    tell('page', { op: 'fill', result: 'stored', generation: G1, ttlSeconds: 300 });
    tell('action', { op: 'invalidate', key: 'products', result: 'ok' });
    advance(40);
    expect(tell('sweep', { op: 'invalidate', key: 'products', result: 'ok' })).toBe(
      'deleted the generation key, though none was current as far as this process saw: nothing it read moved',
    );
    advance(5);
    expect(tell('action', { op: 'lookup', result: 'miss', generation: G2, generationStarted: true })).toMatch(/^generation moved at this request, 45 ms before: the invalidate retired 3f2a1c0d;/);
  });

  it('the same generation and no entry: expired after its TTL, or gone before it', () => {
    const { tell, advance } = setup();
    tell('page', { op: 'lookup', result: 'miss', generation: G1, generationStarted: true });
    tell('page', { op: 'fill', result: 'stored', generation: G1, ttlSeconds: 300 });
    advance(10_000);
    expect(tell('reload', { op: 'lookup', result: 'miss', generation: G1, generationStarted: false })).toBe(
      'gone before its TTL: stored by GET /, 10 s before (TTL 300 s), then deleted or evicted',
    );
    tell('page', { op: 'fill', result: 'stored', generation: G1, ttlSeconds: 300 });
    advance(301_000);
    expect(tell('reload', { op: 'lookup', result: 'miss', generation: G1, generationStarted: false })).toBe('expired: stored by GET /, 5 min before, with a 300 s TTL');
  });

  it('a generation another process moved, a new key, and a fill a write overtook', () => {
    const { tell } = setup();
    tell('page', { op: 'fill', result: 'stored', generation: G1, ttlSeconds: 300 });
    expect(tell('reload', { op: 'lookup', result: 'miss', generation: G2, generationStarted: false })).toBe(
      'generation moved since this key was stored (3f2a1c0d → 9b1c2d3e): another process invalidated, or Redis lost the generation; nothing is stored for this key under 9b1c2d3e yet',
    );
    expect(tell('reload', { op: 'lookup', key: 'list:q=okra', result: 'miss', generation: G2, generationStarted: false })).toBe(
      'first read of this key: nothing was stored for it under 9b1c2d3e yet',
    );
    tell('action', { op: 'invalidate', key: 'products', result: 'ok' });
    expect(tell('page', { op: 'fill', result: 'stale-rejected', generation: G2 })).toBe(
      'not stored: the invalidate at POST / (action) retired 9b1c2d3e while this value loaded; it served this request only',
    );
  });

  it('clear() retires every namespace; a hit of an entry stored before the server started says so', () => {
    const { teller, tell } = setup();
    expect(tell('page', { op: 'lookup', result: 'hit', generation: G1 })).toBe('stored before this server started, or by another process');
    expect(teller.currentGeneration('products')).toBe(G1);
    expect(teller.currentGeneration('other')).toBeUndefined();
    tell('action', { op: 'clear', key: 'catalog:*', namespace: undefined, result: 'ok' });
    expect(teller.currentGeneration('products')).toBeNull();
  });
});
