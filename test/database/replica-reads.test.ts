/**
 * Reads from a PostgreSQL streaming replica behind the cache, on a primary and
 * replica this test starts (scripts/lib/postgres-lab.ts). The race is forced,
 * never left to luck: the replica's replay is paused before the write, so it
 * lacks the write for as long as the test reads.
 *
 * The design (lib/products/read-router.ts) reads from the replica only once it
 * has replayed what the primary had written when the read began; the broken
 * variant reads the replica unconditionally. It is caught every time storing
 * the old title under the generation the write began, where every later hit
 * serves it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { createCache, createMemoryStore, type Cache } from '@/lib/cache';
import { createReadRouter, type ReadRouter, type RouteReason } from '@/lib/products/read-router';
import { createProductRepository, type ProductRepository } from '@/lib/products/repository';
import { listQuery } from '@/lib/validation/list-query';
import { servicesRequired } from '../../scripts/lib/local-services';
import { postgresLabAvailable, startPostgresLab, type PostgresLab } from '../../scripts/lib/postgres-lab';

if (!postgresLabAvailable && servicesRequired) throw new Error('the replica tests need initdb, pg_basebackup and postgres in /usr/lib/postgresql/15/bin');
if (!postgresLabAvailable) console.warn('\n!!! SKIPPING the replica tests: the PostgreSQL server binaries are not installed. !!!\n');

const firstPage = listQuery({ page: 1, size: 10, q: '' });
const quiet = () => {};

describe.skipIf(!postgresLabAvailable)('reads from a streaming replica behind the cache', () => {
  let lab: PostgresLab;
  let primary: DatabaseHandle;
  let replica: DatabaseHandle;
  const routes: Array<{ target: 'replica' | 'primary'; reason: RouteReason }> = [];

  beforeAll(async () => {
    lab = await startPostgresLab();
    await lab.createDatabase('catalog');
    primary = await openDatabase({ url: lab.primary.url('catalog'), maxConnections: 4 });
    await migrateDatabase(primary);
    await lab.awaitCaughtUp();
    replica = await openDatabase({ url: lab.replica.url('catalog'), maxConnections: 4 });
  }, 120_000);
  afterAll(async () => {
    await replica?.close();
    await primary?.close();
    await lab?.stop();
  });

  const gated = (): ReadRouter =>
    createReadRouter({ primary: primary.db, replicas: [{ name: 'replica', db: replica.db }], waitMs: 50, restMs: 200, log: quiet, onRoute: (target, reason) => routes.push({ target, reason }) });
  /** The broken variant: every read on the replica, however far behind it is. */
  const ungated = (): ReadRouter => ({ read: (query) => query(replica.db), status: () => [], probe: async () => [] });

  function startProcess(router: ReadRouter, cache: Cache | null): ProductRepository {
    return createProductRepository({ db: primary.db, cache, ttlSeconds: 300, log: quiet, readers: router });
  }
  const titleSeenBy = async (process: ProductRepository) => (await process.listPage(firstPage)).rows.find((row) => row.title.startsWith('Tomatillo'))?.title;

  for (const variant of [
    { label: 'gated on the replay position (the design)', router: gated, broken: false },
    { label: 'read from the replica whatever its position', router: ungated, broken: true },
  ]) {
    it(`${variant.label}: a miss after an acknowledged write ${variant.broken ? 'is caught caching the old title' : 'serves and caches the new title'}`, async () => {
      const cache = createCache({ store: createMemoryStore(), prefix: 'replica-test', logger: { warn: quiet } });
      const process = startProcess(variant.router(), cache);
      const { value } = await process.create({ title: 'Tomatillo 1', price: '1.00' });
      await lab.awaitCaughtUp();
      expect(await titleSeenBy(process)).toBe('Tomatillo 1');

      await lab.pauseReplay();
      try {
        const written = await process.update({ id: value.id, title: 'Tomatillo 2', price: '1.00' });
        expect(written.invalidation).toBe('done');
        expect(await titleSeenBy(process)).toBe(variant.broken ? 'Tomatillo 1' : 'Tomatillo 2'); // the miss, filled
        expect(await titleSeenBy(process)).toBe(variant.broken ? 'Tomatillo 1' : 'Tomatillo 2'); // the hit that follows
      } finally {
        await lab.resumeReplay();
        await process.remove({ id: value.id });
        await cache.close();
      }
    }, 60_000);
  }

  it('read-your-writes with the cache bypassed: the editor reads their save while the replica lags, then reads return to the replica', async () => {
    routes.length = 0;
    const process = startProcess(gated(), null); // no cache: every read goes to the database
    const { value } = await process.create({ title: 'Tomatillo A', price: '1.00' });
    await lab.awaitCaughtUp();
    expect(await titleSeenBy(process)).toBe('Tomatillo A');
    expect(routes.at(-1)).toEqual({ target: 'replica', reason: 'caught-up' });

    await lab.pauseReplay();
    await process.update({ id: value.id, title: 'Tomatillo B', price: '1.00' });
    expect(await titleSeenBy(process)).toBe('Tomatillo B');
    expect(routes.at(-1)).toEqual({ target: 'primary', reason: 'behind' });
    expect(await titleSeenBy(process)).toBe('Tomatillo B'); // resting: the primary without a wait
    expect(routes.at(-1)).toEqual({ target: 'primary', reason: 'resting' });

    await lab.resumeReplay();
    await lab.awaitCaughtUp();
    const resumedAt = performance.now();
    let back = false;
    for (let attempt = 0; attempt < 200 && !back; attempt += 1) {
      expect(await titleSeenBy(process)).toBe('Tomatillo B');
      back = routes.at(-1)?.target === 'replica';
      if (!back) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(back).toBe(true);
    console.log(`[replica] reads back on the replica ${Math.round(performance.now() - resumedAt)} ms after it caught up (rest 200 ms)`);
    await process.remove({ id: value.id });
  }, 60_000);

  it('a stopped replica: reads answer from the primary, fresh; once restarted, it takes reads again', async () => {
    routes.length = 0;
    const router = gated();
    const process = startProcess(router, null);
    const { value } = await process.create({ title: 'Tomatillo X', price: '1.00' });
    await lab.awaitCaughtUp();
    expect(await titleSeenBy(process)).toBe('Tomatillo X');

    await lab.replica.kill();
    await process.update({ id: value.id, title: 'Tomatillo Y', price: '1.00' });
    expect(await titleSeenBy(process)).toBe('Tomatillo Y');
    expect(routes.at(-1)?.target).toBe('primary');
    expect(router.status()[0]).toMatchObject({ state: 'resting' });

    await lab.replica.start();
    await lab.awaitCaughtUp();
    let back = false;
    for (let attempt = 0; attempt < 300 && !back; attempt += 1) {
      expect(await titleSeenBy(process)).toBe('Tomatillo Y');
      back = routes.at(-1)?.target === 'replica';
      if (!back) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(back).toBe(true);
    expect(router.status()[0]).toMatchObject({ state: 'in-rotation', lagBytes: 0 });
    await process.remove({ id: value.id });
  }, 90_000);
});
