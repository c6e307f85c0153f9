'use server';
/**
 * Server actions for products: check the session, validate, write through the
 * data layer, refresh the page, answer. Each works as a plain POST before
 * JavaScript loads, answering it with 303 and a flash (lib/forms/respond.ts).
 */
import { revalidatePath } from 'next/cache';
import type { z } from 'zod';
import type { Editor } from '@/lib/auth/session';
import { textFields, type ActionState } from '@/lib/forms/action-state';
import { withSearchParams } from '@/lib/validation/list-url';
import { respond, returnPathOf } from '@/lib/forms/respond';
import type { PriceChange, RowSelection } from '@/lib/products';
import { serverRoot } from '@/lib/server';

const repository = async () => (await serverRoot()).repository;
import { encodeIdList } from '@/lib/validation/id-list';
import { parseProductId } from '@/lib/validation/product-id';
import { bulkInput, productCreateInput, productDeleteInput, productUpdateInput, type BulkInput } from '@/lib/validation/product';
import { plural } from '@/lib/forms/plural';
import { BULK_PREVIEW_SIZE, deleteQuestion, priceChangeQuestion } from './bulk-questions';
import { failed, invalid, saved } from './outcomes';
import { editorOrRefusal } from './write-access';

interface ActionSpec<Input> {
  /** What was typed, echoed back on failure; also what the schema checks unless `input` says otherwise. */
  values: Record<string, string>;
  input?: unknown;
  /** The fields that have inputs on the page; errors of any other field go to the form-level message. */
  visible: readonly string[];
  schema: z.ZodType<Input, unknown>;
  /** Runs the write as `by` (who the history names); throws the data layer's errors, which become messages. */
  write(input: Input, by: Editor): Promise<ActionState>;
  /**
   * Re-render the page in this response after a success (default true). A
   * delete says no: the row's question would vanish with its row before it
   * could announce the outcome and close; it navigates away instead.
   */
  refreshOnSuccess?: boolean;
  /** Leave the page as it is when the row turns out to be gone (an editor keeps it open). */
  keepPageWhenGone?: boolean;
}

/**
 * The state an action answers with. Every action checks the session itself:
 * hiding a button is not protection, and an action id copied from the page
 * must not work without a session. Nothing is written unless validation passes.
 */
async function outcomeOf<Input>({ values, input = values, visible, schema, write, refreshOnSuccess = true, keepPageWhenGone = false }: ActionSpec<Input>): Promise<ActionState> {
  const access = await editorOrRefusal(values);
  if ('refusal' in access) return access.refusal;
  const parsed = schema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, values, visible);
  try {
    const state = await write(parsed.data, access.editor);
    if (refreshOnSuccess || state.status !== 'saved') revalidatePath('/');
    return state;
  } catch (error) {
    const state = failed(error, values);
    // A conflict changes what the page should show. A vanished row does too, but an editor
    // stays open on it, with what was typed, until the person chooses what to do.
    if (!(state.status === 'failed' && state.gone && keepPageWhenGone)) revalidatePath('/');
    return state;
  }
}

/** A valid id from the form, to reopen that row's editor or confirmation after a redirect. */
const idOf = (formData: FormData) => parseProductId(formData.get('id'));

export async function createProduct(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await outcomeOf({
    values: textFields(formData, ['title', 'price', 'idempotencyKey']),
    visible: ['title', 'price'],
    schema: productCreateInput,
    write: async ({ idempotencyKey, ...input }, by) => {
      const written = await (await repository()).create(input, { idempotencyKey, by });
      return saved(`Created “${written.value.title}” (#${written.value.id}).`, written);
    },
  });
  return respond(state, 'create', await returnPathOf(formData));
}

export async function updateProduct(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await outcomeOf({
    values: textFields(formData, ['id', 'version', 'title', 'price']),
    visible: ['title', 'price'],
    schema: productUpdateInput,
    write: async (input, by) => {
      const written = await (await repository()).update(input, { by });
      return saved(`Saved “${written.value.title}”.`, written);
    },
    keepPageWhenGone: true,
  });
  const id = idOf(formData);
  const listPath = await returnPathOf(formData);
  // Without JavaScript, anything but success reopens the row's editor, where the flash shows it
  // (a deleted row's editor too: the page offers to create it again from what was typed).
  const reopen = state.status !== 'saved' && id !== null && (state.status !== 'failed' || state.gone === true);
  return respond(state, `edit:${id}`, reopen ? withSearchParams(listPath, { edit: id }) : listPath);
}

