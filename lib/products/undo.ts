/**
 * Undo of one recorded action (history.ts), in one transaction: every
 * product it changed gets its fields from before the action back, but only
 * where the row still holds what the action left it holding. A row changed
 * since (by another editor, a later bulk change, a purge) is never
 * overwritten: it is a conflict. With mode 'all' any conflict refuses the
 * whole undo and reports the rows (as the editing conflict panel does);
 * mode 'rest' undoes the others and leaves those as they are.
 *
 * The undo is itself an action (kind 'undo', naming the undone one), so it
 * shows in history and can be undone in turn (a redo), which makes the
 * original undoable again. As django-reversion's revert, without its
 * silent overwrite of later changes.
 */
import { and, count, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Transaction } from '@/db/client';
import { changeActions, productChanges, products, type ProductSnapshot } from '@/db/schema';
import { BUMP_VERSION_SET, type ActionRecorder } from './history';

/** How many differing rows an answer lists; the count says how many there are in all. */
export const UNDO_CONFLICTS_SHOWN = 50;

/** A product the undo would not touch: what the action left it as, and what it holds now (null: purged). */
export interface UndoConflict {
  productId: number;
  expected: ProductSnapshot | null;
  current: ProductSnapshot | null;
}

export type UndoMode = 'all' | 'rest';

/** The undo could not run at all: no such action, already undone, or a purge (its products are gone for good). */
export class UndoRefusedError extends Error {
  static override [Symbol.hasInstance] = (value: unknown) => value instanceof Error && value.name === 'UndoRefusedError';
  override name = 'UndoRefusedError';
}

/**
 * Some rows changed since the action (mode 'all'): nothing was written.
 * `conflicts` are the first UNDO_CONFLICTS_SHOWN of `conflictCount`;
 * `undoableCount` rows could still be undone with mode 'rest'.
 */
export class UndoConflictError extends Error {
  static override [Symbol.hasInstance] = (value: unknown) => value instanceof Error && value.name === 'UndoConflictError';
  override name = 'UndoConflictError';
  constructor(
    readonly actionId: number,
    readonly summary: string,
    readonly conflicts: UndoConflict[],
    readonly conflictCount: number,
    readonly undoableCount: number,
  ) {
    super(`${conflictCount} of the products this change touched have changed since, so nothing was undone.`);
  }
}

export interface UndoResult {
  /** The undone action. */
  undoneActionId: number;
  undoneSummary: string;
  /** How many products went back; how many were left as they are (mode 'rest'). */
  reverted: number;
  skipped: number;
}

/**
 * A row differs from what the action left when it is gone, or any of its
 * fields is not what the action's `after` says. Fields, not versions: a row
 * changed and changed back (an undo, then its redo) holds exactly what the
 * action left, so reverting it loses nothing.
 */
const stillAsLeft = sql`(
  ${products.title} = ${productChanges.after}->>'title'
  and ${products.price} = (${productChanges.after}->>'price')::numeric
  and (${products.deletedAt} is not null) = (${productChanges.after}->>'deleted')::boolean)`;
const differs = or(isNull(products.id), isNull(productChanges.after), sql`not ${stillAsLeft}`);

/**
 * Undoes action `targetId` within `tx`, recording the undo in `history`
 * (not begun yet). Throws UndoRefusedError or UndoConflictError; locks the
 * action and its products, so two undos of one action run one after the
 * other and the second is refused.
 */
export async function undoAction(tx: Transaction, history: ActionRecorder, targetId: number, mode: UndoMode): Promise<UndoResult> {
  const [target] = await tx.select().from(changeActions).where(eq(changeActions.id, targetId)).for('update');
  if (!target) throw new UndoRefusedError(`There is no change #${targetId} to undo.`);
  if (target.undoneByActionId !== null) throw new UndoRefusedError(`Change #${targetId} was already undone (by change #${target.undoneByActionId}).`);
  if (target.kind === 'purge') throw new UndoRefusedError('Products deleted from the trash are gone for good: that cannot be undone.');

  // Lock every product the action touched (in id order, as every write) before comparing versions: nothing changes them until commit.
  const touched = tx.select({ id: productChanges.productId }).from(productChanges).where(eq(productChanges.actionId, targetId));
  await tx.select({ id: products.id }).from(products).where(inArray(products.id, touched)).orderBy(products.id).for('update');

  const fromChanges = tx
    .select({ total: count() })
    .from(productChanges)
    .leftJoin(products, eq(products.id, productChanges.productId))
    .where(and(eq(productChanges.actionId, targetId), differs));
  const [{ total: conflictCount } = { total: 0 }] = await fromChanges;
  const [{ total: allCount } = { total: 0 }] = await tx.select({ total: count() }).from(productChanges).where(eq(productChanges.actionId, targetId));
  const undoableCount = allCount - conflictCount;

  if (conflictCount > 0 && (mode === 'all' || undoableCount === 0)) {
    const rows = await tx
      .select({ productId: productChanges.productId, expected: productChanges.after, title: products.title, price: products.price, deletedAt: products.deletedAt })
      .from(productChanges)
      .leftJoin(products, eq(products.id, productChanges.productId))
      .where(and(eq(productChanges.actionId, targetId), differs))
      .orderBy(productChanges.productId)
      .limit(UNDO_CONFLICTS_SHOWN);
    const conflicts = rows.map(({ productId, expected, title, price, deletedAt }) => ({
      productId,
      expected,
      current: title === null || price === null ? null : { title, price, deleted: deletedAt !== null },
    }));
    throw new UndoConflictError(targetId, target.summary, conflicts, conflictCount, undoableCount);
  }

  const undoId = await history.begin('undo', `Undid “${target.summary}”`, targetId);
  await history.updateRows(
    sql`select products.id as old_id, products.title as old_title, products.price as old_price, products.deleted_at as old_deleted_at, product_changes.before as target_before
        from products join product_changes on product_changes.product_id = products.id and product_changes.action_id = ${targetId}::bigint
        where ${stillAsLeft}
        order by products.id
        for update of products`,
    sql`title = coalesce(old.target_before->>'title', products.title),
        price = coalesce((old.target_before->>'price')::numeric, products.price),
        deleted_at = case when old.target_before is null or (old.target_before->>'deleted')::boolean then coalesce(products.deleted_at, now()) else null end,
        ${BUMP_VERSION_SET}`,
  );
  const reverted = await history.count();
  await tx.update(changeActions).set({ undoneByActionId: undoId }).where(eq(changeActions.id, targetId));
  // Undoing an undo is a redo: the change it had undone may be undone again.
  if (target.kind === 'undo' && target.undoesActionId !== null) {
    await tx.update(changeActions).set({ undoneByActionId: null }).where(eq(changeActions.id, target.undoesActionId));
  }
  return { undoneActionId: targetId, undoneSummary: target.summary, reverted, skipped: allCount - reverted };
}
