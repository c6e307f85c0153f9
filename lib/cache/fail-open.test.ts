import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createCache } from './cache';
import { CacheInvalidationError, CacheStoreError, CacheValueError } from './errors';
import { recordEvents } from './testing/event-recorder';
import { hangingStore, rejectingStore } from './testing/failing-stores';
import type { CacheStore } from './store';
import { createUpstashStore } from './stores/upstash-store';

function cacheOver(store: CacheStore, timeoutMs = 250) {
  const warnings: string[] = [];
  const cache = createCache({ store, timeoutMs, logger: { warn: (message) => warnings.push(message) } });
  return { cache, warnings, recorder: recordEvents(cache) };
}

describe('fail open: the store rejects every call (Redis down)', () => {
  it('cached() serves the loader, reports error events, opens the circuit after 3, and warns once for the burst', async () => {
    const { cache, warnings, recorder } = cacheOver(rejectingStore());
    for (let i = 0; i < 5; i += 1) expect(await cache.cached(`k${i}`, async () => ({ row: i }))).toEqual({ row: i });
    expect(recorder.steps()).toEqual([
      ['error', 'error'],
      ['error', 'error'],
      ['error', 'error'],
      ['circuit', 'open'],
      ['error', 'circuit-open'],
      ['error', 'circuit-open'],
    ]);
    expect(cache.circuitState()).toBe('open');
    expect(recorder.events[0]?.error).toContain('ECONNREFUSED');
    expect(recorder.events[0]?.error).toMatch(/^lookup: /);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('cache unavailable');
    await cache.close();
  });

  it('low-level reads return defaults and writes report false', async () => {
    const { cache } = cacheOver(rejectingStore());
    expect(await cache.get('k', 'default')).toBe('default');
    expect(await cache.getMany(['a', 'b'])).toEqual({});
    expect(await cache.set('k', 1)).toBe(false);
    expect(await cache.add('k', 1)).toBe(false);
    expect(await cache.delete('k')).toBe(false);
    expect(await cache.touch('k')).toBe(false);
    expect(await cache.setMany({ a: 1, b: 2 })).toEqual(['a', 'b']);
    expect(await cache.getOrSet('k', async () => 'loaded')).toBe('loaded');
    expect(await cache.clear()).toBe(0);
    await cache.close();
  });

  it('incr/decr throw CacheStoreError and invalidate throws CacheInvalidationError', async () => {
    const { cache, recorder } = cacheOver(rejectingStore());
    await expect(cache.incr('k')).rejects.toBeInstanceOf(CacheStoreError);
    await expect(cache.decr('k')).rejects.toBeInstanceOf(CacheStoreError);
    const invalidation = cache.invalidate('products');
    await expect(invalidation).rejects.toBeInstanceOf(CacheInvalidationError);
    await expect(invalidation).rejects.toMatchObject({ namespace: 'products' });
    // The third consecutive failure also opens the circuit.
    expect(recorder.steps().slice(-3)).toEqual([
      ['error', 'error'],
      ['circuit', 'open'],
      ['invalidate', 'error'],
    ]);
  });

  it('tells onStoreFailure once per failed call, a failed invalidate included, and never for a caller\'s mistake', async () => {
    const { cache } = cacheOver(rejectingStore());
    const failures: string[] = [];
    cache.onStoreFailure((failure) => failures.push(`${failure.operation}${failure.circuitOpen ? ' (circuit open)' : ''}`));
    await cache.get('a');
    await cache.invalidate('products').catch(() => undefined);
    await cache.get('b'); // the third failure opens the circuit
    await cache.get('c'); // skipped, and said so
    expect(failures).toEqual(['get', 'invalidate', 'get', 'get (circuit open)']);
    await expect(cache.set('d', () => 1)).rejects.toBeInstanceOf(CacheValueError);
    expect(failures).toHaveLength(4);
  });

  it("passes the loader's own error through unchanged", async () => {
    const { cache } = cacheOver(rejectingStore());
    const failure = new Error('database unavailable');
    await expect(
      cache.cached('k', async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
  });
});

describe('fail open: the store never answers (Redis hanging), timeoutMs 50', () => {
  it('cached() still resolves with the loader value, and the events say timeout', async () => {
    const { cache, recorder, warnings } = cacheOver(hangingStore(), 50);
    const values = await Promise.all([cache.cached('a', async () => 'A'), cache.cached('b', async () => 'B')]);
    expect(values).toEqual(['A', 'B']);
    expect(recorder.steps()).toEqual([
      ['timeout', 'timeout'],
      ['timeout', 'timeout'],
    ]);
    expect(warnings).toHaveLength(1);
    await cache.close();
  });

  it('get returns the default, incr and invalidate throw typed errors marked as timeouts', async () => {
    const { cache } = cacheOver(hangingStore(), 50);
    expect(await cache.get('k', 'default')).toBe('default');
    await expect(cache.incr('k')).rejects.toMatchObject({ name: 'CacheStoreError', timedOut: true });
    const invalidation = cache.invalidate('products');
    await expect(invalidation).rejects.toBeInstanceOf(CacheInvalidationError);
    await expect(invalidation).rejects.toMatchObject({ cause: { timedOut: true } });
    await cache.close();
  });
});

describe("failing open never hides the caller's mistakes, nor keeps a connection", () => {
  it('cached() refuses a value no store could hold also while the store is down, and with ttl 0', async () => {
    const { cache, recorder } = cacheOver(rejectingStore());
    await expect(cache.cached('k', async () => ({ format: () => '' }))).rejects.toBeInstanceOf(CacheValueError);
    await expect(cache.set('k', () => 1)).rejects.toBeInstanceOf(CacheValueError);
    expect(recorder.steps()).toEqual([['error', 'error']]); // the lookup's own failure, nothing for the refusals
    const { createMemoryStore } = await import('./stores/memory-store');
    await expect(cacheOver(createMemoryStore()).cache.cached('k', async () => () => 1, { ttl: 0 })).rejects.toBeInstanceOf(CacheValueError);
  });

  it('close() releases the store while the circuit is open (it once skipped it, leaving ioredis reconnecting)', async () => {
    let closes = 0;
    const store: CacheStore = {
      ...rejectingStore(),
      close: async () => {
        closes += 1;
      },
    };
    const { cache } = cacheOver(store);
    for (let i = 0; i < 3; i += 1) await cache.get('k');
    expect(cache.circuitState()).toBe('open');
    await cache.close();
    expect(closes).toBe(1);
  });
});

describe('ping(): the health check', () => {
  it('resolves on a working store and throws CacheStoreError (marked timeout when hanging) otherwise', async () => {
    const { createMemoryStore } = await import('./stores/memory-store');
    await expect(cacheOver(createMemoryStore()).cache.ping()).resolves.toBeUndefined();
    await expect(cacheOver(rejectingStore()).cache.ping()).rejects.toBeInstanceOf(CacheStoreError);
    await expect(cacheOver(hangingStore(), 50).cache.ping()).rejects.toMatchObject({ timedOut: true });
  });
});

describe('fail open: the real Upstash store with nothing listening at its URL', () => {
  it('cached() serves the loader and get returns the default', async () => {
    const store = createUpstashStore({ url: 'http://127.0.0.1:9', token: 'unused' });
    const { cache, recorder } = cacheOver(store);
    expect(await cache.cached('k', async () => 'from the database')).toBe('from the database');
    expect(await cache.get('k', 'default')).toBe('default');
    expect(recorder.events.every((event) => event.op === 'error' || event.op === 'timeout')).toBe(true);
    await cache.close();
  });
});

describe('the circuit breaker in front of a hanging store', () => {
  it('after 3 timeouts calls fail at once instead of each waiting, and one probe closes it when the store is back', async () => {
    const { createMemoryStore } = await import('./stores/memory-store');
    const working = createMemoryStore();
    let hanging = true;
    // Hangs while `hanging`, then answers like a healthy store.
    const store = new Proxy(working, {
      get: (target, property) => {
        const member = target[property as keyof CacheStore];
        if (typeof member !== 'function') return member;
        return (...args: unknown[]) => (hanging ? new Promise(() => {}) : (member as (...a: unknown[]) => unknown).apply(target, args));
      },
    }) as CacheStore;
    const cache = createCache({ store, timeoutMs: 50, circuitBreaker: { failureThreshold: 3, openMs: 60_000 }, logger: { warn: () => {} } });
    const recorder = recordEvents(cache);
    for (let i = 0; i < 10; i += 1) expect(await cache.get('k', 'default')).toBe('default');
    const results = recorder.events.filter((event) => event.op !== 'circuit').map((event) => event.result);
    expect(results).toEqual([...Array(3).fill('timeout'), ...Array(7).fill('circuit-open')]);

    const probing = createCache({ store, timeoutMs: 50, circuitBreaker: { failureThreshold: 1, openMs: 1 }, logger: { warn: () => {} } });
    const probeEvents = recordEvents(probing);
    await probing.get('k');
    expect(probing.circuitState()).toBe('open');
    hanging = false;
    await sleep(5);
    await probing.set('k', 'v');
    expect(probing.circuitState()).toBe('closed');
    expect(await probing.get('k')).toBe('v');
    expect(probeEvents.steps().filter(([op]) => op === 'circuit')).toEqual([
      ['circuit', 'open'],
      ['circuit', 'half-open'],
      ['circuit', 'closed'],
    ]);
  });
});