export async function deleteProduct(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await outcomeOf({
    values: textFields(formData, ['id', 'version']),
    visible: [],
    schema: productDeleteInput,
    write: async (input, by) => {
      const written = await (await repository()).remove(input, { by });
      return saved(`Moved “${written.value.title}” to the trash.`, written);
    },
    refreshOnSuccess: false,
  });
  const id = idOf(formData);
  const listPath = await returnPathOf(formData);
  const reopen = state.status === 'conflict' && id !== null;
  return respond(state, `delete:${id}`, reopen ? withSearchParams(listPath, { delete: id }) : listPath);
}

async function runBulk(request: BulkInput, by: Editor): Promise<ActionState> {
  const products = await repository();
  const options = { idempotencyKey: request.idempotencyKey, by };
  if (request.operation === 'delete') {
    const ids = request.scope === 'selected' ? request.ids : [];
    const written = await products.bulkDelete(ids, options);
    return saved(`Moved ${plural(written.value, 'product')} to the trash.`, written);
  }
  const { selection, change } = priceChangeOf(request);
  const written = await products.bulkChangePrice(selection, change, options);
  return saved(`Updated ${plural(written.value, 'product')}.`, written);
}

/** A price change request as the data layer takes it. */
function priceChangeOf(request: Exclude<BulkInput, { operation: 'delete' }>): { selection: RowSelection; change: PriceChange } {
  return {
    selection: request.scope === 'selected' ? { ids: request.ids } : { search: request.search },
    change: request.operation === 'set-price' ? { setPrice: request.price } : { adjustPercent: request.percent },
  };
}

/**
 * The question a bulk action asks before it runs, or null when it may run at
 * once: a delete always asks; a price change asks when it touches more than
 * a few rows (bulk-questions.ts). Echoed from the server, so nothing depends
 * on the page's state.
 */
async function questionFor(request: BulkInput, values: Record<string, string>): Promise<ActionState | null> {
  const products = await repository();
  if (request.operation === 'delete') return deleteQuestion(await products.summaries(request.scope === 'selected' ? request.ids : []), values);
  const { selection, change } = priceChangeOf(request);
  return priceChangeQuestion(await products.previewPriceChange(selection, change, BULK_PREVIEW_SIZE), request.scope === 'selected' ? request.ids : [], values);
}

/**
 * The bulk bar's server action: set price, adjust prices by a percentage, or
 * delete, on the ticked rows or on every row matching the search. A delete,
 * and a price change of many rows, first answer 'confirm' with a preview; they
 * run once posted again with confirmed=yes. Without JavaScript the answer is
 * a 303 (Post/Redirect/Get).
 */
export async function applyBulkAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const ids = formData.getAll('ids').filter((id): id is string => typeof id === 'string');
  const fields = textFields(formData, ['scope', 'search', 'operation', 'price', 'percent', 'confirmed', 'idempotencyKey']);
  const values: Record<string, string> = { ...fields, ids: ids.join(',') };
  const state = await outcomeOf({
    values,
    input: { ...fields, ids },
    visible: ['price', 'percent'],
    schema: bulkInput,
    write: async (request, by) => {
      if (request.operation === 'delete' && request.scope !== 'selected') {
        return { status: 'failed', message: 'Delete works on ticked rows only: tick the products to delete.', values };
      }
      if (values.confirmed !== 'yes') {
        const question = await questionFor(request, values);
        if (question) return question;
      }
      return runBulk(request, by);
    },
  });
  const listPath = await returnPathOf(formData);
  // Without JavaScript a delete's question has an address of its own; a price change's travels in the flash.
  if (state.status === 'confirm' && values.operation === 'delete') {
    return respond(state, 'bulk', withSearchParams(listPath, { 'confirm-delete': encodeIdList(state.selection.ids) }));
  }
  if (state.status === 'confirm') return respond(state, 'bulk', listPath);
  const keepTicks = state.status !== 'saved' && ids.length > 0 && ids.every((id) => parseProductId(id) !== null);
  return respond(state, 'bulk', keepTicks ? withSearchParams(listPath, { selected: encodeIdList(ids.map(Number)) }) : listPath);
}

export async function invalidateCache(_previous: ActionState, formData: FormData): Promise<ActionState> {
  let state: ActionState;
  const access = await editorOrRefusal({});
  if ('refusal' in access) {
    state = access.refusal;
  } else {
    try {
      const outcome = await (await repository()).invalidateCache();
      state =
        outcome === 'done'
          ? saved('Cache invalidated: the list below was read from the database and cached again.', { invalidation: outcome })
          : { status: 'failed', message: 'The cache is not reachable right now; it will be invalidated as soon as it is.', values: {} };
      revalidatePath('/');
    } catch (error) {
      state = failed(error, {});
    }
  }
  return respond(state, 'invalidate', await returnPathOf(formData));
}
