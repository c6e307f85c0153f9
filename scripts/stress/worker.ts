/**
 * A stress worker: its own OS process, its own cache client and database
 * pool. Reads its setup from argv, says 'ready', runs the one task the
 * coordinator sends, reports the result and exits.
 */
import { openDatabase } from '../../db/client';
import { createProductRepository } from '../../lib/products/repository';
import { eq } from 'drizzle-orm';
import { productChanges } from '../../db/schema';
import { openRun, storeUpload } from '../../lib/imports/store';
import { SYSTEM_ACTOR } from '../../lib/products/history';
import { clockFrom } from './clock';
import { holdFirstLoad, runHeldRead, runWriteOnce } from './forced-race-task';
import { runFreshnessTask } from './freshness-task';
import type { CoordinatorMessage, Task, WorkerMessage, WorkerSetup } from './protocol';
import { holdLeaseUntilKilled, runStampedeTask } from './stampede-task';
import { createWorkerCache, instrumentLoads } from './worker-cache';

const setup = JSON.parse(process.argv[2]!) as WorkerSetup;
const send = (message: WorkerMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));

async function run(task: Task) {
  const handle = await openDatabase({ url: setup.databaseUrl, maxConnections: 10 });
  const workerCache = createWorkerCache(setup);
  try {
    if (task.kind === 'freshness') {
      const instrumented = instrumentLoads(workerCache.cache, () => Math.random() * task.loaderDelayMaxMs);
      const repository = createProductRepository({ db: handle.db, cache: instrumented.cache, ttlSeconds: 300 });
      return await runFreshnessTask(task, {
        repository,
        clock: clockFrom(setup.epoch),
        loads: instrumented.loads,
        cacheFailures: workerCache.failures,
        versionsOf: async (actionId) =>
          (
            await handle.db
              .select({ item: productChanges.productId, version: productChanges.versionAfter })
              .from(productChanges)
              .where(eq(productChanges.actionId, actionId))
          ).map(({ item, version }) => ({ item, version: version ?? 0 })),
        openImportRun: async () => {
          const uploadId = await storeUpload(handle.db, { fileName: 'stress.csv', bytes: new Uint8Array(0), fileDigest: 'stress', refusal: null, by: SYSTEM_ACTOR });
          return openRun(handle.db, { uploadId, dryRun: false, batchCount: 1, by: SYSTEM_ACTOR });
        },
      });
    }
    if (task.kind === 'stampede') return await runStampedeTask(task, workerCache.cache, handle.db, workerCache.failures);
    if (task.kind === 'held-read') {
      const cache = holdFirstLoad(workerCache.cache, async () => {
        await send({ type: 'loading' });
        await released;
      });
      return await runHeldRead(task, createProductRepository({ db: handle.db, cache, ttlSeconds: 300 }));
    }
    if (task.kind === 'write-once') return await runWriteOnce(task, createProductRepository({ db: handle.db, cache: workerCache.cache, ttlSeconds: 300 }));
    return await holdLeaseUntilKilled(task.key, workerCache.cache, () => void send({ type: 'loading' }));
  } finally {
    await workerCache.close();
    await handle.close();
  }
}

let release: () => void = () => {};
const released = new Promise<void>((resolve) => {
  release = resolve;
});

process.on('message', (message: CoordinatorMessage) => {
  if (message.type === 'release') release();
  if (message.type !== 'run') return;
  run(message.task)
    .then((result) => send({ type: 'done', result }))
    .catch((error: unknown) => send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) }))
    .finally(() => process.exit(0));
});
// The coordinator gone means nobody will read our result: stop.
process.on('disconnect', () => process.exit(1));
void send({ type: 'ready' });
