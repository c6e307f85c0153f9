/**
 * Cache faults against real sockets: the native Redis store talks through a
 * TCP proxy to the real Redis, the data layer to the real
 * PostgreSQL. The proxy refuses or hangs; the machine's Redis is never touched
 * beyond this suite's own key prefix. Behaviour is asserted; latencies are printed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { saved } from '@/lib/actions/outcomes';
import { type ListQuery, listQuery } from '@/lib/validation/list-query';
import { postgresReachable, redisReachable } from '../../scripts/lib/local-services';
import { CACHE_TIMEOUT_MS, eventually, startFaultRig, type FaultRig } from './fault-rig';
import { median } from '../../scripts/bench/stats';

const servicesUp = (await redisReachable()) && (await postgresReachable());
if (!servicesUp) console.warn('\n!!! SKIPPING the cache fault tests: they need the real Redis and PostgreSQL. !!!\n');

const firstPage: ListQuery = listQuery({ page: 1, size: 10, q: '' });

describe.skipIf(!servicesUp)('cache faults (native Redis store -> proxy -> Redis)', () => {
  let rig: FaultRig;
  let productId: number;

  beforeAll(async () => {
    rig = await startFaultRig();
  });
  afterAll(() => rig?.close());
  beforeEach(async () => {
    await rig.cacheProxy.setMode('forward');
    await rig.renew();
    productId = (await rig.repository.create({ title: `Fault probe ${Date.now()}`, price: '1.00' })).value.id;
  });

  const lookups = () => rig.events.filter((event) => event.op === 'lookup').map((event) => event.result);
  const versionSeen = async () => (await rig.repository.listPage(firstPage)).rows.find((row) => row.id === productId)?.version;

  /** Reads `count` pages while the cache is broken; returns each read's duration (printed, not asserted). */
  async function readsWhileBroken(count: number): Promise<number[]> {
    const durations: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const started = performance.now();
      const page = await rig.repository.listPage(firstPage);
      durations.push(performance.now() - started);
      expect(page.rows.some((row) => row.id === productId)).toBe(true);
    }
    return durations;
  }

  const describeDurations = (durations: number[]) =>
    `max ${Math.max(...durations).toFixed(0)} ms, median ${median(durations).toFixed(0)} ms (cache timeout ${CACHE_TIMEOUT_MS} ms)`;

  /** Store calls that really went out and failed, as opposed to calls the open circuit skipped. */
  const realFailures = () => rig.events.filter((event) => (event.op === 'error' || event.op === 'timeout') && event.result !== 'circuit-open');
  const probes = () => rig.events.filter((event) => event.op === 'circuit' && event.result === 'half-open').length;

  it('Redis refuses connections: pages come from the database without retrying Redis, writes are recorded, caching resumes by itself', async () => {
    await rig.repository.listPage(firstPage);
    await rig.repository.listPage(firstPage);
    expect(lookups()).toEqual(['miss', 'hit']);

    await rig.cacheProxy.setMode('refuse');
    const durations = await readsWhileBroken(20);
    console.info(`[refuse] 20 page reads served from the database: ${describeDurations(durations)}`);
    expect(realFailures()[0]!.error).toMatch(/lookup: /);
    // Once this process has seen Redis fail, its reads go to the database without trying Redis
    // (until it has caught up with the outbox), and after 3 consecutive failures the circuit opens.
    expect(realFailures().length).toBeLessThanOrEqual(3 + probes());
    expect(rig.warnings).toHaveLength(1); // one line for the whole burst, not one per call
    expect(rig.warnings[0]).toContain('cache unavailable (redis)');

    const { value, invalidation } = await rig.repository.update({ id: productId, title: 'Saved while Redis refused', price: '2.00' });
    expect(value.version).toBe(2);
    expect(invalidation).toBe('pending-retry');
    expect(await rig.repository.pendingInvalidations()).toBe(1); // recorded in PostgreSQL, not only in memory
    expect(await versionSeen()).toBe(2); // this process saw the fault: it reads the database

    await rig.cacheProxy.setMode('forward');
    // Caching resumes with no restart once a probe closes the circuit: a miss that fills, then a hit, at version 2.
    const resumed = await eventually(async () => {
      rig.events.length = 0;
      await rig.repository.listPage(firstPage);
      await rig.repository.listPage(firstPage);
      return lookups().at(-1) === 'hit' && (await versionSeen()) === 2;
    });
    expect(resumed).toBe(true);
    expect(await rig.repository.pendingInvalidations()).toBe(0);
  });

  it('Redis accepts connections but never answers: at most 3 reads wait out the timeout, writes are recorded, recovery by itself', async () => {
    await rig.repository.listPage(firstPage);
    await rig.cacheProxy.setMode('hang');
    const durations = await readsWhileBroken(8);
    console.info(`[hang] 8 page reads served from the database: ${describeDurations(durations)}`);
    const timeouts = rig.events.filter((event) => event.op === 'timeout');
    expect(timeouts.length).toBeGreaterThanOrEqual(1);
    expect(rig.events.some((event) => event.op === 'circuit' && event.result === 'open')).toBe(true);
    expect(timeouts.length).toBeLessThanOrEqual(3 + probes());
    expect(rig.events.every((event) => event.op !== 'error' || event.result === 'circuit-open')).toBe(true);
    expect(rig.warnings).toHaveLength(1);
    expect(rig.warnings[0]).toContain(`no answer within ${CACHE_TIMEOUT_MS} ms`);

    const { invalidation } = await rig.repository.update({ id: productId, title: 'Saved while Redis hung', price: '3.00' });
    expect(invalidation).toBe('pending-retry');
    await expect(rig.cache.ping()).rejects.toMatchObject({ name: 'CacheStoreError' });

    await rig.cacheProxy.setMode('forward');
    expect(await eventually(async () => (await rig.cache.ping(), (await versionSeen()) === 2))).toBe(true);
    expect(await eventually(async () => (await rig.repository.pendingInvalidations()) === 0)).toBe(true);
  });

  it('the write commits but invalidation fails: reported saved with a warning, kept in the outbox, completed once Redis answers', async () => {
    await rig.repository.listPage(firstPage); // cached at version 1
    await rig.cacheProxy.setMode('refuse');
    const { value, invalidation } = await rig.repository.update({ id: productId, title: 'Committed', price: '4.00' });
    const outcome = saved(`Saved “${value.title}”.`, { invalidation });
    expect(outcome).toMatchObject({ status: 'saved', warning: expect.stringContaining('cache could not be refreshed') });
    expect(rig.logs.join('\n')).toMatch(/invalidation of "products" failed after a committed write; it stays in the outbox/);
    // What the overlay shows: the failed invalidation as a cache event.
    expect(rig.events.some((event) => event.op === 'invalidate' && event.result === 'error')).toBe(true);

    await rig.cacheProxy.setMode('forward');
    // A sweep tick (every second in the app) completes the record.
    expect(await eventually(async () => (await rig.repository.drainInvalidations()) === 0)).toBe(true);
    expect(await versionSeen()).toBe(2);
    expect(await rig.repository.pendingInvalidations()).toBe(0);
  });
});
