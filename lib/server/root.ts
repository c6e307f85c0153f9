/**
 * The composition root: what a server process needs, built in one function
 * from the checked environment (lib/env.ts) and closed by one. Nothing else
 * constructs services: pages, actions and route handlers ask serverRoot()
 * (index.ts), the server entry reaches the root through its handshake
 * (handshake.ts), and tests build their own with the parts they need.
 *
 *   database ─┬─ repository (outbox, list budget) ─┬─ page cache (page budget)
 *   replicas ─┤  (through the read router)         │
 *   cache ────┘                                    ├─ the outbox sweep (startBackground)
 *                                                  ├─ imports (lib/imports), batch by batch
 *                                                  └─ metrics (METRICS_PORT), from the cache's events
 *
 * In development the dev overlay observes the database and the cache here,
 * behind a literal NODE_ENV check that a production build folds away.
 */
import 'server-only';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import type { Cache } from '@/lib/cache';
import { createAppCache } from '@/lib/cache-from-env';
import { authRequired, databaseTimeouts, pageCacheEnabled, type Env } from '@/lib/env';
import { newNonce } from '@/lib/http/content-security-policy';
import { sessionEditor } from '@/lib/sessions/sessions';
import { createCatalogMetrics, type CatalogMetrics } from '@/lib/metrics/catalog-metrics';
import { createImportRunner, type ImportRunner } from '@/lib/imports/runner';
import { createPageCache, type PageCache } from '@/lib/page-cache/page-cache';
import { PRODUCTS_NAMESPACE } from '@/lib/products/keys';
import { createReadRouter, type ReadRouter } from '@/lib/products/read-router';
import { createProductRepository, type ProductRepository } from '@/lib/products/repository';

export interface ServerRoot {
  readonly config: Env;
  readonly database: DatabaseHandle;
  /** Null when CACHE_DISABLED. In development, the overlay's traced cache. */
  readonly cache: Cache | null;
  /** The data layer: the app's only way to products. */
  readonly repository: ProductRepository;
  /** Runs CSV imports batch by batch outside the request that starts them (lib/imports). */
  readonly imports: ImportRunner;
  /** Whole visitor pages (lib/page-cache), when PAGE_CACHE is on and there is a cache. */
  readonly pageCache: PageCache | null;
  /** Where list pages and products are read: the replicas (DATABASE_REPLICA_URLS) or, without them, null (the primary). */
  readonly readers: ReadRouter | null;
  /** Prometheus metrics (lib/metrics), when METRICS_PORT is set. */
  readonly metrics: CatalogMetrics | null;
  /**
   * Starts the background work, the outbox sweep (every CACHE_INVALIDATION_SWEEP_MS)
   * and the trash purge (hourly, TRASH_RETENTION_DAYS), outside any request;
   * called once at start-up (instrumentation-node.ts).
   */
  startBackground(): void;
  /** Stops the background work and lets running imports finish their batch, then closes the database pool and the cache client. */
  close(): Promise<void>;
}

export async function createServerRoot(config: Env): Promise<ServerRoot> {
  const database = await openDatabase(
    config.DATABASE_URL ? { url: config.DATABASE_URL, timeouts: databaseTimeouts(config) } : { pgliteDir: config.PGLITE_DATA_DIR },
  );
  // A literal NODE_ENV check: a production build folds it to false and bundles none of the overlay.
  const overlay = process.env.NODE_ENV === 'development' ? await import('@/lib/dev-overlay/install') : null;
  const cache = overlay ? overlay.installDevOverlay(createAppCache(config), database) : createAppCache(config);
  const budget = (name: string, maxBytes: number) => cache?.byteBudget({ name, maxBytes, windowSeconds: config.CACHE_DEFAULT_TTL_SECONDS }).admit;

  const replicas = await Promise.all(
    (config.DATABASE_REPLICA_URLS ?? []).map(async (url) => ({ name: replicaName(url), handle: await openDatabase({ url, timeouts: databaseTimeouts(config) }) })),
  );
  const readers =
    replicas.length > 0
      ? createReadRouter({
          primary: database.db,
          replicas: replicas.map(({ name, handle }) => ({ name, db: handle.db })),
          waitMs: config.DATABASE_REPLICA_WAIT_MS,
          restMs: config.DATABASE_REPLICA_REST_MS,
          onRoute: (target, reason) => metrics?.observeRead(target, reason),
        })
      : null;

  const repository = createProductRepository({
    db: database.db,
    readers: readers ?? undefined,
    cache,
    ttlSeconds: config.CACHE_DEFAULT_TTL_SECONDS,
    admitList: budget('lists', config.LIST_CACHE_BUDGET_BYTES),
  });

  const metrics =
    config.METRICS_PORT === undefined ? null : createCatalogMetrics({ cache, backlog: () => repository.invalidationBacklog(), replicas: () => readers?.status() ?? [] });

  let pageCache: PageCache | null =
    cache && pageCacheEnabled(config)
      ? createPageCache({
          cached: (key, loader, options) => cache.cached(key, loader, options),
          namespace: PRODUCTS_NAMESPACE,
          cacheUsable: () => repository.cacheUsable(),
          maxBytes: config.PAGE_CACHE_MAX_BYTES,
          ttlSeconds: config.CACHE_DEFAULT_TTL_SECONDS,
          admit: budget('pages', config.PAGE_CACHE_BUDGET_BYTES),
          onOutcome: metrics?.observePageCache,
          // Sessions exist only with sign-in on; then editors' list pages share a template too.
          editors: authRequired(config) ? { sessionEditor: (token) => sessionEditor(database.db, token, config), newNonce } : undefined,
        })
      : null;
  if (pageCache && overlay) pageCache = overlay.recordedForOverlay(pageCache);

  const imports = createImportRunner({ db: database.db, repository });

  let stopSweep: (() => void) | null = null;
  return {
    imports,
    config,
    database,
    readers,
    cache,
    repository,
    pageCache,
    metrics,
    startBackground() {
      if (stopSweep) return;
      const start = () => {
        const stopOutbox = repository.startInvalidationSweep(config.CACHE_INVALIDATION_SWEEP_MS);
        const stopPurge = repository.startTrashPurge(config.TRASH_RETENTION_DAYS);
        return () => (stopOutbox(), stopPurge());
      };
      stopSweep = overlay ? overlay.runAsBackground(start) : start();
    },
    async close() {
      stopSweep?.();
      stopSweep = () => {};
      await imports.stop();
      await Promise.allSettled([database.close(), ...replicas.map(({ handle }) => handle.close()), cache?.close()]);
    },
  };
}

/** host:port/database of a replica's URL, for health and metrics: never its credentials. */
function replicaName(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
}
