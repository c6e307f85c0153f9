/**
 * The byte budget bounds what a class of entries takes in the store, across
 * processes, and cached() honours it: a refused fill is served, not stored,
 * and releases its lease.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCache } from './cache';
import { startBackends } from './testing/backends';
import { recordEvents } from './testing/event-recorder';
import { createManualClock } from './testing/manual-clock';
import { realClockMemoryHarness, WORKING_STORE_TIMEOUT_MS, type StoreHarness } from './testing/store-harness';
import type { Cache } from './types';

const backends = await startBackends(realClockMemoryHarness);
afterAll(() => backends.stop());

describe.each(backends.list)('byte budget on the $name store', ({ create }) => {
  let harness: StoreHarness;
  let cache: Cache;
  let other: Cache;
  beforeEach(async () => {
    harness = await create();
    const open = () => createCache({ store: harness.store, prefix: harness.prefix, logger: { warn: () => {} }, timeoutMs: WORKING_STORE_TIMEOUT_MS, pollMs: 5 });
    cache = open();
    other = open(); // another process, sharing the store
  });
  afterEach(async () => {
    await harness.cleanup();
  });

  it('admits up to maxBytes across processes, refuses beyond without counting, and frees a window after two', async () => {
    const clock = createManualClock();
    // Value bytes count as Redis spends them: ×1.25 + 128 (the 128 alone here, with a factor of 1).
    const options = { name: 'pages', maxBytes: 1000 + 3 * 128, windowSeconds: 60, now: clock.now, overheadFactor: 1 };
    const here = cache.byteBudget(options);
    const there = other.byteBudget(options);
    expect(await here.admit(400)).toBe(true);
    expect(await there.admit(400)).toBe(true);
    expect(await here.admit(300)).toBe(false); // 1,100 > 1,000
    expect(await there.admit(200)).toBe(true); // the refusal was not counted
    expect(await here.used()).toBe(1000 + 3 * 128);
    expect(await there.admit(1)).toBe(false);
    expect(await here.admit(1001 + 2 * 128)).toBe(false);

    clock.advance(60_000); // the next window: last window's entries may still live
    expect(await here.admit(1)).toBe(false);
    clock.advance(60_000); // two windows on: everything admitted then has expired
    expect(await here.admit(1000 + 2 * 128)).toBe(true);
  });

  it('counts an entry as Redis spends it: the value ×1.25 and 128 bytes', async () => {
    const budget = cache.byteBudget({ name: 'overhead', maxBytes: 10_000, windowSeconds: 60 });
    expect(await budget.admit(1000)).toBe(true);
    expect(await budget.used()).toBe(1250 + 128);
  });

  it('makes cached() serve a value it may not store, without storing it, and release the lease', async () => {
    const budget = cache.byteBudget({ name: 'lists', maxBytes: 400, windowSeconds: 300 });
    const events = recordEvents(cache);
    let loads = 0;
    const load = (size: number) => async () => ({ load: ++loads, pad: 'x'.repeat(size) });
    expect(await cache.cached('small', load(10), { namespace: 'ns', admit: budget.admit })).toMatchObject({ load: 1 });
    expect(await cache.cached('big', load(500), { namespace: 'ns', admit: budget.admit })).toMatchObject({ load: 2 });
    // The budget's own bookkeeping is not the caller's traffic: only the fills show.
    expect(events.steps().filter(([op]) => op !== 'lookup')).toEqual([
      ['fill', 'stored'],
      ['fill', 'not-admitted'],
    ]);
    // Stored: a hit. Not stored: loaded again, at once (no lease left behind to wait on).
    const seenThere = recordEvents(other);
    expect(await other.cached('small', load(10), { namespace: 'ns', admit: budget.admit })).toMatchObject({ load: 1 });
    expect(await other.cached('big', load(500), { namespace: 'ns', admit: budget.admit })).toMatchObject({ load: 3 });
    expect(seenThere.steps().filter(([op]) => op === 'lease-wait')).toEqual([]);
  });

  it('treats an admission that fails as a refusal', async () => {
    const value = await cache.cached('k', async () => 'v', {
      namespace: 'ns',
      admit: () => {
        throw new Error('budget unreadable');
      },
    });
    expect(value).toBe('v');
    expect(await other.cached('k', async () => 'loaded again', { namespace: 'ns' })).toBe('loaded again');
  });
});
