/**
 * The catalog's data layer: the only code that reads or writes products.
 *
 * Reads go through the read-through cache. Every write commits first (each is
 * one SQL statement, so PostgreSQL commits it atomically), then invalidates
 * the products namespace, and only then returns.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { products, type Product } from '@/db/schema';
import type { ListQuery } from '@/lib/validation/list-query';
import type { ProductInput, ProductUpdateInput } from '@/lib/validation/product';
import { withDatabaseErrors } from './database-errors';
import { ProductNotFoundError } from './errors';
import { createCatalogInvalidator, type InvalidationOutcome, type Invalidator } from './invalidation';
import { listPageKey, productKey, PRODUCTS_NAMESPACE } from './keys';
import {
  bumpVersion,
  percentAdjustedPrice,
  selectionCondition,
  selectPage,
  selectProduct,
  type ProductPage,
  type RowSelection,
} from './queries';

export interface ReadThroughCache extends Invalidator {
  cached<T>(key: string, loader: () => Promise<T>, options?: { namespace?: string }): Promise<T>;
}

export interface Written<T> {
  value: T;
  /** 'pending-retry' when the write committed but the cache could not be told yet. */
  invalidation: InvalidationOutcome;
}

export type PriceChange = { setPrice: string } | { adjustPercent: string };

export interface RepositoryDeps {
  db: Database;
  cache: ReadThroughCache | null;
  ttlSeconds: number;
  /** Where invalidation trouble is reported; default console.error. */
  log?: (message: string) => void;
}

export function createProductRepository(deps: RepositoryDeps) {
  const { db, cache } = deps;
  const invalidateCatalog = cache
    ? createCatalogInvalidator(cache, { ttlSeconds: deps.ttlSeconds, log: deps.log })
    : async (): Promise<InvalidationOutcome> => 'done';

  async function committedThenInvalidated<T>(write: () => Promise<T>): Promise<Written<T>> {
    const value = await withDatabaseErrors(write);
    return { value, invalidation: await invalidateCatalog() };
  }

  function listPage(query: ListQuery): Promise<ProductPage> {
    const load = () => withDatabaseErrors(() => selectPage(db, query));
    return cache ? cache.cached(listPageKey(query), load, { namespace: PRODUCTS_NAMESPACE }) : load();
  }

  /** One product row, or null when it does not exist; cached in the same namespace as the lists. */
  function product(id: number): Promise<Product | null> {
    const load = () => withDatabaseErrors(() => selectProduct(db, id));
    return cache ? cache.cached(productKey(id), load, { namespace: PRODUCTS_NAMESPACE }) : load();
  }

  function create(input: ProductInput): Promise<Written<Product>> {
    return committedThenInvalidated(async () => {
      const [row] = await db.insert(products).values({ title: input.title, price: input.price }).returning();
      return row!;
    });
  }

  function update(input: ProductUpdateInput): Promise<Written<Product>> {
    return committedThenInvalidated(async () => {
      const [row] = await db
        .update(products)
        .set({ title: input.title, price: input.price, ...bumpVersion })
        .where(eq(products.id, input.id))
        .returning();
      if (!row) throw new ProductNotFoundError(input.id);
      return row;
    });
  }

  function remove(id: number): Promise<Written<Product>> {
    return committedThenInvalidated(async () => {
      const [row] = await db.delete(products).where(eq(products.id, id)).returning();
      if (!row) throw new ProductNotFoundError(id);
      return row;
    });
  }

  /** Changes the prices of many products in one UPDATE statement; returns how many changed. */
  function bulkChangePrice(selection: RowSelection, change: PriceChange): Promise<Written<number>> {
    return committedThenInvalidated(async () => {
      const price = 'setPrice' in change ? change.setPrice : percentAdjustedPrice(change.adjustPercent);
      const changed = await db
        .update(products)
        .set({ price, ...bumpVersion })
        .where(selectionCondition(selection))
        .returning({ id: products.id });
      return changed.length;
    });
  }

  function bulkDelete(ids: number[]): Promise<Written<number>> {
    return committedThenInvalidated(async () => {
      const deleted = await db.delete(products).where(selectionCondition({ ids })).returning({ id: products.id });
      return deleted.length;
    });
  }

  /** The tutorial's "Invalidate cache" button: drops every cached catalog entry. */
  function invalidateCache(): Promise<InvalidationOutcome> {
    return invalidateCatalog();
  }

  return { listPage, product, create, update, remove, bulkChangePrice, bulkDelete, invalidateCache };
}

export type ProductRepository = ReturnType<typeof createProductRepository>;
