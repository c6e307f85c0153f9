/** The SQL behind the catalog, free of caching concerns. */
import { and, asc, count, desc, eq, getTableColumns, ilike, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { products, type Product } from '@/db/schema';
import type { ListQuery, SortColumn } from '@/lib/validation/list-query';

export interface ProductPage {
  rows: Product[];
  total: number;
}

function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** Rows not in the trash: every list, count, read and bulk change sees only these. */
export const live = isNull(products.deletedAt);

/** The live rows whose title contains `search` (case-insensitive); every live row for ''. */
export function titleMatches(search: string): SQL {
  return search ? and(live, ilike(products.title, `%${escapeLikePattern(search)}%`))! : live;
}

/** Which rows a bulk write touches. */
export type RowSelection = { ids: number[] } | { search: string };

/** The live rows a selection names. */
export function selectionCondition(selection: RowSelection): SQL {
  return 'ids' in selection ? and(live, inArray(products.id, selection.ids))! : titleMatches(selection.search);
}

/** What each sortable column orders by; each has an index with id (see db/schema.ts). */
const SORT_EXPRESSIONS: Record<SortColumn, SQL> = {
  created: sql`${products.createdAt}`,
  updated: sql`${products.updatedAt}`,
  title: sql`lower(${products.title})`,
  price: sql`${products.price}`,
};

/** The page's order: the chosen column, then id in the same direction, so equal values keep a stable order. */
function ordering({ sort, dir }: Pick<ListQuery, 'sort' | 'dir'>): SQL[] {
  const direction = dir === 'asc' ? asc : desc;
  return [direction(SORT_EXPRESSIONS[sort]), direction(products.id)];
}

/** How each sort column's value is read back exactly (as text) and compared again (cast from it). */
const SORT_CASTS: Record<SortColumn, SQL> = {
  created: sql`timestamptz`,
  updated: sql`timestamptz`,
  title: sql`text`,
  price: sql`numeric`,
};

/** Where the previous batch of an ordered scan ended: its last row's sort value (as text) and id. */
export interface ScanPosition {
  sortValue: string;
  id: number;
}

/**
 * The next `limit` rows of the list's order after `after` (keyset
 * pagination: each batch is an index range, not a deeper OFFSET), each with
 * its sort value as exact text for the next call. For exports of every page.
 */
export async function selectBatchAfter(
  db: Database,
  query: Pick<ListQuery, 'q' | 'sort' | 'dir'>,
  after: ScanPosition | null,
  limit: number,
): Promise<Array<Product & { sortValue: string }>> {
  const key = SORT_EXPRESSIONS[query.sort];
  const beyond = after
    ? query.dir === 'asc'
      ? sql`(${key}, ${products.id}) > (cast(${after.sortValue} as ${SORT_CASTS[query.sort]}), ${after.id})`
      : sql`(${key}, ${products.id}) < (cast(${after.sortValue} as ${SORT_CASTS[query.sort]}), ${after.id})`
    : undefined;
  const search = titleMatches(query.q);
  const where = beyond ? and(search, beyond) : search;
  return db
    .select({ ...getTableColumns(products), sortValue: sql<string>`(${key})::text` })
    .from(products)
    .where(where)
    .orderBy(...ordering(query))
    .limit(limit);
}

export async function selectPage(db: Database, query: ListQuery): Promise<ProductPage> {
  const { page, size, q } = query;
  const where = titleMatches(q);
  const [rows, totals] = await Promise.all([
    db
      .select()
      .from(products)
      .where(where)
      .orderBy(...ordering(query))
      .limit(size)
      .offset((page - 1) * size),
    db.select({ total: count() }).from(products).where(where),
  ]);
  return { rows, total: totals[0]?.total ?? 0 };
}

/** The live product `id`, or null when it does not exist or is in the trash. */
export async function selectProduct(db: Database, id: number): Promise<Product | null> {
  const [row] = await db.select().from(products).where(and(live, eq(products.id, id)));
  return row ?? null;
}

/** price changed by a percentage, in PostgreSQL's exact numeric arithmetic, rounded to cents once. */
export function percentAdjustedPrice(percent: string): SQL {
  return sql`round(${products.price} * (100 + ${percent}::numeric) / 100, 2)`;
}
