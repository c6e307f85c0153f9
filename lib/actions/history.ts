'use server';
/**
 * Server actions of the editor's safety net: undo a change, restore from the
 * trash, empty the trash. Each checks the session itself, works as a plain
 * POST before JavaScript loads (303 and a flash, lib/forms/respond.ts), and
 * writes through the data layer, which records the history and invalidates
 * the cache after commit like every other write.
 */
import { revalidatePath } from 'next/cache';
import type { ProductSnapshot } from '@/lib/products/types';
import type { ActionState } from '@/lib/forms/action-state';
import { formatMoney } from '@/lib/forms/money';
import { plural } from '@/lib/forms/plural';
import { respond, returnPathOf } from '@/lib/forms/respond';
import { UndoConflictError, UndoRefusedError, type UndoMode } from '@/lib/products/undo';
import { serverRoot } from '@/lib/server';
import { parseProductId } from '@/lib/validation/product-id';
import { MAX_BULK_IDS } from '@/lib/validation/limits';
import { failed, saved } from './outcomes';
import { editorOrRefusal } from './write-access';

const repository = async () => (await serverRoot()).repository;

const describe = (snapshot: ProductSnapshot | null) =>
  snapshot === null ? null : `${snapshot.title} · ${formatMoney(snapshot.price)}${snapshot.deleted ? ' (in the trash)' : ''}`;

/** Every page that shows products or their history may have changed. */
function refreshPages() {
  revalidatePath('/', 'layout');
}

async function undoOutcome(formData: FormData): Promise<ActionState> {
  const access = await editorOrRefusal({});
  if ('refusal' in access) return access.refusal;
  const actionId = parseProductId(formData.get('actionId'));
  const mode = formData.get('mode');
  if (actionId === null || (mode !== 'all' && mode !== 'rest')) {
    return { status: 'failed', message: 'That undo request names no change (its form was altered). Nothing was undone.', values: {} };
  }
  try {
    const written = await (await repository()).undo(actionId, mode as UndoMode, { by: access.editor });
    const { reverted, skipped, undoneSummary } = written.value;
    refreshPages();
    const left = skipped > 0 ? ` ${plural(skipped, 'product')} changed since ${skipped === 1 ? 'was' : 'were'} left as ${skipped === 1 ? 'it is' : 'they are'}.` : '';
    return saved(`Undid “${undoneSummary}”: ${plural(reverted, 'product')} back as before.${left}`, written, 'Undo this undo');
  } catch (error) {
    if (error instanceof UndoConflictError) {
      return {
        status: 'undo-conflict',
        message: `${plural(error.conflictCount, 'product')} changed since “${error.summary}”, so nothing was undone. Undo the other ${plural(error.undoableCount, 'product')}, or keep everything as it is.`,
        actionId: error.actionId,
        conflicts: error.conflicts.map((conflict) => ({ productId: conflict.productId, leftAs: describe(conflict.expected) ?? '', now: describe(conflict.current) })),
        conflictCount: error.conflictCount,
        undoableCount: error.undoableCount,
      };
    }
    if (error instanceof UndoRefusedError) return { status: 'failed', message: error.message, values: {} };
    return failed(error, {});
  }
}

/** Undo (mode 'all') or "undo the rest" (mode 'rest') of the change named by the form's actionId. */
export async function undoChange(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await undoOutcome(formData);
  return respond(state, 'undo', await returnPathOf(formData));
}

async function restoreOutcome(formData: FormData): Promise<ActionState> {
  const access = await editorOrRefusal({});
  if ('refusal' in access) return access.refusal;
  const raw = formData.getAll('ids');
  const ids = raw.map(parseProductId);
  if (ids.length === 0) return { status: 'failed', message: 'Tick the products to restore first. Nothing was restored.', values: {} };
  if (ids.length > MAX_BULK_IDS || ids.some((id) => id === null)) {
    return { status: 'failed', message: `That restore names something that is not a product (or more than ${plural(MAX_BULK_IDS, 'product')}). Nothing was restored.`, values: {} };
  }
  try {
    const written = await (await repository()).restore(ids as number[], { by: access.editor });
    refreshPages();
    if (written.value === 0) return { status: 'failed', message: 'Those products are no longer in the trash (restored or purged meanwhile). Nothing was restored.', values: {} };
    return saved(`Restored ${plural(written.value, 'product')} from the trash.`, written);
  } catch (error) {
    return failed(error, {});
  }
}

/** Restores the ticked products (or the one whose button was pressed) from the trash. */
export async function restoreFromTrash(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await restoreOutcome(formData);
  return respond(state, 'trash', await returnPathOf(formData));
}

async function emptyOutcome(formData: FormData): Promise<ActionState> {
  const access = await editorOrRefusal({});
  if ('refusal' in access) return access.refusal;
  const through = formData.get('through');
  // The newest deletion the confirmation counted, as PostgreSQL wrote it: nothing deleted later goes.
  if (typeof through !== 'string' || !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d)?$/.test(through)) {
    return { status: 'failed', message: 'That confirmation is incomplete (its form was altered). Nothing was deleted.', values: {} };
  }
  try {
    const written = await (await repository()).emptyTrash(through, { by: access.editor });
    refreshPages();
    return { status: 'saved', message: `Deleted ${plural(written.value, 'product')} for good.`, at: Date.now() };
  } catch (error) {
    return failed(error, {});
  }
}

/** Deletes for good what the trash held when its confirmation was shown. */
export async function emptyTrash(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await emptyOutcome(formData);
  return respond(state, 'trash', '/trash');
}
