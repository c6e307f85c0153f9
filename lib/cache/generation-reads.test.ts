/**
 * Shared generation reads (generation-reads.ts): callers that ask before the
 * read is sent share it, and a caller that begins after it was sent never
 * does. The race is forced: the first read's reply is held in flight (the
 * value it carries was read when it was sent), a write is acknowledged, and
 * only then does the second caller begin.
 *
 * The broken variant is the same cache over a store that shares a read until
 * its reply arrives (as a naive request coalescer would): the second caller
 * then gets the reply that left before the write, and must be caught serving
 * its local copy of the old page.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCache } from './cache';
import { createGenerationReads } from './generation-reads';
import type { CacheStore } from './store';
import { startBackends } from './testing/backends';
import { countingStore } from './testing/counting-store';
import { hangingStore, rejectingStore } from './testing/failing-stores';
import { deferred, type Deferred } from './testing/deferred';
import { recordEvents } from './testing/event-recorder';
import { realClockMemoryHarness, WORKING_STORE_TIMEOUT_MS, type StoreHarness } from './testing/store-harness';

const backends = await startBackends(realClockMemoryHarness);
afterAll(() => backends.stop());

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The store, except that the next get() after hold() reads at once but its reply waits for release(). */
function heldReplyStore(inner: CacheStore) {
  let holding: { sent: Deferred<void>; release: Deferred<void> } | null = null;
  const store: CacheStore = Object.create(inner, {
    get: {
      value: async (key: string) => {
        const held = holding;
        if (!held) return inner.get(key);
        holding = null;
        const value = await inner.get(key); // what the reply carries: the store as the read found it
        held.sent.resolve();
        await held.release.promise;
        return value;
      },
    },
  });
  return {
    store,
    /** Holds the next get's reply; `sent` settles once that read has been answered by the store. */
    hold() {
      holding = { sent: deferred(), release: deferred() };
      return holding;
    },
  };
}

/** DELIBERATELY BROKEN: a get asked while another get of that key is in flight gets that one's reply. */
function sharingInFlightStore(inner: CacheStore): CacheStore {
  const inFlight = new Map<string, Promise<string | null>>();
  return Object.create(inner, {
    get: {
      value: (key: string) => {
        const known = inFlight.get(key);
        if (known) return known;
        const read = inner.get(key).finally(() => inFlight.delete(key));
        inFlight.set(key, read);
        return read;
      },
    },
  });
}

describe('createGenerationReads', () => {
  it('callers that ask in the same turn share one read; a caller after it was sent gets its own', async () => {
    const sent: string[] = [];
    const replies: Array<Deferred<string | null>> = [];
    const reads = createGenerationReads((key) => {
      sent.push(key);
      const reply = deferred<string | null>();
      replies.push(reply);
      return reply.promise;
    });
    const first = reads.read('g');
    const second = reads.read('g');
    const otherKey = reads.read('h');
    expect(second).toBe(first);
    await nextTurn();
    expect(sent).toEqual(['g', 'h']);
    const late = reads.read('g'); // the first read is on its way: not joined
    expect(late).not.toBe(first);
    await nextTurn();
    expect(sent).toEqual(['g', 'h', 'g']);
    replies.forEach((reply, index) => reply.resolve(`v${index}`));
    expect(await Promise.all([first, second, otherKey, late])).toEqual(['v0', 'v0', 'v1', 'v2']);
  });

  it('a failed read rejects every caller that shared it, and the next read is a new one', async () => {
    let calls = 0;
    const reads = createGenerationReads(async () => {
      calls += 1;
      if (calls === 1) throw new Error('store down');
      return 'g2';
    });
    const [a, b] = [reads.read('g'), reads.read('g')];
    await expect(a).rejects.toThrow('store down');
    await expect(b).rejects.toThrow('store down');
    expect(await reads.read('g')).toBe('g2');
    expect(calls).toBe(2);
  });

  it("a failed read is reported once per caller: the sender's inside the call, the others' when it rejects", async () => {
    const order: string[] = [];
    const reads = createGenerationReads(async (_key, reportSender) => {
      reportSender(new Error('store down'));
      order.push('call failed');
      throw new Error('store down');
    });
    const report = (caller: string) => () => order.push(`reported for ${caller}`);
    const callers = ['first', 'second', 'third'].map((caller) => reads.read('g', report(caller)));
    for (const caller of callers) await expect(caller).rejects.toThrow('store down');
    expect(order).toEqual(['reported for first', 'call failed', 'reported for second', 'reported for third']);
  });
});

