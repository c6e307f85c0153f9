/**
 * The freshness check through the page cache: anonymous HTML views of `/`
 * and of a search, read over HTTP from a production server with two worker
 * processes, against writes made through the real data layer in this process.
 *
 * Each write sets a hot product's price to the next number in that product's
 * own sequence (one writer per product, so the sequence follows the commits);
 * a view shows each product's price, so the checker knows which write it saw.
 * Its verdict is freshness-check.ts's: a view that starts after a write was
 * acknowledged must not show an older price.
 *
 * The forced check needs no luck: view (and so store) a page, write, view
 * again. The broken variant, a page cache keyed without the generation (a
 * caching proxy in front of a server whose own page cache is off,
 * naive-page-cache.ts), fails it every time.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '../../db/client';
import { createCache, createRedisStore } from '../../lib/cache';
import { createProductRepository, type ProductRepository } from '../../lib/products/repository';
import { TEST_REDIS_URL } from '../lib/local-services';
import { startNextServer } from '../lib/next-server';
import { startEnvironment } from './environment';
import { startNaivePageCache } from './naive-page-cache';
import { findViolations, type ReadRecord, type Violation, type WriteRecord } from './freshness-check';
import { HOT_TITLE } from './freshness-task';
import { view, writeNextPrice } from './page-views';
import type { Variant } from './protocol';

export interface PagesOptions {
  variant: Variant;
  reads: number;
  /** Concurrent HTTP readers (default 8) and writers (default 2). */
  readers?: number;
  writers?: number;
  hotProducts?: number;
  writePauseMaxMs?: number;
  deadlineMs?: number;
}

export interface ForcedPageCheck {
  path: string;
  /** The price (in cents) written, and the one the view after the acknowledgement showed. */
  written: number;
  seen: number;
  stale: boolean;
}

export interface PagesReport {
  variant: Variant;
  workers: number;
  reads: number;
  observations: number;
  writes: number;
  pendingInvalidations: number;
  /** x-page-cache of the views: hit, miss, bypass. */
  pageCache: Record<string, number>;
  servedBy: Record<string, number>;
  forced: ForcedPageCheck[];
  violations: Violation[];
  elapsedMs: number;
}

const PATHS = ['/', `/?q=${encodeURIComponent(HOT_TITLE.split(' ')[0]!.toLowerCase())}`];

/** Writes hot product `id`'s next price; returns the acknowledged write, or null when its invalidation is pending. */
async function writeNext(repository: ProductRepository, id: number, next: Map<number, number>, clock: () => number): Promise<WriteRecord | null> {
  const write = await writeNextPrice(repository, id, next, clock);
  return write.invalidation === 'done' ? write : null;
}

export async function runPages(options: PagesOptions): Promise<PagesReport> {
  const environment = await startEnvironment(options.hotProducts ?? 8);
  // The environment's prefix: its close() removes every key of the run.
  const { databaseUrl, prefix } = environment.setupFor(0, options.variant);
  // On a free port, and proven to be the server this run started (next-server.ts): a leftover
  // server on a fixed port once answered in its place and failed a run for nothing.
  const server = await startNextServer(undefined, {
    DATABASE_URL: databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    CACHE_PREFIX: prefix,
    PAGE_CACHE: options.variant === 'real' ? '1' : '0',
    WEB_CONCURRENCY: '2',
  });
  const naive = options.variant === 'real' ? null : await startNaivePageCache(server.url);
  const pagesUrl = naive?.url ?? server.url;
  const database = await openDatabase({ url: databaseUrl, maxConnections: 4 });
  const cache = createCache({ store: createRedisStore({ url: TEST_REDIS_URL }), prefix, timeoutMs: 2000 });
  const repository = createProductRepository({ db: database.db, cache, ttlSeconds: 300 });
  const clock = () => performance.now();
  // Seeded at 1.00: each product's sequence continues from there.
  const next = new Map(environment.hotIds.map((id) => [id, 101]));
  const writes: WriteRecord[] = [];
  try {
    const forced: ForcedPageCheck[] = [];
    for (const path of [...PATHS, ...PATHS]) {
      await view(pagesUrl + path);
      await view(pagesUrl + path); // stored, and served from the cache
      const id = environment.hotIds[forced.length % environment.hotIds.length]!;
      const write = await writeNext(repository, id, next, clock);
      if (write) writes.push(write);
      const seen = (await view(pagesUrl + path)).prices.get(id) ?? -1;
      forced.push({ path, written: write?.version ?? -1, seen, stale: seen !== write?.version });
    }

    const started = performance.now();
    const deadline = started + (options.deadlineMs ?? 15 * 60_000);
    const observations: ReadRecord[] = [];
    const pageCache: Record<string, number> = {};
    const servedBy: Record<string, number> = {};
    let readsStarted = 0;
    let readsDone = 0;
    let pendingInvalidations = 0;
    const readsRemain = () => readsStarted < options.reads && performance.now() < deadline;

    const reader = async () => {
      while (readsRemain()) {
        readsStarted += 1;
        const startedAt = clock();
        const seen = await view(pagesUrl + PATHS[readsStarted % PATHS.length]!);
        for (const [item, version] of seen.prices) observations.push({ item, version, startedAt, source: 'list' });
        pageCache[seen.pageCache] = (pageCache[seen.pageCache] ?? 0) + 1;
        servedBy[seen.worker] = (servedBy[seen.worker] ?? 0) + 1;
        readsDone += 1;
      }
    };
    const writers = options.writers ?? 2;
    const writer = async (index: number) => {
      const owned = environment.hotIds.filter((_id, position) => position % writers === index);
      while (readsRemain()) {
        const write = await writeNext(repository, owned[Math.floor(Math.random() * owned.length)]!, next, clock);
        if (write) writes.push(write);
        else pendingInvalidations += 1;
        await sleep(Math.random() * (options.writePauseMaxMs ?? 40));
      }
    };
    await Promise.all([...Array.from({ length: options.readers ?? 8 }, reader), ...Array.from({ length: writers }, (_, index) => writer(index))]);
    return {
      variant: options.variant,
      workers: Object.keys(servedBy).length,
      reads: readsDone,
      observations: observations.length,
      writes: writes.length,
      pendingInvalidations,
      pageCache,
      servedBy,
      forced,
      violations: findViolations(writes, observations),
      elapsedMs: performance.now() - started,
    };
  } finally {
    await naive?.close();
    await server.stop();
    await cache.close();
    await database.close();
    await environment.close();
  }
}
