/**
 * One worker's share of the stampede run: `reads` concurrent cold reads of one
 * key, each loader a real query plus `loaderMs` of waiting (a slow query).
 * The loads are what the run counts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../../db/client';
import { selectProduct } from '../../lib/products/queries';
import type { ReadThroughCache } from '../../lib/products/repository';
import type { StampedeResult, StampedeTask } from './protocol';


export async function runStampedeTask(task: StampedeTask, cache: ReadThroughCache, db: Database, failures: () => number): Promise<StampedeResult> {
  let loads = 0;
  const loader = async () => {
    loads += 1;
    const row = await selectProduct(db, task.productId);
    await sleep(task.loaderMs);
    return row;
  };
  const started = performance.now();
  const rows = await Promise.all(Array.from({ length: task.reads }, () => cache.cached(task.key, loader, { namespace: 'stampede' })));
  return {
    kind: 'stampede',
    loads,
    reads: rows.length,
    allAnswered: rows.every((row) => row?.id === task.productId),
    elapsedMs: performance.now() - started,
    cacheFailures: failures(),
  };
}

/** Takes the lease and never finishes loading: the coordinator kills this process mid-load. */
export async function holdLeaseUntilKilled(key: string, cache: ReadThroughCache, onLoading: () => void): Promise<never> {
  await cache.cached(key, () => {
    onLoading();
    return new Promise<never>(() => {});
  }, { namespace: 'stampede' });
  throw new Error('the lease holder was meant to be killed mid-load');
}