describe('cached() callers sharing a generation read that fails', () => {
  const requests = new AsyncLocalStorage<string>();
  /** Three requests' hits, begun together; the op, result and request of every event. */
  async function threeRequests(store: CacheStore, timeoutMs: number) {
    const cache = createCache({ store, timeoutMs, circuitBreaker: { failureThreshold: 1 }, logger: { warn: () => undefined } });
    const seen: string[] = [];
    cache.onEvent((event) => seen.push(`${event.op}/${event.result} in ${requests.getStore() ?? 'no request'}`));
    const served = await Promise.all(['a', 'b', 'c'].map((id) => requests.run(id, () => cache.cached('page', async () => `loaded for ${id}`, { namespace: 'products' }))));
    await cache.close();
    return { served, seen };
  }

  it("each serves its loader and reports its own failure in its own request, the sender's before the circuit opens", async () => {
    const { served, seen } = await threeRequests(rejectingStore(), 250);
    expect(served).toEqual(['loaded for a', 'loaded for b', 'loaded for c']);
    expect(seen).toEqual(['error/error in a', 'circuit/open in a', 'error/error in b', 'error/error in c']);
  });

  it('a hanging store costs them one bounded call: each times out once, in its own request', async () => {
    const hanging = countingStore(hangingStore());
    const { served, seen } = await threeRequests(hanging.store, 50);
    expect(served).toEqual(['loaded for a', 'loaded for b', 'loaded for c']);
    expect(hanging.calls('get')).toBe(1);
    expect(seen).toEqual(['timeout/timeout in a', 'circuit/open in a', 'timeout/timeout in b', 'timeout/timeout in c']);
  });
});

describe.each(backends.list)('cached() hits sharing generation reads, $name store', ({ create }) => {
  let harness: StoreHarness;
  beforeEach(() => {
    harness = create();
  });
  afterEach(() => harness.cleanup());

  it('ten hits that arrive together cost one generation read', async () => {
    const counting = countingStore(harness.store);
    const cache = createCache({ store: counting.store, prefix: harness.prefix, timeoutMs: WORKING_STORE_TIMEOUT_MS });
    const read = () => cache.cached('page', async () => 'v1', { namespace: 'products' });
    await read(); // the miss that fills this process's copy
    const before = counting.calls('get');
    expect(await Promise.all(Array.from({ length: 10 }, read))).toEqual(Array(10).fill('v1'));
    expect(counting.calls('get') - before).toBe(1);
  });
});

describe.each(backends.list)('a hit that begins after an acknowledged write, $name store', ({ create }) => {
  let harness: StoreHarness;
  beforeEach(() => {
    harness = create();
  });
  afterEach(() => harness.cleanup());

  for (const variant of [
    { label: 'reads shared only until sent (the design)', broken: false },
    { label: 'reads shared until their reply arrives', broken: true },
  ]) {
    it(`${variant.label}: ${variant.broken ? 'is caught serving the page from before the write' : 'serves the write'}`, async () => {
      const held = heldReplyStore(harness.store);
      const readerStore = variant.broken ? sharingInFlightStore(held.store) : held.store;
      const reader = createCache({ store: readerStore, prefix: harness.prefix, timeoutMs: WORKING_STORE_TIMEOUT_MS });
      const writer = createCache({ store: harness.store, prefix: harness.prefix, timeoutMs: WORKING_STORE_TIMEOUT_MS });
      const events = recordEvents(reader);
      const database = { value: 'v1' };
      const read = () => reader.cached('page', async () => database.value, { namespace: 'products' });
      expect(await read()).toBe('v1'); // a miss: the reader's copy of v1
      expect(await read()).toBe('v1'); // a hit on it

      const { sent, release } = held.hold();
      const early = read(); // its generation read leaves, and its reply is held in flight
      await sent.promise;
      database.value = 'v2';
      await writer.invalidate('products'); // acknowledged before the next read begins
      const late = read();
      await nextTurn();
      release.resolve();
      const [earlyValue, lateValue] = await Promise.all([early, late]);

      // The early read began before the write, so either value is allowed for it.
      expect(['v1', 'v2']).toContain(earlyValue);
      const lookups = events.events.filter((event) => event.op === 'lookup').map((event) => `${event.result}${event.local ? ' (local)' : ''}`);
      console.info(`${variant.label}: the read after the write returned ${lateValue}; lookups ${lookups.join(', ')}`);
      expect(lateValue === 'v2').toBe(!variant.broken);
    });
  }
});
