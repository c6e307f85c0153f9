/**
 * The history of every change (db/schema.ts change_actions and
 * product_changes), written inside the change's own transaction: a change
 * and its history commit together or not at all. Each helper here changes
 * products and records, per product, its fields before and after and the
 * version it reached, in the same statement (a data-modifying CTE), so a
 * bulk change of 100,000 rows never passes through this process's memory.
 *
 * The model is django-simple-history's: a history row per changed object,
 * grouped by the action (Django admin's LogEntry) that made it.
 */
import { count, eq, sql, type SQL } from 'drizzle-orm';
import type { Transaction } from '@/db/client';
import { changeActions, productChanges, type Product, type ProductSnapshot } from '@/db/schema';

import type { ActionKind } from '@/lib/validation/changes-query';

export type { ActionKind };

/** Who made a change: an editor (lib/auth/session.ts), or a script (id null). */
export interface Actor {
  id: number | null;
  name: string;
}

/** What scripts, seeds and tests write as when they name nobody. */
export const SYSTEM_ACTOR: Actor = { id: null, name: 'system' };

/** The snapshot of a product row's fields, as SQL over the given column expressions. */
const snapshotSql = (title: SQL, price: SQL, deletedAt: SQL) =>
  sql`jsonb_build_object('title', ${title}, 'price', (${price})::text, 'deleted', ${deletedAt} is not null)`;

/**
 * One action being recorded within a transaction: begin() opens its row,
 * the helpers add product changes to it, finish() counts them (and drops an
 * action that changed nothing, a repeated save, so history holds only
 * changes).
 */
export class ActionRecorder {
  private id: number | null = null;
  private summary: string | null = null;

  constructor(
    private readonly tx: Transaction,
    private readonly by: Actor,
  ) {}

  /** The open action's id; begin() must have run. */
  get actionId(): number {
    if (this.id === null) throw new Error('ActionRecorder: begin() first');
    return this.id;
  }

  /** Opens the action's row. `undoes`: the action an undo reverts. */
  async begin(kind: ActionKind, summary: string, undoes?: number): Promise<number> {
    const [row] = await this.tx
      .insert(changeActions)
      .values({ editorId: this.by.id, editorName: this.by.name, kind, summary, undoesActionId: undoes ?? null })
      .returning({ id: changeActions.id });
    this.id = row!.id;
    return this.id;
  }

  /**
   * Continues action `actionId` in this transaction instead of opening one
   * (an import's later batches add to the action its first batch opened):
   * locks the action's row, as an undo does, so the two take turns. False,
   * and nothing continued, when the action is gone or has been undone.
   */
  async resume(actionId: number): Promise<boolean> {
    const [row] = await this.tx
      .select({ undoneBy: changeActions.undoneByActionId })
      .from(changeActions)
      .where(eq(changeActions.id, actionId))
      .for('update');
    if (!row || row.undoneBy !== null) return false;
    this.id = actionId;
    return true;
  }

  /** Replaces the summary begin() wrote, once what the action did is known ("Moved 12 products to the trash"). */
  describe(summary: string): void {
    this.summary = summary;
  }

  /** How many products the action has changed so far. */
  async count(): Promise<number> {
    const [row] = await this.tx.select({ total: count() }).from(productChanges).where(eq(productChanges.actionId, this.actionId));
    return row?.total ?? 0;
  }

  /**
   * Runs `UPDATE products SET <set>` on the rows `source` selects, locking
   * them, and records each row's before and after. `source` is a SELECT …
   * FOR UPDATE yielding old_id, old_title, old_price, old_deleted_at (and
   * whatever `set` reads from `old`), ordered by id: rows locked in one
   * order, so two writes over the same rows queue instead of deadlocking.
   * `set` assigns products' columns and must bump version. Returns nothing:
   * finish() counts.
   */
  async updateRows(source: SQL, set: SQL): Promise<void> {
    await this.tx.execute(sql`
      with old as (${source}),
      changed as (
        update products set ${set} from old where products.id = old.old_id
        returning products.id, products.title, products.price, products.deleted_at, products.version, old.old_title, old.old_price, old.old_deleted_at
      )
      insert into product_changes (action_id, product_id, before, after, version_after)
      select ${this.actionId}::bigint, id,
        ${snapshotSql(sql`old_title`, sql`old_price`, sql`old_deleted_at`)},
        ${snapshotSql(sql`title`, sql`price`, sql`deleted_at`)},
        version
      from changed`);
  }

  /** updateRows over the products matching `where` (drizzle conditions on products' columns). */
  updateWhere(where: SQL, set: SQL): Promise<void> {
    return this.updateRows(
      sql`select id as old_id, title as old_title, price as old_price, deleted_at as old_deleted_at from products where ${where} order by id for update`,
      set,
    );
  }

  /** Deletes the products matching `where` for good, recording each as it was (after: null). */
  async purgeWhere(where: SQL): Promise<void> {
    await this.tx.execute(sql`
      with gone as (delete from products where ${where} returning id, title, price, deleted_at)
      insert into product_changes (action_id, product_id, before, after, version_after)
      select ${this.actionId}::bigint, id, ${snapshotSql(sql`title`, sql`price`, sql`deleted_at`)}, null, null from gone`);
  }

  /** Records rows just inserted (before: null). */
  async recordCreated(rows: readonly Product[]): Promise<void> {
    if (rows.length === 0) return;
    const snapshot = (row: Product): ProductSnapshot => ({ title: row.title, price: row.price, deleted: row.deletedAt !== null });
    await this.tx.insert(productChanges).values(rows.map((row) => ({ actionId: this.actionId, productId: row.id, before: null, after: snapshot(row), versionAfter: row.version })));
  }

  /**
   * Counts the action's product changes into its row; an action that changed
   * nothing is deleted. Returns the action's id, or null when deleted or
   * never begun.
   */
  async finish(): Promise<number | null> {
    if (this.id === null) return null;
    const id = this.id;
    const [row] = await this.tx
      .update(changeActions)
      .set({
        productCount: sql`(select count(*) from ${productChanges} where ${productChanges.actionId} = ${id})::int`,
        ...(this.summary === null ? {} : { summary: this.summary }),
      })
      .where(eq(changeActions.id, id))
      .returning({ productCount: changeActions.productCount });
    if ((row?.productCount ?? 0) > 0) return id;
    await this.tx.delete(changeActions).where(eq(changeActions.id, id));
    return null;
  }
}

/** The columns every write touches besides its own: a new version (optimistic concurrency) and a fresh updated_at. */
export const BUMP_VERSION_SET = sql`version = products.version + 1, updated_at = now()`;
