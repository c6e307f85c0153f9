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
 * again; the same with the last view a revalidation (If-None-Match naming
 * the page seen before the write), which must never be told 304; and the
 * same as a signed-in editor (whose pages share a template, issue 25). The
 * readers revalidate too: every other view of a page a reader holds is
 * conditional, and a 304 counts as seeing the held page again; every third
 * view is an editor's. The broken
 * variant, a page cache keyed without the generation (a caching proxy in
 * front of a server whose own page cache is off, naive-page-cache.ts, which
 * validates against its own copy), fails both every time.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '../../db/client';
import { createCache, createRedisStore } from '../../lib/cache';
import { createProductRepository, type ProductRepository } from '../../lib/products/repository';
import { TEST_REDIS_URL } from '../lib/local-services';
import { startNextServer } from '../lib/next-server';
import { editors } from '../../db/schema';
import { createSession } from '../../lib/sessions/sessions';
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
  /** 'view': a plain view after the write; 'revalidate': a conditional one naming the page seen before it; 'editor view': views by a signed-in editor. */
  kind: 'view' | 'revalidate' | 'editor view';
  /** The price (in cents) written, and the one the view after the acknowledgement showed. */
  written: number;
  seen: number;
  stale: boolean;
  /** x-page-cache of the view before the write (the second of the page): a hit, unless the page cache is off. */
  servedBefore: string;
}

export interface PagesReport {
  variant: Variant;
  workers: number;
  reads: number;
  observations: number;
  writes: number;
  pendingInvalidations: number;
  /** x-page-cache of the views: hit, miss, bypass; the editor's views apart. */
  pageCache: Record<string, number>;
  editorPageCache: Record<string, number>;
  /** The readers' conditional views, and how many the server answered 304 (each checked as the held page seen again). */
  revalidations: { conditional: number; notModified: number };
  /** A revalidation with no write since the page was seen (before the writers start): answered 304, as it should be. */
  unchangedRevalidatedWith: number;
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
  // Known to this run, so that it can give its editor a session the server accepts.
  const credential = { ADMIN_PASSWORD: randomBytes(12).toString('hex'), SESSION_SECRET: randomBytes(32).toString('hex') };
  const server = await startNextServer(undefined, {
    ...credential,
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
    // A hash no password matches: the editor exists through this session only.
    await database.db.insert(editors).values({ name: 'stress-editor', passwordHash: 'none: sessions only' }).onConflictDoNothing();
    const [editor] = await database.db.select().from(editors).where(eq(editors.name, 'stress-editor'));
    const cookie = `catalog_session=${await createSession(database.db, 3600, editor!, credential)}`;
    const forced: ForcedPageCheck[] = [];
    const kinds = ['view', 'revalidate', 'editor view'] as const;
    for (const [index, path] of [...PATHS, ...PATHS, ...PATHS].entries()) {
      const kind = kinds[Math.floor(index / PATHS.length)]!;
      const as = kind === 'editor view' ? { cookie } : {};
      await view(pagesUrl + path, as);
      const before = await view(pagesUrl + path, as); // stored, and served from the cache
      const id = environment.hotIds[forced.length % environment.hotIds.length]!;
      const write = await writeNext(repository, id, next, clock);
      if (write) writes.push(write);
      const after = await view(pagesUrl + path, kind === 'revalidate' ? { ifNoneMatch: before.etag } : as);
      // A 304 says the page seen before the write is still current.
      const seen = (after.status === 304 ? before : after).prices.get(id) ?? -1;
      forced.push({ path, kind, written: write?.version ?? -1, seen, stale: seen !== write?.version, servedBefore: before.pageCache });
    }

    // Nothing written since: a revalidation must be told the page is current (304), or the ETag is useless.
    await view(pagesUrl + PATHS[0]!);
    const unchanged = await view(pagesUrl + PATHS[0]!); // a hit: it carries the ETag
    const unchangedRevalidatedWith = (await view(pagesUrl + PATHS[0]!, { ifNoneMatch: unchanged.etag || '"none"' })).status;

    const started = performance.now();
    const deadline = started + (options.deadlineMs ?? 15 * 60_000);
    const observations: ReadRecord[] = [];
    const pageCache: Record<string, number> = {};
    const editorPageCache: Record<string, number> = {};
    const servedBy: Record<string, number> = {};
    let readsStarted = 0;
    let readsDone = 0;
    let pendingInvalidations = 0;
    const readsRemain = () => readsStarted < options.reads && performance.now() < deadline;

    const revalidations = { conditional: 0, notModified: 0 };
    const reader = async () => {
      // What this reader holds of each page, as a browser's cache would: its ETag and prices.
      const held = new Map<string, { etag: string; prices: Map<number, number> }>();
      while (readsRemain()) {
        readsStarted += 1;
        const path = PATHS[readsStarted % PATHS.length]!;
        const asEditor = readsStarted % 3 === 0;
        const kept = held.get(path);
        const conditional = !asEditor && kept !== undefined && kept.etag !== '' && Math.floor(readsStarted / PATHS.length) % 2 === 1;
        const startedAt = clock();
        const seen = await view(pagesUrl + path, conditional ? { ifNoneMatch: kept.etag } : asEditor ? { cookie } : {});
        if (conditional) revalidations.conditional += 1;
        if (seen.status === 304) revalidations.notModified += 1;
        const prices = seen.status === 304 ? kept!.prices : seen.prices;
        if (seen.status === 200 && !asEditor) held.set(path, { etag: seen.etag, prices });
        for (const [item, version] of prices) observations.push({ item, version, startedAt, source: 'list' });
        const outcomes = asEditor ? editorPageCache : pageCache;
        outcomes[seen.pageCache] = (outcomes[seen.pageCache] ?? 0) + 1;
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
      editorPageCache,
      revalidations,
      unchangedRevalidatedWith,
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
