/**
 * Local copies against writes in another process: once process B's write is
 * acknowledged, process A must not serve its in-process copy of the old data.
 *
 * Run on the real design and on a deliberately broken variant that trusts its
 * copy without reading the generation; the broken one must be caught, or the
 * test proves nothing. Each "process" is a cache instance over one shared store.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCache } from './cache';
import type { Cache } from './types';
import type { CacheStore } from './store';
import { startBackends } from './testing/backends';
import { recordEvents } from './testing/event-recorder';
import type { ReadThroughUnderTest } from './testing/stale-set-scenario';
import { realClockMemoryHarness, WORKING_STORE_TIMEOUT_MS, type StoreHarness } from './testing/store-harness';
import { createTrustingLocalCache } from './testing/trusting-local-cache';

const backends = await startBackends(realClockMemoryHarness);
afterAll(() => backends.stop());

interface Variant {
  label: string;
  broken: boolean;
  /** The design's processes also report events, to show the copy really was used. */
  process(store: CacheStore, prefix: string): ReadThroughUnderTest & Partial<Pick<Cache, 'onEvent'>>;
}

const variants: Variant[] = [
  {
    label: 'local copies checked against the generation (the design)',
    broken: false,
    process: (store, prefix) => createCache({ store, prefix, timeoutMs: WORKING_STORE_TIMEOUT_MS }),
  },
  { label: 'local copies trusted without the generation', broken: true, process: (store, prefix) => createTrustingLocalCache({ store, prefix }) },
];

/**
 * A reads twice (a miss that fills its copy, then a hit on it), B reads too
 * (B's process has a copy as well), then B commits and invalidates, and each
 * process reads again. Returns what those reads after the write returned.
 */
async function readsAfterWriteElsewhere(a: ReadThroughUnderTest, b: ReadThroughUnderTest): Promise<{ inA: string; inB: string; expected: string }> {
  const database = { value: 'v1' };
  const read = (process: ReadThroughUnderTest) => process.cached('page-1', async () => database.value, { namespace: 'products' });
  await read(a);
  await read(a);
  await read(b);
  database.value = 'v2';
  await b.invalidate('products'); // acknowledged
  return { inA: await read(a), inB: await read(b), expected: database.value };
}

describe.each(backends.list)('local copies and writes in another process, $name store', ({ name, create }) => {
  let harness: StoreHarness;
  beforeEach(() => {
    harness = create();
  });
  afterEach(() => harness.cleanup());

  describe.each(variants)('$label', ({ label, broken, process }) => {
    it(broken ? 'is caught serving its stale copy' : 'never serves a copy older than the write', async () => {
      const [a, b] = [process(harness.store, harness.prefix), process(harness.store, harness.prefix)];
      const eventsInA = a.onEvent ? recordEvents({ onEvent: a.onEvent }) : null;
      const { inA, inB, expected } = await readsAfterWriteElsewhere(a, b);
      if (eventsInA) {
        // A's second read was served from its copy, so the read after the write really had a copy to refuse.
        const lookups = eventsInA.events.filter((event) => event.op === 'lookup').map((event) => `${event.result}${event.local ? ' (local)' : ''}`);
        expect(lookups).toEqual(['miss', 'hit (local)', 'miss']);
      }
      console.info(`[${name}] ${label}: process A read ${inA} after B's write of ${expected}${broken ? ' (stale expected)' : ''}`);
      expect(inB).toBe(expected); // the writer's own process drops its copies
      expect(inA === expected).toBe(!broken);
    });
  });
});
