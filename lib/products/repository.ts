/**
 * The catalog's data layer: the only code that reads or writes products.
 *
 * Reads go through the read-through cache, unless this process may have
 * missed an invalidation (invalidation-outbox.ts). Every write runs in one
 * transaction that also records its history (history.ts) and its
 * invalidation, commits, then invalidates the products namespace, and only
 * then returns. A delete moves products to the trash (trash: deleted_at). Single-row writes match the row's version (optimistic
 * concurrency); create and bulk writes can carry an idempotency key.
 */
import { and, count, desc, eq, inArray, isNotNull, lt, lte, sql } from 'drizzle-orm';
import type { Database, Transaction } from '@/db/client';
import { products, type Product } from '@/db/schema';
import type { ListQuery } from '@/lib/validation/list-query';
import type { ProductInput } from '@/lib/validation/product';
import { withDatabaseErrors } from './database-errors';
import { sameDecimal } from './decimal';
import { DatabaseUnavailableError, ProductConflictError, ProductNotFoundError } from './errors';
import { AlreadySubmitted, claimKey, pruneKeys, readReceipt, requestDigest, storeReceipt, type ReceiptCodec } from './idempotency';
import { createInvalidationOutbox, type InvalidationDesign, type InvalidationOutcome, type OutboxBacklog, type OutboxCache } from './invalidation-outbox';
import { listPageKey, productKey, PRODUCTS_NAMESPACE } from './keys';
import type { ReadRouter } from './read-router';
import { ActionRecorder, BUMP_VERSION_SET, SYSTEM_ACTOR, type Actor } from './history';
import {
  live,
  percentAdjustedPrice,
  selectBatchAfter,
  selectionCondition,
  selectPage,
  selectProduct,
  type ProductPage,
  type RowSelection,
  type ScanPosition,
} from './queries';
import { appliedLines, applyImportRows, BatchAlreadyApplied, claimBatch, recordBatchLines, type ImportBatch, type ImportBatchLines, type ImportBatchOutcome } from './import-batches';
import { countReceipt, productReceipt } from './receipts';
import { undoAction, type UndoMode, type UndoResult } from './undo';

export interface ReadThroughCache extends OutboxCache {
  cached<T>(key: string, loader: () => Promise<T>, options?: { namespace?: string; admit?: (bytes: number) => Promise<boolean> }): Promise<T>;
}

export interface Written<T> {
  value: T;
  /** The history action that records this write (lib/products/history.ts), for its Undo; null when nothing changed or replayed. */
  actionId: number | null;
  /** 'pending-retry' when the write committed but the cache could not be told yet. */
  invalidation: InvalidationOutcome;
  /**
   * True when the idempotency key had already been used: nothing was written
   * now, and `value` is what the first write with that key returned.
   */
  replayed: boolean;
}

export interface WriteOptions {
  /** A one-time token (UUID) from the form; a second write with it writes nothing. */
  idempotencyKey?: string;
  /** Who the history names (lib/products/history.ts); SYSTEM_ACTOR when absent (scripts, tests). */
  by?: Actor;
}

/**
 * Which row a single-row write targets. `version` is the version the editor
 * saw; the write happens only while the row is still at it. Leaving it out
 * means "whatever is stored" (last writer wins): scripts and tests only.
 */
export interface RowTarget {
  id: number;
  version?: number;
}

export type PriceChange = { setPrice: string } | { adjustPercent: string };

/** What a bulk confirmation shows about one product. */
export type ProductSummary = Pick<Product, 'id' | 'title' | 'price' | 'version'>;

/** One row of a bulk price change's preview: its price before and after, exact decimals. */
export interface PricePreview {
  id: number;
  title: string;
  before: string;
  after: string;
}

export interface RepositoryDeps {
  db: Database;
  cache: ReadThroughCache | null;
  ttlSeconds: number;
  /**
   * Whether a list result of `bytes` may be stored: a byte budget, so that
   * searches nobody repeats cannot fill Redis. Every result when absent.
   */
  admitList?: (bytes: number) => Promise<boolean>;
  /** Where invalidation trouble is reported; default console.error. */
  log?: (message: string) => void;
  /**
   * Where list pages and single products are read: a replica that has
   * replayed every acknowledged write, or the primary (read-router.ts). The
   * primary alone when absent. Writes, the outbox and confirmations' reads
   * always use `db`.
   */
  readers?: ReadRouter;
  /**
   * How committed writes become visible: the invalidation outbox (the default,
   * invalidation-outbox.ts). Tests pass deliberately broken designs here.
   */
  invalidation?: InvalidationDesign;
}


