/**
 * In-process measurements of the read path, side by side in one run:
 * the data layer's list read as a cache hit, a miss, and a direct query, and
 * cached() on a hit against a raw store get of the same stored value.
 */
import type { Database } from '../../db/client';
import { createCache, serialize, type Cache, type CacheStore } from '../../lib/cache';
import { createProductRepository } from '../../lib/products/repository';
import { PRODUCTS_NAMESPACE } from '../../lib/products/keys';
import { selectPage } from '../../lib/products/queries';
import { listQuery } from '../../lib/validation/list-query';
import { opsPerSecond } from './stats';

export interface ReadPathResult {
  size: number;
  payloadBytes: number;
  hitOps: number;
  missOps: number;
  directOps: number;
}

export async function measureReadPath(db: Database, cache: Cache, size: number, rounds: number): Promise<ReadPathResult> {
  const repository = createProductRepository({ db, cache, ttlSeconds: 300 });
  const query = listQuery({ size });
  const perRound = size >= 1000 ? 20 : 100;
  const page = await repository.listPage(query);
  // One untimed round of each path first, so JIT warm-up does not count against whichever runs first.
  await opsPerSecond(() => repository.listPage(query), 1, perRound);
  await opsPerSecond(() => selectPage(db, query), 1, perRound);
  const hitOps = await opsPerSecond(() => repository.listPage(query), rounds, perRound);
  const missOps = await opsPerSecond(
    async () => {
      await cache.invalidate(PRODUCTS_NAMESPACE);
      await repository.listPage(query);
    },
    rounds,
    perRound,
  );
  const directOps = await opsPerSecond(() => selectPage(db, query), rounds, perRound);
  return { size, payloadBytes: serialize(page).bytes, hitOps, missOps, directOps };
}

export interface HelperOverheadResult {
  cachedHitOps: number;
  rawGetOps: number;
}

/** cached() on a hit does a lookup (generation + entry in one script) and decodes; a raw get only fetches the string. */
export async function measureCachedOverhead(store: CacheStore, value: unknown, rounds: number): Promise<HelperOverheadResult> {
  const cache = createCache({ store, prefix: `bench-overhead-${Date.now()}` });
  const loader = async () => value;
  await cache.cached('page', loader, { namespace: 'bench' });
  const rawKey = `bench-overhead-raw-${Date.now()}`;
  await store.set(rawKey, serialize(value).text, 60_000);
  const cachedHitOps = await opsPerSecond(() => cache.cached('page', loader, { namespace: 'bench' }), rounds, 200);
  const rawGetOps = await opsPerSecond(() => store.get(rawKey), rounds, 200);
  await store.delete([rawKey]);
  await cache.clear();
  return { cachedHitOps, rawGetOps };
}
