/**
 * Reading the history (history.ts) and the trash, for the Recent changes,
 * change, product History and Trash pages. Always from the primary and never
 * cached: an editor who just changed something must see it here at once,
 * and these pages are read by few.
 */
import { and, count, desc, eq, gte, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { changeActions, editors, productChanges, products, type Product, type ProductSnapshot } from '@/db/schema';
import type { ActionFilter, ActionKind } from '@/lib/validation/changes-query';

/** One recorded action as the pages show it. */
export interface ActionView {
  id: number;
  editorName: string;
  kind: ActionKind;
  summary: string;
  productCount: number;
  createdAt: Date;
  undoesActionId: number | null;
  undoneByActionId: number | null;
}

/** What one action did to one product. */
export interface ChangeView {
  productId: number;
  before: ProductSnapshot | null;
  after: ProductSnapshot | null;
}

export interface Paged<T> {
  rows: T[];
  total: number;
}

/** Whether the pages offer Undo for `action`: not undone yet, and not a purge (its products are gone). */
export const undoable = (action: Pick<ActionView, 'kind' | 'undoneByActionId'>): boolean => action.kind !== 'purge' && action.undoneByActionId === null;

const actionColumns = {
  id: changeActions.id,
  editorName: changeActions.editorName,
  kind: changeActions.kind,
  summary: changeActions.summary,
  productCount: changeActions.productCount,
  createdAt: changeActions.createdAt,
  undoesActionId: changeActions.undoesActionId,
  undoneByActionId: changeActions.undoneByActionId,
};

const asView = (row: { kind: string } & Omit<ActionView, 'kind'>): ActionView => ({ ...row, kind: row.kind as ActionKind });

function filterCondition(filter: ActionFilter): SQL | undefined {
  const parts: SQL[] = [];
  if (filter.editor) parts.push(eq(sql`lower(${changeActions.editorName})`, filter.editor.toLowerCase()));
  if (filter.kind) parts.push(eq(changeActions.kind, filter.kind));
  if (filter.from) parts.push(gte(changeActions.createdAt, sql`${filter.from}::date::timestamptz`));
  if (filter.to) parts.push(lt(changeActions.createdAt, sql`(${filter.to}::date + 1)::timestamptz`));
  return parts.length ? and(...parts) : undefined;
}

/** The catalog's actions matching `filter`, newest first, `size` per page (page 1 first). */
export async function recentActions(db: Database, filter: ActionFilter, page: number, size: number): Promise<Paged<ActionView>> {
  const where = filterCondition(filter);
  const [rows, totals] = await Promise.all([
    db
      .select(actionColumns)
      .from(changeActions)
      .where(where)
      .orderBy(desc(changeActions.createdAt), desc(changeActions.id))
      .limit(size)
      .offset((page - 1) * size),
    db.select({ total: count() }).from(changeActions).where(where),
  ]);
  return { rows: rows.map(asView), total: totals[0]?.total ?? 0 };
}

/** Action `id` and one page of the products it changed (by product id), or null when there is no such action. */
export async function actionDetail(db: Database, id: number, page: number, size: number): Promise<{ action: ActionView; changes: Paged<ChangeView> } | null> {
  const [action] = await db.select(actionColumns).from(changeActions).where(eq(changeActions.id, id));
  if (!action) return null;
  const rows = await db
    .select({ productId: productChanges.productId, before: productChanges.before, after: productChanges.after })
    .from(productChanges)
    .where(eq(productChanges.actionId, id))
    .orderBy(productChanges.productId)
    .limit(size)
    .offset((page - 1) * size);
  return { action: asView(action), changes: { rows, total: action.productCount } };
}

/** Every change to product `productId`, newest first, with the action that made it (Django admin's History page). */
export async function productHistory(db: Database, productId: number, page: number, size: number): Promise<Paged<ChangeView & { action: ActionView }>> {
  const where = eq(productChanges.productId, productId);
  const [rows, totals] = await Promise.all([
    db
      .select({ productId: productChanges.productId, before: productChanges.before, after: productChanges.after, action: actionColumns })
      .from(productChanges)
      .innerJoin(changeActions, eq(changeActions.id, productChanges.actionId))
      .where(where)
      .orderBy(desc(productChanges.actionId))
      .limit(size)
      .offset((page - 1) * size),
    db.select({ total: count() }).from(productChanges).where(where),
  ]);
  return { rows: rows.map((row) => ({ ...row, action: asView(row.action) })), total: totals[0]?.total ?? 0 };
}

/** The product row `id` whether live or in the trash (a History page names it either way), or null once purged. */
export async function anyProduct(db: Database, id: number): Promise<Product | null> {
  const [row] = await db.select().from(products).where(eq(products.id, id));
  return row ?? null;
}

/** Every editor's name, for Recent changes' filter. */
export async function editorNames(db: Database): Promise<string[]> {
  return (await db.select({ name: editors.name }).from(editors).orderBy(editors.name)).map((row) => row.name);
}

const inTrash = isNotNull(products.deletedAt);

/** One page of the trash, most recently deleted first. */
export async function trashPage(db: Database, page: number, size: number): Promise<Paged<Product>> {
  const [rows, totals] = await Promise.all([
    db
      .select()
      .from(products)
      .where(inTrash)
      .orderBy(desc(products.deletedAt), desc(products.id))
      .limit(size)
      .offset((page - 1) * size),
    db.select({ total: count() }).from(products).where(inTrash),
  ]);
  return { rows, total: totals[0]?.total ?? 0 };
}

/**
 * How many products the trash holds, and when the newest of them was deleted
 * (PostgreSQL's exact text, to the microsecond, for emptyTrash's bound; null when empty).
 */
export async function trashSummary(db: Database): Promise<{ count: number; newestDeletedAt: string | null }> {
  const [row] = await db
    .select({ total: count(), newest: sql<string | null>`max(${products.deletedAt})::text` })
    .from(products)
    .where(inTrash);
  return { count: row?.total ?? 0, newestDeletedAt: row?.newest ?? null };
}