const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

/** Thrown at the end of a dry run's transaction to roll it back, carrying what it would have done. */
class RolledBack extends Error {
  constructor(readonly value: unknown) {
    super('dry run: rolled back');
  }
}

export function createProductRepository(deps: RepositoryDeps) {
  const { db, cache } = deps;
  const routed = <T>(query: (reader: Database) => Promise<T>): Promise<T> => (deps.readers ? deps.readers.read(query) : query(db));
  const outbox = cache ? (deps.invalidation ?? createInvalidationOutbox({ db, cache, log: deps.log })) : null;
  let lastPrunedAt = 0;

  /** After a commit: completes the write's outbox record. */
  function invalidateAfterCommit(recordId: number | null): Promise<InvalidationOutcome> {
    return outbox ? outbox.complete(recordId, PRODUCTS_NAMESPACE) : Promise.resolve('done');
  }

  /** Reads through the cache unless it may be missing an invalidation (then the database answers). */
  async function read<T>(key: string, load: () => Promise<T>, admit?: (bytes: number) => Promise<boolean>): Promise<T> {
    if (!cache || (outbox && !(await outbox.cacheUsable(PRODUCTS_NAMESPACE)))) return load();
    return cache.cached(key, load, { namespace: PRODUCTS_NAMESPACE, admit });
  }

  /**
   * Runs `work` in a transaction (claiming the idempotency key in it when
   * there is one), with a recorder for its history in the same transaction,
   * and invalidates the catalog once it has committed.
   */
  async function write<T>(
    work: (tx: Transaction, history: ActionRecorder) => Promise<T>,
    options: WriteOptions & { receipt?: ReceiptCodec<T>; operation?: string; request?: unknown; dryRun?: boolean } = {},
  ): Promise<Written<T>> {
    const { idempotencyKey: key, receipt } = options;
    const claim = key ? { key, operation: options.operation ?? '', requestDigest: requestDigest(options.request ?? null) } : null;
    let value: T;
    let actionId: number | null = null;
    let recordId: number | null = null;
    // Set once the body is done: a connection lost after it was lost while COMMIT was in flight.
    let committing = false;
    try {
      value = await withDatabaseErrors(() =>
        db.transaction(async (tx) => {
          if (claim) await claimKey(tx, claim);
          const history = new ActionRecorder(tx, options.by ?? SYSTEM_ACTOR);
          const result = await work(tx, history);
          actionId = await history.finish();
          if (options.dryRun) throw new RolledBack(result);
          if (claim && receipt) await storeReceipt(tx, claim.key, receipt.encode(result));
          recordId = outbox ? await outbox.record(tx, PRODUCTS_NAMESPACE) : null;
          committing = true;
          return result;
        }),
      );
    } catch (error) {
      if (error instanceof RolledBack) return { value: error.value as T, actionId: null, invalidation: 'done', replayed: false };
      if (committing && error instanceof DatabaseUnavailableError && error.failure === 'not-answering') {
        throw new DatabaseUnavailableError(error.cause, 'outcome-unknown');
      }
      if (!(error instanceof AlreadySubmitted) || !receipt || !claim) throw error;
      const stored = await withDatabaseErrors(() => readReceipt(db, claim));
      return { value: receipt.decode(stored), actionId: null, invalidation: 'done', replayed: true };
    }
    if (key) void pruneOldKeys();
    return { value, actionId, invalidation: await invalidateAfterCommit(recordId), replayed: false };
  }

  async function pruneOldKeys() {
    if (Date.now() - lastPrunedAt < PRUNE_INTERVAL_MS) return;
    lastPrunedAt = Date.now();
    await pruneKeys(db).catch(() => undefined);
  }

  function listPage(query: ListQuery): Promise<ProductPage> {
    return read(listPageKey(query), () => withDatabaseErrors(() => routed((reader) => selectPage(reader, query))), deps.admitList);
  }

  /**
   * Every product the list shows for `query` (its search and order, all
   * pages), in batches of `batchSize` read one after another (keyset, so
   * memory stays flat whatever the catalog's size), never through the cache.
   */
  async function* exportRows(query: Pick<ListQuery, 'q' | 'sort' | 'dir'>, batchSize = 1000): AsyncGenerator<Product> {
    let after: ScanPosition | null = null;
    for (;;) {
      const position: ScanPosition | null = after;
      const batch: Array<Product & { sortValue: string }> = await withDatabaseErrors(() => routed((reader) => selectBatchAfter(reader, query, position, batchSize)));
      for (const row of batch) {
        const { sortValue, ...product } = row;
        void sortValue; // the scan's own bookkeeping, not a product column
        yield product;
      }
      const last = batch.at(-1);
      if (!last || batch.length < batchSize) return;
      after = { sortValue: last.sortValue, id: last.id };
    }
  }

  /** One product row, or null when it does not exist; cached in the same namespace as the lists. */
  function product(id: number): Promise<Product | null> {
    return read(productKey(id), () => withDatabaseErrors(() => routed((reader) => selectProduct(reader, id))));
  }

  /**
   * What a bulk price change would do, read from the database without writing
   * (for its confirmation): how many rows it touches, and the first `limit`
   * of them, newest first, with their price before and after (computed by
   * the same SQL expression the change runs).
   */
  async function previewPriceChange(selection: RowSelection, change: PriceChange, limit: number): Promise<{ count: number; rows: PricePreview[] }> {
    const where = selectionCondition(selection);
    const after = 'setPrice' in change ? sql<string>`${change.setPrice}::numeric(10, 2)::text` : sql<string>`${percentAdjustedPrice(change.adjustPercent)}::text`;
    const [rows, totals] = await withDatabaseErrors(() =>
      Promise.all([
        db
          .select({ id: products.id, title: products.title, before: products.price, after })
          .from(products)
          .where(where)
          .orderBy(desc(products.createdAt), desc(products.id))
          .limit(limit),
        db.select({ total: count() }).from(products).where(where),
      ]),
    );
    return { count: totals[0]?.total ?? 0, rows };
  }

  /** The products among `ids` that exist, newest first, read from the database (for a confirmation). */
  function summaries(ids: readonly number[]): Promise<ProductSummary[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return withDatabaseErrors(() =>
      db
        .select({ id: products.id, title: products.title, price: products.price, version: products.version })
        .from(products)
        .where(selectionCondition({ ids: [...ids] }))
        .orderBy(desc(products.createdAt), desc(products.id)),
    );
  }

  function create(input: ProductInput, options: WriteOptions = {}): Promise<Written<Product>> {
    return write(
      async (tx, history) => {
        await history.begin('create', `Created “${input.title}”`);
        const [row] = await tx.insert(products).values({ title: input.title, price: input.price }).returning();
        await history.recordCreated([row!]);
        return row!;
      },
      { ...options, receipt: productReceipt, operation: 'create', request: { title: input.title, price: input.price } },
    );
  }

  /**
   * Why a versioned single-row write matched nothing: the row is gone (or in
   * the trash), it already holds exactly what was asked (a repeated save:
   * success), or someone else changed it (conflict, carrying the stored row).
   */
  async function explainMiss(tx: Transaction, id: number, wanted?: ProductInput): Promise<Product> {
    const current = await selectProduct(tx, id);
    if (!current) throw new ProductNotFoundError(id);
    if (wanted && current.title === wanted.title && sameDecimal(current.price, wanted.price)) return current;
    throw new ProductConflictError(current);
  }

  const matches = ({ id, version }: RowTarget) =>
    version === undefined ? and(live, eq(products.id, id))! : and(live, eq(products.id, id), eq(products.version, version))!;

  /** The row `id` as it is stored now, in the trash or not (after a write that just changed it). */
  async function storedRow(tx: Transaction, id: number): Promise<Product> {
    const [row] = await tx.select().from(products).where(eq(products.id, id));
    return row!;
  }

  /** Saves title and price if the row is still at input.version; see ProductConflictError. */
  function update(input: ProductInput & RowTarget, options: Pick<WriteOptions, 'by'> = {}): Promise<Written<Product>> {
    return write(async (tx, history) => {
      await history.begin('edit', `Edited “${input.title}”`);
      await history.updateWhere(matches(input), sql`title = ${input.title}, price = ${input.price}::numeric, ${BUMP_VERSION_SET}`);
      return (await history.count()) > 0 ? storedRow(tx, input.id) : explainMiss(tx, input.id, input);
    }, options);
  }

  /** Moves the row to the trash if it is still at input.version; see ProductConflictError. */
  function remove(input: RowTarget, options: Pick<WriteOptions, 'by'> = {}): Promise<Written<Product>> {
    return write(async (tx, history) => {
      await history.begin('delete', `Moved #${input.id} to the trash`);
      await history.updateWhere(matches(input), sql`deleted_at = now(), ${BUMP_VERSION_SET}`);
      if ((await history.count()) === 0) return explainMiss(tx, input.id);
      const row = await storedRow(tx, input.id);
      history.describe(`Moved “${row.title}” to the trash`);
      return row;
    }, options);
  }

  /** Changes the prices of many products in one UPDATE statement, bumping their versions; returns how many changed. */
  function bulkChangePrice(selection: RowSelection, change: PriceChange, options: WriteOptions = {}): Promise<Written<number>> {
    return write(
      async (_tx, history) => {
        const summary = 'setPrice' in change ? `Set the price to ${change.setPrice}` : `Changed prices by ${change.adjustPercent} %`;
        await history.begin('bulk-price', 'search' in selection && selection.search ? `${summary} (search “${selection.search}”)` : summary);
        const price = 'setPrice' in change ? sql`${change.setPrice}::numeric` : percentAdjustedPrice(change.adjustPercent);
        await history.updateWhere(selectionCondition(selection), sql`price = ${price}, ${BUMP_VERSION_SET}`);
        return history.count();
      },
      { ...options, receipt: countReceipt, operation: 'bulk-change-price', request: { selection, change } },
    );
  }

  /** Moves the ticked products to the trash; returns how many moved. */
  function bulkDelete(ids: number[], options: WriteOptions = {}): Promise<Written<number>> {
    return write(
      async (_tx, history) => {
        await history.begin('delete', 'Moved products to the trash');
        await history.updateWhere(selectionCondition({ ids }), sql`deleted_at = now(), ${BUMP_VERSION_SET}`);
        const moved = await history.count();
        history.describe(`Moved ${moved === 1 ? '1 product' : `${moved} products`} to the trash`);
        return moved;
      },
      { ...options, receipt: countReceipt, operation: 'bulk-delete', request: { ids } },
    );
  }

  /** Takes products out of the trash, as they were; returns how many came back. */
  function restore(ids: number[], options: WriteOptions = {}): Promise<Written<number>> {
    return write(
      async (_tx, history) => {
        await history.begin('restore', 'Restored from the trash');
        await history.updateWhere(and(inArray(products.id, ids), isNotNull(products.deletedAt))!, sql`deleted_at = null, ${BUMP_VERSION_SET}`);
        const restored = await history.count();
        history.describe(`Restored ${restored === 1 ? '1 product' : `${restored} products`} from the trash`);
        return restored;
      },
      { ...options, receipt: countReceipt, operation: 'restore', request: { ids } },
    );
  }

  /**
   * Deletes for good the products in the trash that were deleted at or
   * before `through` (PostgreSQL timestamp text, as trashSummary gives it):
   * never one deleted after the editor saw the count. Returns how many.
   */
  function emptyTrash(through: string, options: WriteOptions = {}): Promise<Written<number>> {
    return write(
      async (_tx, history) => {
        await history.begin('purge', 'Emptied the trash');
        await history.purgeWhere(and(isNotNull(products.deletedAt), lte(products.deletedAt, sql`${through}::timestamptz`))!);
        return history.count();
      },
      { ...options, receipt: countReceipt, operation: 'empty-trash', request: { through } },
    );
  }

  /**
   * Applies one batch of an import (import-batches.ts) in one transaction
   * with its history and its invalidation record. The batch adds to the
   * import's action `into.actionId` (null: it opens one, kind 'import',
   * summary `into.summary`), so a whole import is one change to undo.
   * `dryRun`: the same statements, rolled back; nothing is written or
   * invalidated. Outcomes: 'applied' (with the action now holding it, or null
   * when the batch changed nothing), 'already-applied' (an earlier run of
   * the same file applied this batch: nothing written, its lines returned),
   * 'would-apply' (dry run), or 'undone' (the import's action was undone
   * while it ran: nothing written).
   */
  async function importBatch(
    batch: ImportBatch,
    into: { runId: number; actionId: number | null; summary: string },
    options: Pick<WriteOptions, 'by'> & { dryRun?: boolean } = {},
  ): Promise<Written<{ outcome: ImportBatchOutcome | 'undone'; lines: ImportBatchLines; actionId: number | null }>> {
    const earlier = await withDatabaseErrors(() => appliedLines(db, batch.fileDigest, batch.number));
    const alreadyApplied = (lines: ImportBatchLines) => ({ value: { outcome: 'already-applied' as const, lines, actionId: into.actionId }, actionId: null, invalidation: 'done' as const, replayed: true });
    if (earlier) return alreadyApplied(earlier);
    try {
      const written = await write(
        async (tx, history) => {
          if (into.actionId !== null && !(await history.resume(into.actionId))) return { outcome: 'undone' as const, lines: { applied: [], unchanged: [], missing: [] }, actionId: into.actionId };
          if (into.actionId === null) await history.begin('import', into.summary);
          if (!options.dryRun) await claimBatch(tx, into.runId, batch);
          const lines = await applyImportRows(tx, history, batch.rows);
          if (!options.dryRun) await recordBatchLines(tx, into.runId, batch.number, lines);
          return { outcome: options.dryRun ? ('would-apply' as const) : ('applied' as const), lines, actionId: into.actionId ?? history.actionId };
        },
        { by: options.by, dryRun: options.dryRun },
      );
      // An action that changed nothing is dropped by finish(): the next batch opens one.
      return { ...written, value: { ...written.value, actionId: written.value.outcome === 'applied' ? (into.actionId ?? written.actionId) : into.actionId } };
    } catch (error) {
      if (!(error instanceof BatchAlreadyApplied)) throw error;
      return alreadyApplied((await withDatabaseErrors(() => appliedLines(db, batch.fileDigest, batch.number)))!);
    }
  }

  /** Deletes for good what has been in the trash longer than `days` days (the purge setting); returns how many. */
  function purgeExpired(days: number): Promise<Written<number>> {
    return write(async (_tx, history) => {
      await history.begin('purge', `Purged after ${days} days in the trash`);
      await history.purgeWhere(and(isNotNull(products.deletedAt), lt(products.deletedAt, sql`now() - make_interval(days => ${days})`))!);
      return history.count();
    });
  }

  /**
   * Purges what has been in the trash longer than `days` days now and every
   * `intervalMs` after (an hour by default); returns the function that stops
   * it. A cheap indexed check comes first, so an empty purge writes nothing.
   */
  function startTrashPurge(days: number, intervalMs = PRUNE_INTERVAL_MS): () => void {
    const due = and(isNotNull(products.deletedAt), lt(products.deletedAt, sql`now() - make_interval(days => ${days})`));
    const run = async () => {
      const [expired] = await db.select({ id: products.id }).from(products).where(due).limit(1);
      if (expired) await purgeExpired(days);
    };
    const tick = () => void run().catch((error: unknown) => (deps.log ?? console.error)(`trash purge failed: ${(error as Error).message}`));
    tick();
    const timer = setInterval(tick, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Undoes action `actionId` (undo.ts): throws UndoRefusedError or UndoConflictError, writing nothing, when it cannot. */
  function undo(actionId: number, mode: UndoMode, options: Pick<WriteOptions, 'by'> = {}): Promise<Written<UndoResult>> {
    return write((tx, history) => undoAction(tx, history, actionId, mode), options);
  }

  /** The tutorial's "Invalidate cache" button: drops every cached catalog entry (recorded first, so it happens even if the cache is down now). */
  async function invalidateCache(): Promise<InvalidationOutcome> {
    const recordId = outbox ? await withDatabaseErrors(() => outbox.record(db, PRODUCTS_NAMESPACE)) : null;
    return invalidateAfterCommit(recordId);
  }

  /** Completes every pending invalidation this process can (also what the sweep runs); returns how many remain. */
  function drainInvalidations(): Promise<number> {
    return outbox ? outbox.drain() : Promise.resolve(0);
  }

  /** Starts the outbox sweep (every intervalMs); returns the function that stops it. */
  function startInvalidationSweep(intervalMs: number): () => void {
    return outbox ? outbox.startSweeping(intervalMs) : () => {};
  }

  /** Whether reads of the catalog may use the cache now (false while this process may have missed an invalidation). */
  function cacheUsable(): boolean | Promise<boolean> {
    if (!cache) return false;
    return outbox ? outbox.cacheUsable(PRODUCTS_NAMESPACE) : true;
  }

  function pendingInvalidations(): Promise<number> {
    return outbox ? withDatabaseErrors(() => outbox.pendingCount()) : Promise.resolve(0);
  }

  /** The outbox's records and the oldest one's age, for health and metrics (all zero without a cache). */
  function invalidationBacklog(): Promise<OutboxBacklog> {
    return outbox ? withDatabaseErrors(() => outbox.backlog()) : Promise.resolve({ records: 0, oldestAgeSeconds: null, unreplicated: 0 });
  }

  return {
    listPage,
    exportRows,
    product,
    summaries,
    previewPriceChange,
    create,
    update,
    remove,
    bulkChangePrice,
    bulkDelete,
    restore,
    emptyTrash,
    purgeExpired,
    importBatch,
    startTrashPurge,
    undo,
    invalidateCache,
    drainInvalidations,
    startInvalidationSweep,
    pendingInvalidations,
    invalidationBacklog,
    cacheUsable,
  };
}

export type ProductRepository = ReturnType<typeof createProductRepository>;
